import Foundation

/// The files of one bundle, by name relative to the bundle root ("manifest.json", "dns/acme.example.zone").
/// This is the in-memory seam: a directory, a .tar.gz and a built-in demo all become one of these.
public struct BundleFiles: Sendable {
    public var files: [String: Data]
    /// Where the files came from, used as the prefix of every error path ("tickets/4711", "demos/in-spam").
    public var origin: String

    /// Files of a folder bundle left on disk because they may be of any size (email-log.csv), by name → full path;
    /// their parser reads them as a stream.
    public var onDisk: [String: String] = [:]

    public init(files: [String: Data], origin: String) {
        self.files = files; self.origin = origin
    }

    /// The largest file a bundle may hold; real exports are far smaller, so anything bigger is a mistake.
    /// The email log is exempt: it is read as a stream (a 500,000-row log is about 100 MB).
    public static let maximumFileBytes = 64 << 20

    /// The files that hold a row per user: in an org bundle they grow with the org (100,000 users make a user.json
    /// of about 80 MB), so their cap is larger; a ticket's loader still holds them to `maximumFileBytes`.
    static let perUserNames: Set<String> = ["user.json", "user-login.json", "permissions.json", "login-history.json", "login-history.csv"]
    public static let maximumPerUserFileBytes = 1 << 30

    /// Whether the bundle being read is an org bundle: its per-user files and the archive as a whole get the larger
    /// caps. Set by the org loader around its reads, so a ticket bundle keeps the tight ones.
    @TaskLocal static var readingOrgBundle = false

    /// The cap on one file of a bundle, by its name (possibly under the archive's top folder).
    static func limit(for name: String) -> Int {
        let base = String(name.split(separator: "/").last ?? "")
        if streamedNames.contains(base) { return Int.max }
        return readingOrgBundle && perUserNames.contains(base) && !name.hasPrefix("dns/") ? maximumPerUserFileBytes : maximumFileBytes
    }

    /// The files read as streams, never whole: no size cap applies to them.
    static let streamedNames: Set<String> = ["email-log.csv"]

    /// Whether `name` (possibly under the archive's top folder) is a streamed file: only the archive's total cap
    /// applies to it.
    static func isStreamed(_ name: String) -> Bool {
        streamedNames.contains(String(name.split(separator: "/").last ?? ""))
    }

    /// `origin/name`, without doubling a slash.
    static func join(_ origin: String, _ name: String) -> String {
        origin.isEmpty ? name : (origin.hasSuffix("/") ? origin + name : origin + "/" + name)
    }

    func path(of name: String) -> String { Self.join(origin, name) }
}
