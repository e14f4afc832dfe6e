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
