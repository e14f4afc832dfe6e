/// Fetching and selecting a domain's SPF record (RFC 7208 §4.4–4.5): one TXT query, then exactly one "v=spf1".
public enum SPFRecordLookup: Sendable, Equatable {
    case found(SPFRecord, text: String)
    /// The name exists but publishes no v=spf1 record.
    case noRecord
    /// NXDOMAIN.
    case noSuchDomain
    case multipleRecords(count: Int)
    case syntaxError(SPFSyntaxError, text: String)
    /// SERVFAIL, timeout, REFUSED or another error: temperror.
    case dnsFailure(String)

    public nonisolated(nonsending) static func fetch(_ domain: String, using resolver: any DNSResolver) async -> SPFRecordLookup {
        let answer = await resolver.lookup(domain, .txt)
        switch answer {
        case .nxDomain: return .noSuchDomain
        case .noData: return .noRecord
        case .serverFailure(let reason): return .dnsFailure("SERVFAIL: \(reason)")
        case .timeout(let reason): return .dnsFailure("timeout: \(reason)")
        case .refused(let reason): return .dnsFailure("REFUSED: \(reason)")
        case .error(let reason): return .dnsFailure(reason)
        case .records(let records, _, _):
            return select(from: records)
        }
    }

    /// Joins each TXT record's strings without spaces (§3.3) and keeps the v=spf1 ones.
    public static func select(from records: [DNSRecord]) -> SPFRecordLookup {
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
            return .found(try SPFRecord.parse(text), text: text)
        } catch {
            return .syntaxError(error, text: text)
        }
    }
}
