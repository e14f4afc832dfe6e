/// Fetching and selecting a domain's SPF record (RFC 7208 §4.4–4.5): one TXT query, then exactly one "v=spf1".
/// Generic over the parsed form: callers get an `SPFRecord` (`SPFRecordLookup`); check_host() takes the layout.
public enum SPFRecordSelection<Record: Sendable>: Sendable {
    case found(Record, text: String)
    /// The name exists but publishes no v=spf1 record.
    case noRecord
    /// NXDOMAIN.
    case noSuchDomain
    case multipleRecords(count: Int)
    case syntaxError(SPFSyntaxError, text: String)
    /// SERVFAIL, timeout, REFUSED or another error: temperror.
    case dnsFailure(String)

    nonisolated(nonsending) static func fetch(
        _ domain: String, using resolver: any DNSResolver, parse: (String) throws(SPFSyntaxError) -> Record
    ) async -> Self {
        from(await resolver.lookup(domain, .txt), parse: parse)
    }

    /// The selection a TXT answer gives.
    static func from(_ answer: DNSLookupResult, parse: (String) throws(SPFSyntaxError) -> Record) -> Self {
        switch answer {
        case .nxDomain: return .noSuchDomain
        case .noData: return .noRecord
        case .serverFailure(let reason): return .dnsFailure("SERVFAIL: \(reason)")
        case .timeout(let reason): return .dnsFailure("timeout: \(reason)")
        case .refused(let reason): return .dnsFailure("REFUSED: \(reason)")
        case .error(let reason): return .dnsFailure(reason)
        case .unusable(let reason): return .dnsFailure("unusable answer: \(reason)")
        case .records(let records, _, _):
            return select(from: records, parse: parse)
        }
    }

    /// Joins each TXT record's strings without spaces (§3.3) and keeps the v=spf1 ones.
    static func select(from records: [DNSRecord], parse: (String) throws(SPFSyntaxError) -> Record) -> Self {
        // The first v=spf1 text and how many there are, without collecting them all (this runs for every domain).
        var first: String? = nil
        var count = 0
        for record in records {
            guard case .txt(let strings) = record else { continue }
            let text = strings.count == 1 ? strings[0] : strings.joined()
            guard SPFRecord.isSPFRecord(text) else { continue }
            if first == nil { first = text }
            count += 1
        }
        guard let text = first else { return .noRecord }
        guard count == 1 else { return .multipleRecords(count: count) }
        do {
            return .found(try parse(text), text: text)
        } catch {
            return .syntaxError(error, text: text)
        }
    }
}

extension SPFRecordSelection: Equatable where Record: Equatable {}

public typealias SPFRecordLookup = SPFRecordSelection<SPFRecord>

extension SPFRecordSelection where Record == SPFRecord {
    public nonisolated(nonsending) static func fetch(_ domain: String, using resolver: any DNSResolver) async -> Self {
        await fetch(domain, using: resolver, parse: SPFRecord.parse)
    }

    public static func select(from records: [DNSRecord]) -> Self {
        select(from: records, parse: SPFRecord.parse)
    }
}
