import Foundation
import MailDNS

/// A bundle's recorded DNS answers: its `dns/*.zone` files, served by a `ZoneFileResolver` so a replay needs no
/// network and gives the same DNS findings any day.
enum BundleDNS {
    static let folder = "dns/"
    static let description = "dns/ zone files of the bundle"

    /// The zone files of `bundle` as a DNS context; nil when it has none (the CLI then decides on live DNS).
    /// A zone file that does not parse is a `BundleError` naming the file and line.
    static func context(in bundle: BundleFiles) throws -> Gathered<DNSContext>? {
        var zoneFiles: [String: Data] = [:]
        for (name, data) in bundle.files where name.hasPrefix(folder) && name.hasSuffix(".zone") {
            zoneFiles[String(name.dropFirst(folder.count))] = data
        }
        guard !zoneFiles.isEmpty else { return nil }
        do {
            let resolver = try ZoneFileResolver(zoneFiles: zoneFiles)
            return .found(DNSContext(resolver: resolver, description: description), source: folder)
        } catch {
            let path = bundle.path(of: folder + error.file)
            throw BundleError(
                path: path, problem: (error.line.map { "line \($0): " } ?? "") + error.problem,
                hint: "each dns/*.zone file must be an RFC 1035 zone file named after its zone (acme.example.zone); fix the line, or remove the file to look DNS up live")
        }
    }
}
