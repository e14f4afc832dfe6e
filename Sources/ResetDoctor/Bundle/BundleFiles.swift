import Foundation

/// The files of one bundle, by name relative to the bundle root ("manifest.json", "dns/acme.example.zone").
/// This is the in-memory seam: a directory, a .tar.gz and a built-in demo all become one of these.
public struct BundleFiles: Sendable {
    public var files: [String: Data]
    /// Where the files came from, used as the prefix of every error path ("tickets/4711", "demos/in-spam").
    public var origin: String

    public init(files: [String: Data], origin: String) {
        self.files = files; self.origin = origin
    }

    /// The largest file a bundle may hold; real exports are far smaller, so anything bigger is a mistake.
    public static let maximumFileBytes = 64 << 20

    /// `origin/name`, without doubling a slash.
    static func join(_ origin: String, _ name: String) -> String {
        origin.isEmpty ? name : (origin.hasSuffix("/") ? origin + name : origin + "/" + name)
    }

    func path(of name: String) -> String { Self.join(origin, name) }
}
