import Foundation
import Salesforce

/// An org bundle (`"scope":"org"`), loaded: the org part once, and each user's part.
public struct OrgBundle: Sendable {
    public var manifest: BundleManifest
    public var org: OrgEvidence
    /// Every user in user.json, in its order, with the rows of the other files that are theirs.
    public var users: [UserEvidence]
    /// Choices the loader made that the admin should hear about.
    public var notes: [String]
}

/// Turns an org bundle into `OrgBundle`: the same files and parsers as a ticket bundle, with user.json,
/// user-login.json, permissions.json (with AssigneeId) and login history holding every user in scope.
public enum OrgBundleLoader {
    public static func load(path: String) throws -> OrgBundle {
        try load(files: files(at: path))
    }

    /// An org bundle's files, read with the caps of an org bundle (its per-user files grow with the org).
    public static func files(at path: String) throws -> BundleFiles {
        try BundleFiles.$readingOrgBundle.withValue(true) { try BundleReader.files(at: path) }
    }

    public static func load(files bundle: BundleFiles) throws -> OrgBundle {
        try BundleFiles.$readingOrgBundle.withValue(true) { try loadChecked(bundle) }
    }

    private static func loadChecked(_ bundle: BundleFiles) throws -> OrgBundle {
        for (name, contents) in bundle.files where contents.count > BundleFiles.limit(for: name) {
            throw TarGzReader.tooBig(bundle.path(of: name))
        }
        var reader = BundlePartReader(bundle: bundle)
        let manifest = try reader.manifest()
        guard manifest.scope == .org else {
            throw BundleError(
                path: bundle.path(of: "manifest.json"),
                problem: "this is a ticket bundle about \"\(manifest.subject)\", not an org bundle (its manifest has no \"scope\":\"org\")",
                hint: "diagnose it with `resetdoctor diagnose --bundle \(bundle.origin)`, or capture an org bundle with `resetdoctor bundle --scope org --out DIR`")
        }
        guard let usersData = bundle.files["user.json"] else {
            throw BundleError(
                path: bundle.path(of: "user.json"), problem: "the org bundle has no user.json, and a scan is of its users",
                hint: "capture it with `resetdoctor bundle --scope org --out DIR`")
        }
        // The per-user files are nearly all of an org bundle's bytes and independent: read them on all cores at once.
        // Errors are thrown in file order, so a bundle with two damaged files always names the same one.
        let parsed = Concurrently.run(
            { [reader] in try reader.parse("user.json", usersData, UserQuery.parse) },
            { [reader] in try reader.optional("user-login.json", UserLoginQuery.parse) { $0 } },
            { [reader] in try reader.optional("permissions.json", PermissionQuery.parse) { $0 } },
            { [reader] in
                var history = BundlePartReader(bundle: reader.bundle)
                let part = try history.preferJSON(
                    json: "login-history.json", LoginHistoryQuery.parse, csv: "login-history.csv", LoginHistoryCSV.parse) { $0 }
                return (part, history.notes)
            })
        let records = try parsed.0.get()
        let logins: Gathered<[UserLoginRecord]> = try parsed.1.get()
        let grants: Gathered<[PermissionGrant]> = try parsed.2.get()
        if let grants = grants.value, let unassigned = grants.firstIndex(where: { $0.assigneeId == nil }) {
            throw BundleError(
                path: bundle.path(of: "permissions.json"),
                problem: "record \(unassigned + 1) has no AssigneeId: in an org bundle every assignment must say whose it is",
                hint: "query SELECT AssigneeId, PermissionSet.Name, … FROM PermissionSetAssignment (AssigneeId included), or capture with `resetdoctor bundle --scope org`")
        }
        let (history, historyNotes) = try parsed.3.get()
        reader.notes += historyNotes
        let org = OrgEvidence(
            now: manifest.capturedAt, window: manifest.window, org: manifest.org,
            auditTrail: try reader.preferJSON(
                json: "audit-trail.json", AuditTrailQuery.parse, csv: "audit-trail.csv", AuditTrailCSV.parse) { $0 },
            emailRelays: try reader.optional("email-relays.json", EmailRelayQuery.parse) { $0 },
            emailDomainFilters: try reader.optional("email-domain-filters.json", EmailDomainFilterQuery.parse) { $0 },
            emailDomainKeys: try reader.optional("email-domain-keys.json", EmailDomainKeyQuery.parse) { $0 },
            orgSettings: try reader.optional("org-settings.json", OrgSettingsFile.parse) { $0 },
            dns: try BundleDNS.context(in: bundle) ?? .missing(reason: BundleDNS.noAnswers))
        var notes = reader.notes
        if bundle.files["email-log.csv"] != nil {
            notes.append("a scan asks whether users can receive a reset, not what became of one: email-log.csv is not read")
        }
        let users = UserParts(logins: logins, grants: grants, history: history).split(records)
        if users.droppedLoginRows > 0 {
            notes.append("\(users.droppedLoginRows) login history row(s) name no user of user.json and were left out")
        }
        return OrgBundle(manifest: manifest, org: org, users: users.parts, notes: notes)
    }
}

/// Hands each user the rows of the org-wide files that are theirs, by Id (15- and 18-character forms alike) or, for a
/// Setup download, by username.
private struct UserParts {
    var logins: Gathered<[UserLoginRecord]>
    var grants: Gathered<[PermissionGrant]>
    var history: Gathered<[LoginHistoryEntry]>

    /// Ids compare on their first 15 characters: the 18-character form only adds a checksum.
    static func key(_ id: String) -> String { String(id.prefix(15)) }

    func split(_ records: [SalesforceUser]) -> (parts: [UserEvidence], droppedLoginRows: Int) {
        let loginById = Dictionary(logins.value?.map { (Self.key($0.userId), $0) } ?? [], uniquingKeysWith: { first, _ in first })
        let grantsById = Dictionary(grouping: grants.value ?? [], by: { Self.key($0.assigneeId ?? "") })
        let idByUsername = Dictionary(records.map { ($0.username.lowercased(), Self.key($0.id)) }, uniquingKeysWith: { first, _ in first })
        var historyById: [String: [LoginHistoryEntry]] = [:]
        var dropped = 0
        for entry in history.value ?? [] {
            guard let id = entry.userId.map(Self.key) ?? entry.username.flatMap({ idByUsername[$0.lowercased()] }) else {
                dropped += 1
                continue
            }
            historyById[id, default: []].append(entry)
        }
        let knownIds = Set(records.map { Self.key($0.id) })
        dropped += historyById.filter { !knownIds.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        let parts = records.map { record in
            let id = Self.key(record.id)
            return UserEvidence(
                subject: record.username,
                user: .found(record, source: "user.json"),
                userLogin: logins.map { _ in loginById[id] },
                permissions: grants.map { _ in grantsById[id] ?? [] },
                loginHistory: history.map { _ in historyById[id] ?? [] },
                emailLog: .missing(reason: "a scan reads no email log"))
        }
        return (parts, dropped)
    }
}

extension Gathered {
    /// The same source (or the same reason for missing) around another value.
    func map<Other>(_ transform: (Value) -> Other) -> Gathered<Other> {
        switch self {
        case .found(let value, let source): .found(transform(value), source: source)
        case .missing(let reason): .missing(reason: reason)
        }
    }
}
