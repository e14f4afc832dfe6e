import Foundation
import Salesforce

/// Where evidence comes from — a bundle (a folder, an archive or a built-in demo) or a live org — for either scope:
/// one ticket's user with the org, or the org with every user in scope. Commands choose a source and ask it; what
/// each source reads, and how, stays inside it.
public protocol EvidenceSource: Sendable {
    /// Whether the evidence is a recording (its DNS answers come from the recording unless asked otherwise).
    var isReplay: Bool { get }
    /// One ticket: the user `subject` names (a bundle's own subject when nil) and the org.
    func ticket(subject: String?) async throws -> Evidence
    /// The org part, and the part of every user `users` selects.
    func org(users: OrgUserQuery) async throws -> OrgBundle
}

/// A bundle in memory: a ticket bundle answers for its user; an org bundle answers for any of its users or all of them.
public struct BundleEvidenceSource: EvidenceSource {
    public var files: BundleFiles
    public var isReplay: Bool { true }

    public init(files: BundleFiles) { self.files = files }
    /// A folder or .tar.gz on disk; `scope: .org` reads it with an org bundle's larger caps.
    public init(path: String, scope: BundleManifest.Scope = .ticket) throws {
        self.init(files: scope == .org ? try OrgBundleLoader.files(at: path) : try BundleReader.files(at: path))
    }

    public func ticket(subject: String?) async throws -> Evidence {
        let reader = BundlePartReader(bundle: files)
        guard try reader.manifest().scope == .org else { return try BundleLoader.load(files: files) }
        guard let subject else {
            throw BundleError(
                path: files.path(of: "manifest.json"), problem: "this is an org bundle: it holds every user in scope, and no user was named",
                hint: "name the user (`resetdoctor diagnose USER --bundle \(files.origin)`), or scan them all with `resetdoctor scan --bundle \(files.origin)`")
        }
        let org = try OrgBundleLoader.load(files: files)
        let matching = org.users.filter { SubjectMatch.matches(subject, evidence: $0) }
        let exact = matching.filter { part in (part.user.value ?? nil).map { SubjectMatch.matchesUsernameOrId($0, subject) } ?? false }
        let chosen = exact.count == 1 ? exact : matching
        guard chosen.count == 1, var user = chosen.first else {
            throw BundleError(
                path: files.path(of: "user.json"),
                problem: chosen.isEmpty ? "no user of the org bundle matches \"\(subject)\"" : "\(chosen.count) users of the org bundle match \"\(subject)\" (\(chosen.map(\.subject).joined(separator: ", ")))",
                hint: "name the user by username or User Id")
        }
        user.subject = subject
        user.emailLog = .missing(reason: "an org bundle holds no email log rows for one ticket (add --email-log FILE)")
        return Evidence(org: org.org, user: user)
    }

    public func org(users query: OrgUserQuery) async throws -> OrgBundle {
        if query.condition != nil {
            throw BundleError(
                path: files.origin, problem: "--where is a SOQL condition, and a bundle is not a database",
                hint: "name the users with --users FILE, or scan the live org with --where")
        }
        var bundle = try OrgBundleLoader.load(files: files)
        let (users, notes) = UserSelection(names: query.names, includeInactive: query.includeInactive).apply(to: bundle.users)
        bundle.users = users
        bundle.notes += notes
        return bundle
    }
}
