import Foundation
import MailDNS
import Salesforce

/// What one live gathering produced: the raw bodies as a bundle's files (so `resetdoctor bundle` writes exactly what
/// the diagnosis read) and the evidence loaded from those same files through the bundle loader (capture = replay).
public struct LiveCapture: Sendable {
    /// manifest.json, user.json and every part the org answered, as Salesforce returned them; org-settings.json
    /// when the deliverability probe ran; email-log.csv when one was given.
    public var files: BundleFiles
    public var evidence: Evidence
    public var manifest: BundleManifest
    /// What the admin should know about how the evidence was gathered: refused queries and the permission they
    /// need, the deliverability probe's result.
    public var notes: [String]
    /// Queries per dependent round after auth: the user lookup (1, or 2 when the email fallback ran), then one
    /// parallel batch. Reported by scripts/bench-live.
    public var rounds: Int
}

/// manifest.json as `resetdoctor bundle` writes it.
enum ManifestWriter {
    static func data(_ manifest: BundleManifest) -> Data {
        var object: [String: Any] = [
            "format": manifest.format,
            "capturedAt": LiveQueries.literal(manifest.capturedAt),
        ]
        // A ticket names its user; an org bundle says it holds every user in scope instead.
        if manifest.scope == .org { object["scope"] = "org" } else { object["subject"] = manifest.subject }
        if let window = manifest.window {
            object["window"] = ["from": LiveQueries.literal(window.from), "to": LiveQueries.literal(window.to)]
        }
        if let org = manifest.org {
            var members: [String: Any] = [:]
            if let id = org.id { members["id"] = id }
            if let name = org.name { members["name"] = name }
            if let isSandbox = org.isSandbox { members["isSandbox"] = isSandbox }
            if let instanceUrl = org.instanceUrl { members["instanceUrl"] = instanceUrl }
            object["org"] = members
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }
}

/// The Organization row's facts, read leniently: the manifest's org block is informative, never required.
enum OrganizationFacts {
    static func parse(_ body: Data, instanceURL: String?) -> BundleManifest.Org {
        var org = BundleManifest.Org(instanceUrl: instanceURL)
        guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let record = (root["records"] as? [[String: Any]])?.first
        else { return org }
        org.id = record["Id"] as? String
        org.name = record["Name"] as? String
        org.isSandbox = record["IsSandbox"] as? Bool
        return org
    }
}

/// What `resetdoctor bundle` says on stderr when DNS could not be captured: the bundle is still written (the
/// failures are recorded in dns/ and replay as unknown), but the admin should know before sending it on.
public enum DNSCaptureWarning {
    public static func lines(_ recorder: RecordingResolver?) -> [String] {
        guard let recorder else { return [] }
        if let problem = recorder.trustProblem {
            return ["no DNS answers were captured: \(problem). The replay's DNS checks will say unknown; capture again with --nameserver HOST[:PORT]."]
        }
        let failed = recorder.unanswered
        guard !failed.isEmpty else { return [] }
        let shown = failed.prefix(5).map { "\($0.name) \($0.type.rawValue): \($0.result.failureText)" }
        let more = failed.count > shown.count ? "; and \(failed.count - shown.count) more" : ""
        let count = failed.count == 1 ? "1 DNS lookup" : "\(failed.count) DNS lookups"
        return ["\(count) could not be captured (\(shown.joined(separator: "; "))\(more)); the replay says unknown for them. Capture again when the DNS server answers, or pass --nameserver HOST[:PORT]."]
    }
}
