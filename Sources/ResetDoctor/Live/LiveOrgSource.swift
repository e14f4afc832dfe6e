import Foundation
import Salesforce
import SalesforceAPI

/// Gathers an org bundle from a live org: the users page by page, their UserLogin, permission set and login rows in
/// chunks of Ids as each page arrives, and the org-wide parts meanwhile (`OrgQueryPipeline`), all as bundle files read
/// back through `OrgBundleLoader` (capture = replay, as for a ticket).
public struct LiveOrgSource: Sendable {
    public var client: SalesforceClient
    public var window: TimeInterval
    public var instanceURL: @Sendable () -> String?
    public var clock: @Sendable () -> Date
    /// Users per chunked query (UserLogin, PermissionSetAssignment, LoginHistory): an `IN` list short enough for a URL.
    public var idsPerQuery = 200
    /// Requests in flight at once: a page of 2,000 users completes 10 chunks of 3 queries, so 32 (with the next page)
    /// keep each page's queries to one round trip.
    public var queriesInFlight = LiveOrgSource.defaultQueriesInFlight
    public static let defaultQueriesInFlight = 32

    public init(connection: LiveConnection, window: TimeInterval = LiveEvidenceSource.defaultWindow) {
        let provider = connection.provider
        self.init(client: connection.client, window: window, instanceURL: { provider.instanceURL }, clock: connection.clock)
    }

    public init(
        client: SalesforceClient, window: TimeInterval = LiveEvidenceSource.defaultWindow,
        instanceURL: @escaping @Sendable () -> String? = { nil }, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client; self.window = window; self.instanceURL = instanceURL; self.clock = clock
    }

    public func gather(users query: OrgUserQuery) async throws(LiveError) -> OrgCapture {
        let now = Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
        let since = now.addingTimeInterval(-window)
        let soql: [String]
        do { soql = try query.soql() } catch { throw .badCondition(error) }
        let orgParts = LivePart.batch(userId: "", since: since, until: now).filter { !$0.perUser } + [LivePart.organization]
        let pipeline = OrgQueryPipeline(client: client, inFlight: queriesInFlight, idsPerQuery: idsPerQuery, since: since, until: now)
        let gathered = try await pipeline.run(userQueries: soql, orgParts: orgParts)
        var files: [String: Data] = [:]
        var notes: [String] = []
        files["user.json"] = try QueryBodies.merged(gathered.userPages, file: "user.json", uniqueBy: "Id")

        var refused: [String: String] = [:]
        var orgBody: Data?
        // In the order the parts were sent, so the notes come in the same order on every run.
        var fileOrder: [String] = []
        for answer in gathered.answers where !fileOrder.contains(answer.part.file) { fileOrder.append(answer.part.file) }
        for file in fileOrder {
            let mine = gathered.answers.filter { $0.part.file == file }
            if let refusal = mine.compactMap(\.refusal).first {
                if file != LivePart.organization.file { refused[file] = refusal; notes.append(refusal) }
                continue
            }
            if file == LivePart.organization.file { orgBody = mine.first?.body; continue }
            files[file] = try QueryBodies.merged(mine.map(\.body), file: file, uniqueBy: nil)
        }
        let manifest = BundleManifest(
            capturedAt: now, subject: "", window: .init(from: since, to: now),
            org: orgBody.map { OrganizationFacts.parse($0, instanceURL: instanceURL()) } ?? BundleManifest.Org(instanceUrl: instanceURL()),
            scope: .org)
        files["manifest.json"] = ManifestWriter.data(manifest)
        let bundleFiles = BundleFiles(files: files, origin: "")
        var bundle: OrgBundle
        do { bundle = try OrgBundleLoader.load(files: bundleFiles) }
        catch let error as BundleError { throw .unreadableAnswer(file: error.path, problem: error.problem) }
        catch { throw .unreadableAnswer(file: "the evidence", problem: "\(error)") }
        bundle.explainRefusals(refused)
        if refused["audit-trail.json"] == nil, files["org-settings.json"] == nil {
            bundle.org.orgSettings = .missing(reason: "no API reads the deliverability level; it is read from the audit trail")
        }
        bundle.notes += notes
        return OrgCapture(files: bundleFiles, bundle: bundle, queries: soql.count + gathered.answers.count, userPages: gathered.userPages.count)
    }

    struct Answer: Sendable {
        var part: LivePart
        var body: Data
        var refusal: String?
    }
}

/// An org capture: the bundle files (what `bundle --scope org` writes) and the org bundle loaded from them.
public struct OrgCapture: Sendable {
    public var files: BundleFiles
    public var bundle: OrgBundle
    /// Queries sent after auth: the user queries and every part (a part or user query of several pages is one).
    public var queries: Int
    /// User pages read (nextRecordsUrl): a pipelined scan costs about these plus one round trip.
    public var userPages: Int
}

extension OrgBundle {
    /// Replaces "not in the bundle" with why the org did not give the part.
    mutating func explainRefusals(_ refused: [String: String]) {
        for (file, reason) in refused {
            org.explainRefusal(of: file, reason)
            for index in users.indices { users[index].explainRefusal(of: file, reason) }
        }
    }
}

extension OrgEvidence {
    /// The org part `file` fills becomes missing with `reason` (why the org refused it).
    mutating func explainRefusal(of file: String, _ reason: String) {
        switch file {
        case "audit-trail.json": auditTrail = .missing(reason: reason)
        case "email-relays.json": emailRelays = .missing(reason: reason)
        case "email-domain-filters.json": emailDomainFilters = .missing(reason: reason)
        case "email-domain-keys.json": emailDomainKeys = .missing(reason: reason)
        default: break
        }
    }
}

extension UserEvidence {
    /// The user part `file` fills becomes missing with `reason` (why the org refused it).
    mutating func explainRefusal(of file: String, _ reason: String) {
        switch file {
        case "user-login.json": userLogin = .missing(reason: reason)
        case "permissions.json": permissions = .missing(reason: reason)
        case "login-history.json": loginHistory = .missing(reason: reason)
        default: break
        }
    }
}

/// Query answers merged into one body in Salesforce's shape, as if one query had returned them all: the records as
/// Salesforce sent them, in order, never parsed into objects and written again (that cost more than the rest of a
/// large capture).
enum QueryBodies {
    static func merged(_ bodies: [Data], file: String, uniqueBy key: String?) throws(LiveError) -> Data {
        var records: [Data] = []
        var seen = Set<String>()
        for body in bodies {
            guard let page = QueryResultRecords.records(of: body) else {
                throw .unreadableAnswer(file: file, problem: "the answer is not a query result")
            }
            for record in page {
                // Chunks by username and by email can both find one user: keep it once.
                if let key, let value = QueryResultRecords.string(key, in: record), !seen.insert(String(value.prefix(15))).inserted { continue }
                records.append(record)
            }
        }
        return QueryResultRecords.body(records)
    }
}

extension LiveEvidenceSource: EvidenceSource {
    public var isReplay: Bool { false }

    public func ticket(subject: String?) async throws -> Evidence {
        guard let subject else { throw LiveError.noSubject }
        return try await gather(subject: subject).evidence
    }

    public func org(users: OrgUserQuery) async throws -> OrgBundle {
        try await LiveOrgSource(client: client, window: window, instanceURL: instanceURL, clock: clock).gather(users: users).bundle
    }
}
