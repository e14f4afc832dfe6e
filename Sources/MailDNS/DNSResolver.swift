import Foundation

/// The record types mail diagnosis asks for.
public enum DNSRecordType: String, Sendable, Codable, CaseIterable {
    case a = "A", aaaa = "AAAA", mx = "MX", txt = "TXT", cname = "CNAME", ptr = "PTR", ns = "NS", soa = "SOA"
}

/// One resource record's data.
public enum DNSRecord: Sendable, Equatable, Hashable, Codable {
    case a(String)
    case aaaa(String)
    case mx(preference: Int, exchange: String)
    /// The character-strings of one TXT record, in order; join them for SPF/DMARC/DKIM (RFC 7208 §3.3).
    case txt([String])
    case cname(String)
    case ptr(String)
    case ns(String)
    case soa(mname: String, rname: String, serial: UInt32, minimum: UInt32)
    /// A type this model does not decode, kept as ldns presentation text.
    case other(type: String, text: String)
}

/// The outcome of one lookup. NXDOMAIN, NODATA, SERVFAIL and timeout stay distinct: a timeout or SERVFAIL makes a
/// check `unknown`, never `fail`.
public enum DNSLookupResult: Sendable, Equatable {
    /// Records of the asked type (after following CNAMEs), with the smallest TTL among them, and the CNAME chain met.
    case records([DNSRecord], ttl: UInt32, cnameChain: [String])
    /// The name exists but has no record of this type.
    case noData
    /// The name does not exist.
    case nxDomain
    case serverFailure(String)
    case refused(String)
    case timeout(String)
    /// Anything else that kept the lookup from an answer (bad name, network error).
    case error(String)
    /// A server answered, but the answer cannot be used: a reply that does not match the question (wrong id, QR=0,
    /// another question) or cannot be read, FORMERR or NOTIMP, or a negative answer nothing proves from a resolver
    /// that is not answering for the internet. The server was reached (not a timeout); the checks say unknown.
    case unusable(String)

    public var records: [DNSRecord] {
        if case .records(let records, _, _) = self { return records }
        return []
    }

    /// Whether the lookup said something definite about the name (records, NODATA or NXDOMAIN).
    public var isDefinite: Bool {
        switch self {
        case .records, .noData, .nxDomain: return true
        default: return false
        }
    }
}

/// The seam every DNS lookup goes through: the live libldns resolver, a zone-file replay, or an in-memory table.
public protocol DNSResolver: Sendable {
    /// `name` is an ASCII (A-label) domain name, with or without the trailing dot.
    /// Runs on the caller's executor (nonsending): an in-memory answer costs no executor hop; the live resolver hands
    /// the query to its own threads either way.
    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult
}

/// Answers from a fixed table; for tests and benchmarks. Names are matched case-insensitively without trailing dot.
public struct InMemoryResolver: DNSResolver {
    public var answers: [String: [DNSRecordType: DNSLookupResult]]

    public init(_ answers: [String: [DNSRecordType: DNSLookupResult]] = [:]) {
        var normalized: [String: [DNSRecordType: DNSLookupResult]] = [:]
        for (name, byType) in answers { normalized[InMemoryResolver.key(name)] = byType }
        self.answers = normalized
    }

    public nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        guard let byType = answers[Self.key(name)] else { return .nxDomain }
        // A scan of the few types beats hashing one: a String-backed enum hashes its raw value.
        for (recordType, answer) in byType where recordType == type { return answer }
        return .noData
    }

    static func key(_ name: String) -> String {
        // Most names arrive already lowercase without the trailing dot; a byte scan is cheaper than lowercasing a copy.
        let isKey = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.last != UInt8(ascii: ".") && !bytes.contains { $0 &- UInt8(ascii: "A") < 26 || $0 >= 0x80 }
        }
        if isKey == true { return name }
        var key = name.lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        return key
    }
}
