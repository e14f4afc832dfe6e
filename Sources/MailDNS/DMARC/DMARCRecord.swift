import Foundation

/// A parsed "v=DMARC1" policy record (RFC 9989 §4.7). Unknown tags are ignored; bad values are reported per tag
/// and the tag falls back to its default, so the rest of the record still counts.
public struct DMARCRecord: Sendable, Codable, Equatable {
    public enum Policy: String, Sendable, Codable { case none, quarantine, reject }
    public enum AlignmentMode: String, Sendable, Codable { case relaxed = "r", strict = "s" }
    public enum PSD: String, Sendable, Codable { case yes = "y", no = "n", unknown = "u" }

    public struct Tag: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
    }

    /// p= as written; nil when absent or invalid (see `effectivePolicy`).
    public var policy: Policy?
    public var subdomainPolicy: Policy?
    public var nonexistentSubdomainPolicy: Policy?
    public var psd: PSD
    /// t=y, or a leftover pct=0 (RFC 9989 removed pct; pct=0 meant the same thing).
    public var testing: Bool
    public var dkimAlignment: AlignmentMode
    public var spfAlignment: AlignmentMode
    public var aggregateReportURIs: [String]
    public var failureReportURIs: [String]
    public var failureReportOptions: [String]
    /// Every tag as written, in order.
    public var tags: [Tag]
    /// Tags RFC 9989 does not define; ignored.
    public var unknownTags: [String]
    /// pct, rf and ri: removed in RFC 9989 and ignored (pct=0 aside).
    public var obsoleteTags: [String]
    public var tagErrors: [DMARCTagError]
    public var text: String

    /// p= when valid; otherwise none, as RFC 9989 says a record without a usable p is treated.
    public var effectivePolicy: Policy { policy ?? .none }
    /// sp=, falling back to p.
    public var effectiveSubdomainPolicy: Policy { subdomainPolicy ?? effectivePolicy }
    /// np=, falling back to sp, then p.
    public var effectiveNonexistentPolicy: Policy { nonexistentSubdomainPolicy ?? effectiveSubdomainPolicy }

    /// Whether `text` claims to be a DMARC record: its first tag is v=DMARC1.
    public static func isDMARCRecord(_ text: String) -> Bool {
        guard let first = splitTags(text).first else { return false }
        return first.name.lowercased() == "v" && first.value == "DMARC1"
    }

    public static func parse(_ text: String) throws(DMARCRecordError) -> DMARCRecord {
        guard isDMARCRecord(text) else { throw DMARCRecordError.notDMARCRecord(text) }
        let tags = splitTags(text)
        var record = DMARCRecord(
            policy: nil, subdomainPolicy: nil, nonexistentSubdomainPolicy: nil, psd: .unknown, testing: false,
            dkimAlignment: .relaxed, spfAlignment: .relaxed, aggregateReportURIs: [], failureReportURIs: [],
            failureReportOptions: [], tags: tags, unknownTags: [], obsoleteTags: [], tagErrors: [], text: text)
        var seen: Set<String> = []
        for tag in tags.dropFirst() {
            let name = tag.name.lowercased()
            func bad(_ reason: DMARCTagError.Reason) { record.tagErrors.append(DMARCTagError(tag: tag.name, value: tag.value, reason: reason)) }
            guard seen.insert(name).inserted else {
                bad(.duplicate)
                continue
            }
            let value = tag.value.lowercased()
            switch name {
            case "v": bad(.duplicate)
            case "p", "sp", "np":
                guard let policy = Policy(rawValue: value) else {
                    bad(.invalidValue(expected: "none, quarantine or reject"))
                    continue
                }
                if name == "p" { record.policy = policy } else if name == "sp" { record.subdomainPolicy = policy } else {
                    record.nonexistentSubdomainPolicy = policy
                }
            case "psd":
                guard let psd = PSD(rawValue: value) else { bad(.invalidValue(expected: "y, n or u")); continue }
                record.psd = psd
            case "t":
                guard value == "y" || value == "n" else { bad(.invalidValue(expected: "y or n")); continue }
                record.testing = record.testing || value == "y"
            case "adkim", "aspf":
                guard let mode = AlignmentMode(rawValue: value) else { bad(.invalidValue(expected: "r or s")); continue }
                if name == "adkim" { record.dkimAlignment = mode } else { record.spfAlignment = mode }
            case "rua", "ruf":
                let uris = tag.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if uris.isEmpty || uris.contains(where: { !$0.contains(":") }) {
                    bad(.invalidValue(expected: "a comma-separated list of URIs such as mailto:dmarc@example.com"))
                }
                let valid = uris.filter { $0.contains(":") }
                if name == "rua" { record.aggregateReportURIs = valid } else { record.failureReportURIs = valid }
            case "fo":
                let options = value.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard !options.isEmpty, options.allSatisfy({ ["0", "1", "d", "s"].contains($0) }) else {
                    bad(.invalidValue(expected: "0, 1, d or s, separated by ':'"))
                    continue
                }
                record.failureReportOptions = options
            case "pct":
                record.obsoleteTags.append(tag.name)
                if value == "0" { record.testing = true }
            case "rf", "ri":
                record.obsoleteTags.append(tag.name)
            default:
                record.unknownTags.append(tag.name)
            }
        }
        if record.policy == nil && !tags.contains(where: { $0.name.lowercased() == "p" }) {
            record.tagErrors.append(DMARCTagError(tag: "p", value: "", reason: .missing))
        }
        return record
    }

    /// Splits "v=DMARC1; p=reject" into tags, trimming spaces and dropping empty parts.
    static func splitTags(_ text: String) -> [Tag] {
        text.split(separator: ";").compactMap { part in
            let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            guard let equals = trimmed.firstIndex(of: "=") else { return Tag(name: trimmed, value: "") }
            return Tag(
                name: trimmed[..<equals].trimmingCharacters(in: .whitespaces),
                value: trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
    }
}

/// A tag of a DMARC record with a value RFC 9989 does not allow.
public struct DMARCTagError: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Codable, Equatable {
        case invalidValue(expected: String)
        case duplicate
        /// p= is missing: the record is treated as p=none.
        case missing
    }
    public var tag: String
    public var value: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .invalidValue(let expected): return "DMARC tag \(tag)=\(value) is invalid; expected \(expected)"
        case .duplicate: return "DMARC tag \(tag) appears more than once; only the first counts"
        case .missing: return "DMARC record has no \(tag)= tag; it is treated as p=none"
        }
    }
}

public enum DMARCRecordError: Error, Sendable, Codable, Equatable {
    case notDMARCRecord(String)
}
