import Foundation
import MailDNS

/// A bundle's recorded DNS answers: its `dns/*.zone` files, served by a `ZoneFileResolver` so a replay needs no
/// network and gives the same DNS findings any day.
enum BundleDNS {
    static let folder = "dns/"
    static let description = "dns/ zone files of the bundle"

    /// Why a bundle without dns/ has no DNS answers: a replay never looks anything up unless asked.
    static let noAnswers = "the bundle holds no DNS answers; --live-dns looks them up now"

    /// The zone files of `bundle` as a DNS context; missing (`noAnswers`) when it has none: a replay answers DNS
    /// from what was recorded or from nothing, so it gives the same report any day (`--live-dns` chooses live).
    /// A zone file that does not parse is a `BundleError` naming the file and line.
    static func context(in bundle: BundleFiles) throws -> Gathered<DNSContext>? {
        var zoneFiles: [String: Data] = [:]
        for (name, data) in bundle.files where name.hasPrefix(folder) && name.hasSuffix(".zone") {
            zoneFiles[String(name.dropFirst(folder.count))] = data
        }
        guard !zoneFiles.isEmpty else { return .missing(reason: noAnswers) }
        do {
            let resolver = try ZoneFileResolver(zoneFiles: zoneFiles)
            let count = zoneFiles.count
            let source = DNSSource(
                kind: .bundle, description: "recorded in the bundle's dns/ (\(count) zone file\(count == 1 ? "" : "s"))")
            return .found(DNSContext(resolver: resolver, description: description, source: source), source: folder)
        } catch {
            let path = bundle.path(of: folder + error.file)
            throw BundleError(
                path: path, problem: (error.line.map { "line \($0): " } ?? "") + error.problem,
                hint: "each dns/*.zone file must be an RFC 1035 zone file named after its zone (acme.example.zone); fix the line, or remove the file to look DNS up live")
        }
    }
}
