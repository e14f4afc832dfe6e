import Foundation
import Salesforce

/// Turns an evidence bundle (`resetdoctor-bundle/1`, see design.md) into `Evidence`. Reads only: nothing
/// is unpacked to disk, and a replay's "now" is the manifest's `capturedAt`, so it gives the same report any day.
public enum BundleLoader {
    /// A bundle directory, or a `.tar.gz`/`.tgz` of one. Throws `BundleError`.
    public static func load(path: String) throws -> Evidence {
        try inspect(path: path).evidence
    }

    /// The files of a bundle already in memory (also how the built-in demos load). Throws `BundleError`.
    public static func load(files: BundleFiles) throws -> Evidence {
        try inspect(files: files).evidence
    }

    /// Like `load(path:)`, with the manifest and the notes on choices the loader made.
    public static func inspect(path: String) throws -> LoadedBundle {
        try inspect(files: BundleReader.files(at: path))
    }

    /// Like `load(files:)`, with the manifest and the notes on choices the loader made.
    public static func inspect(files bundle: BundleFiles) throws -> LoadedBundle {
        for (name, contents) in bundle.files where contents.count > BundleFiles.maximumFileBytes && !BundleFiles.streamedNames.contains(name) {
            throw TarGzReader.tooBig(bundle.path(of: name))
        }
        var reader = BundlePartReader(bundle: bundle)
        let manifest = try reader.manifest()
        guard manifest.scope == .ticket else {
            throw BundleError(
                path: bundle.path(of: "manifest.json"),
                problem: "this is an org bundle (\"scope\":\"org\"): it holds every user in scope, not one ticket",
                hint: "scan it with `resetdoctor scan --bundle \(bundle.origin)`")
        }
        let recordedDNS = try BundleDNS.context(in: bundle)
        let user = try reader.user(subject: manifest.subject)
        let userId = user.value??.id
        var evidence = Evidence(
            subject: manifest.subject,
            now: manifest.capturedAt,
            window: manifest.window,
            org: manifest.org,
            user: user,
            userLogin: try reader.optional("user-login.json", UserLoginQuery.parse) { logins in
                userId.flatMap { id in logins.first { SalesforceId.same($0.userId, id) } }
            },
            permissions: try reader.optional("permissions.json", PermissionQuery.parse) { $0 },
            // The parsers return both newest first, as Evidence wants them.
            auditTrail: try reader.preferJSON(
                json: "audit-trail.json", AuditTrailQuery.parse, csv: "audit-trail.csv", AuditTrailCSV.parse
            ) { $0 },
            loginHistory: try reader.preferJSON(
                json: "login-history.json", LoginHistoryQuery.parse, csv: "login-history.csv", LoginHistoryCSV.parse
            ) { entries in entries.filter { belongs($0, to: user.value ?? nil) } },
            emailLog: try reader.emailLog(for: user.value ?? nil),
            emailRelays: try reader.optional("email-relays.json", EmailRelayQuery.parse) { $0 },
            emailDomainFilters: try reader.optional("email-domain-filters.json", EmailDomainFilterQuery.parse) { $0 },
            emailDomainKeys: try reader.optional("email-domain-keys.json", EmailDomainKeyQuery.parse) { $0 },
            orgSettings: try reader.optional("org-settings.json", OrgSettingsFile.parse) { $0 }
        )
        // Without dns/ the evidence keeps its default (missing): the CLI decides whether to look DNS up live.
        if let recordedDNS { evidence.dns = recordedDNS }
        return LoadedBundle(evidence: evidence, manifest: manifest, notes: reader.notes)
    }

    /// An Email Log File given on its own (`--email-log FILE`), to replace or fill the bundle's: read as a stream,
    /// keeping the rows to `user`'s address (none when the user is unknown), so a log of any size fits.
    public static func loadEmailLog(path: String, for user: SalesforceUser?) throws -> Gathered<EmailLog> {
        let stream = try BundleReader.stream(at: path, expected: "an Email Log File (.csv) downloaded from Setup > Email Log Files")
        do {
            let rows: EmailLogRows = user.map { .to($0.email) } ?? .none
            return .found(try EmailLogCSV.scan(stream, file: path, keeping: rows), source: (path as NSString).lastPathComponent)
        } catch let error as BundleError {
            throw error
        } catch let error as ExportParseError {
            throw BundleError(error, origin: "")
        } catch {
            throw BundleError(path: path, problem: "the file could not be read (\(error))", hint: "download the Email Log File again from Setup > Email Log Files")
        }
    }
}

extension BundleLoader {
    /// A Setup download covers every user: keep the rows of `user`, and rows that name no user at all.
    static func belongs(_ entry: LoginHistoryEntry, to user: SalesforceUser?) -> Bool {
        guard let user else { return true }
        if let id = entry.userId { return SalesforceId.same(id, user.id) }
        if let username = entry.username { return username.caseInsensitiveCompare(user.username) == .orderedSame }
        return true
    }
}

/// A loaded bundle with what the loader decided on the way ("used audit-trail.json; audit-trail.csv ignored").
public struct LoadedBundle: Sendable {
    public var evidence: Evidence
    public var manifest: BundleManifest
    /// Choices worth telling the admin about; empty for a plain bundle.
    public var notes: [String]
}

/// Salesforce Ids come in a case-sensitive 15-character form and an 18-character form that adds a checksum.
enum SalesforceId {
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if a.count == 18, b.count == 18 { return a.caseInsensitiveCompare(b) == .orderedSame }
        if a.count == 15, b.count == 18 { return b.hasPrefix(a) }
        if a.count == 18, b.count == 15 { return a.hasPrefix(b) }
        return false
    }
}
