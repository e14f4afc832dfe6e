import Foundation

/// The demo tickets built into the binary (demos/<name>/ in bundle format, embedded by
/// scripts/embed-resources.py), so a new user sees a real report without an org.
public enum DemoCatalog {
    /// The healthy ticket the README starts from.
    public static let defaultName = "in-spam"

    /// Every demo, the default first, then by name.
    public static var names: [String] {
        let all = Set(EmbeddedFiles.files.keys.compactMap { key -> String? in
            let parts = key.split(separator: "/")
            guard parts.count == 3, parts[0] == "demos", parts[2] == "manifest.json" else { return nil }
            return String(parts[1])
        })
        return all.sorted { ($0 == defaultName ? 0 : 1, $0) < ($1 == defaultName ? 0 : 1, $1) }
    }

    /// The demo's one-line story (the first line of its README.md), or nil for an unknown name.
    public static func summary(of name: String) -> String? {
        guard let readme = EmbeddedFiles.files["demos/\(name)/README.md"] else { return nil }
        return readme.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
    }

    /// The demo's files, as a bundle directory would give them. Throws `BundleError` for an unknown name.
    public static func files(named name: String) throws -> BundleFiles {
        try embedded(
            folder: "demos/\(name)", unknown: ("demo \"\(name)\"", "there is no such demo"),
            hint: "choose one of: \(names.joined(separator: ", ")) (`resetdoctor diagnose --demo list` describes them)")
    }

    /// The embedded files under `folder`, by name relative to it; an unknown folder is a `BundleError`.
    private static func embedded(folder: String, unknown: (path: String, problem: String), hint: @autoclosure () -> String) throws -> BundleFiles {
        let prefix = folder + "/"
        var files: [String: Data] = [:]
        for (key, text) in EmbeddedFiles.files where key.hasPrefix(prefix) {
            files[String(key.dropFirst(prefix.count))] = Data(text.utf8)
        }
        guard files["manifest.json"] != nil else { throw BundleError(path: unknown.path, problem: unknown.problem, hint: hint()) }
        return BundleFiles(files: files, origin: folder)
    }

    /// The demo's evidence, loaded exactly as a bundle on disk would be.
    public static func evidence(named name: String) throws -> Evidence {
        try BundleLoader.load(files: files(named: name))
    }

    // MARK: - Org demos (demos/orgs/<name>/), for `scan --demo`

    /// Every demo org, by name.
    public static var orgNames: [String] {
        Set(EmbeddedFiles.files.keys.compactMap { key -> String? in
            let parts = key.split(separator: "/")
            guard parts.count == 4, parts[0] == "demos", parts[1] == "orgs", parts[3] == "manifest.json" else { return nil }
            return String(parts[2])
        }).sorted()
    }

    /// The demo org's files, as an org bundle folder would give them. Throws `BundleError` for an unknown name.
    public static func orgFiles(named name: String) throws -> BundleFiles {
        try embedded(
            folder: "demos/orgs/\(name)", unknown: ("demo org \"\(name)\"", "there is no such demo org"),
            hint: "choose one of: \(orgNames.joined(separator: ", "))")
    }

    /// The demo org, loaded exactly as an org bundle on disk would be.
    public static func org(named name: String) throws -> OrgBundle {
        try OrgBundleLoader.load(files: orgFiles(named: name))
    }
}
