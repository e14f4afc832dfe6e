import Foundation
import Salesforce
import SalesforceAPI

/// Gathers a ticket's evidence from a live org: the user first, then everything else in one parallel batch.
/// Every body is kept as the bundle file it becomes and read back through `BundleLoader`, so a live diagnosis and
/// the replay of its capture see the same evidence.
public struct LiveEvidenceSource: Sendable {
    public static let defaultWindow: TimeInterval = 7 * 86_400

    public var client: SalesforceClient
    /// How far back the audit trail and login history reach.
    public var window: TimeInterval
    /// Run the Apex deliverability probe (`--probe-deliverability`): it runs Apex in the org.
    public var probeDeliverability: Bool
    /// The instance URL for the manifest (never a token), asked after the first call has logged in.
    public var instanceURL: @Sendable () -> String?
    public var clock: @Sendable () -> Date

    /// Gathers through an open connection (its client, and its session's instance URL for the manifest).
    public init(connection: LiveConnection, window: TimeInterval = LiveEvidenceSource.defaultWindow, probeDeliverability: Bool = false) {
        let provider = connection.provider
        self.init(client: connection.client, window: window, probeDeliverability: probeDeliverability,
                  instanceURL: { provider.instanceURL }, clock: connection.clock)
    }

    public init(
        client: SalesforceClient, window: TimeInterval = LiveEvidenceSource.defaultWindow, probeDeliverability: Bool = false,
        instanceURL: @escaping @Sendable () -> String? = { nil }, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client; self.window = window; self.probeDeliverability = probeDeliverability
        self.instanceURL = instanceURL; self.clock = clock
    }

    /// Gathers the evidence about `subject` (username, email address or User Id). `emailLog` is an Email Log File
    /// the caller has already validated (`BundleLoader.loadEmailLog`); it joins the capture as email-log.csv.
    public func gather(subject: String, emailLog: Data? = nil) async throws(LiveError) -> LiveCapture {
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        // Whole seconds: the manifest stores capturedAt without fractions, and a replay must use the same "now".
        let now = Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
        let since = now.addingTimeInterval(-window)

        let lookup = try await findUser(subject)
        var files: [String: Data] = ["user.json": lookup.body]
        var notes: [String] = []

        var parts = LivePart.batch(userId: lookup.user?.id ?? "", since: since, until: now)
        if lookup.user == nil {
            // Nobody to ask about: the org-wide parts still tell the admin about the org.
            parts = parts.filter { !$0.perUser }
        }
        let batch = await fetchBatch(parts + [LivePart.organization])
        var refused: [String: String] = [:]
        var orgBody: Data?
        for (part, result) in batch {
            switch result {
            case .success(let body) where part.file == LivePart.organization.file:
                orgBody = body
            case .success(let body):
                files[part.file] = body
            case .failure(let error) where Self.isFatal(error):
                throw .api(error)
            case .failure(let error):
                guard part.file != LivePart.organization.file else { continue }
                let reason = Self.refusalReason(part, error)
                refused[part.file] = reason
                notes.append(reason)
            }
        }
        if let probe = batch.probe {
            notes.append(probe.note)
            if let settings = probe.settings { files["org-settings.json"] = DeliverabilityProbe.file(settings) }
        }
        if let emailLog { files["email-log.csv"] = emailLog }

        let manifest = BundleManifest(
            capturedAt: now, subject: subject, window: .init(from: since, to: now),
            org: orgBody.map { OrganizationFacts.parse($0, instanceURL: instanceURL()) } ?? BundleManifest.Org(instanceUrl: instanceURL()))
        files["manifest.json"] = ManifestWriter.data(manifest)

        let bundle = BundleFiles(files: files, origin: "")
        var evidence: Evidence
        do {
            evidence = try BundleLoader.load(files: bundle)
        } catch let error as BundleError {
            throw .unreadableAnswer(file: error.path, problem: error.problem)
        } catch {
            throw .unreadableAnswer(file: "the evidence", problem: "\(error)")
        }
        Self.explainRefusals(refused, in: &evidence)
        if files["org-settings.json"] == nil {
            evidence.orgSettings = .missing(reason: "no API reads the deliverability level; it is read from the audit trail (or run with --probe-deliverability)")
        }
        if emailLog == nil {
            evidence.emailLog = .missing(reason: "no Email Log File was given (Salesforce has no API for it: download one from Setup > Email Log Files and pass --email-log FILE)")
        }
        return LiveCapture(files: bundle, evidence: evidence, manifest: manifest, notes: notes, rounds: lookup.queries + 1)
    }

    // MARK: - The user

    struct UserLookup {
        var user: SalesforceUser?
        /// The body that found the user (or the last empty one): user.json.
        var body: Data
        var queries: Int
    }

    /// By Id when the subject looks like one, else by Username, then by Email. Several matches are an error that
    /// lists them; none is `user == nil` (`user.not-found`).
    func findUser(_ subject: String) async throws(LiveError) -> UserLookup {
        var last = Data(#"{"totalSize":0,"done":true,"records":[]}"#.utf8)
        var queries = 0
        for key in LiveQueries.userKeys(for: subject) {
            let body: Data
            do { body = try await client.query(LiveQueries.user(where: key, is: subject)) }
            catch { throw .api(error) }
            queries += 1
            let users: [SalesforceUser]
            do { users = try UserQuery.parse(body, file: "user.json") }
            catch { throw .unreadableAnswer(file: "user.json", problem: "\(error)") }
            if users.count > 1 {
                throw .ambiguousUser(subject: subject, candidates: users.map {
                    LiveError.UserCandidate(username: $0.username, name: $0.name, id: $0.id, isActive: $0.isActive)
                })
            }
            if let user = users.first { return UserLookup(user: user, body: body, queries: queries) }
            last = body
        }
        return UserLookup(user: nil, body: last, queries: queries)
    }

    // MARK: - The batch

    struct Batch: Sequence {
        var results: [(LivePart, Result<Data, SalesforceAPIError>)]
        var probe: DeliverabilityProbe.Outcome?
        func makeIterator() -> IndexingIterator<[(LivePart, Result<Data, SalesforceAPIError>)]> { results.makeIterator() }
    }

    private enum BatchItem: Sendable {
        case part(LivePart, Result<Data, SalesforceAPIError>)
        case probe(DeliverabilityProbe.Outcome)
    }

    /// Every part at once (and the probe when asked): one round trip of latency, not one per query.
    func fetchBatch(_ parts: [LivePart]) async -> Batch {
        let client = self.client
        let probe = probeDeliverability
        return await withTaskGroup(of: BatchItem.self) { group in
            for part in parts {
                group.addTask {
                    .part(part, await Self.fetch(part, client))
                }
            }
            if probe { group.addTask { .probe(await DeliverabilityProbe.run(client)) } }
            var batch = Batch(results: [], probe: nil)
            for await item in group {
                switch item {
                case .part(let part, let result): batch.results.append((part, result))
                case .probe(let outcome): batch.probe = outcome
                }
            }
            // A stable order, so notes and errors do not depend on which answer came first.
            let order = parts.map(\.file)
            batch.results.sort { (order.firstIndex(of: $0.0.file) ?? 0) < (order.firstIndex(of: $1.0.file) ?? 0) }
            return batch
        }
    }

    private static func fetch(_ part: LivePart, _ client: SalesforceClient) async -> Result<Data, SalesforceAPIError> {
        do throws(SalesforceAPIError) {
            return .success(part.tooling ? try await client.toolingQuery(part.soql) : try await client.query(part.soql))
        } catch {
            return .failure(error)
        }
    }

    /// Auth failures and an unreachable org stop everything; a refused or unknown object only loses its part.
    static func isFatal(_ error: SalesforceAPIError) -> Bool {
        switch error {
        case .notAuthorized, .unreachable, .badResponse: true
        case .missingPermission, .badRequest, .notFound: false
        }
    }

    static func refusalReason(_ part: LivePart, _ error: SalesforceAPIError) -> String {
        let object = part.soql.components(separatedBy: " FROM ").last?.split(separator: " ").first.map(String.init) ?? part.file
        var problem = error.problem
        while problem.hasSuffix(".") { problem.removeLast() }
        if error.isUnsupportedObject {
            return "\(object) is not available in this org (\(problem)); \(part.file) was not captured. If the org has it, the admin running resetdoctor needs \(part.permission)"
        }
        return "the org refused the \(object) query (\(problem)); \(part.file) was not captured: the admin running resetdoctor needs \(part.permission)"
    }

    /// Replaces the loader's "not in the bundle" with why the org did not give the part.
    static func explainRefusals(_ refused: [String: String], in evidence: inout Evidence) {
        for (file, reason) in refused {
            evidence.orgPart.explainRefusal(of: file, reason)
            evidence.userPart.explainRefusal(of: file, reason)
        }
    }
}
