/// One _dmarc query of the DNS Tree Walk and what it found.
public struct DMARCQuery: Sendable, Codable, Equatable {
    public enum Outcome: Sendable, Codable, Equatable {
        case record(DMARCRecord)
        case noRecord
        /// More than one v=DMARC1 record: none of them counts.
        case multipleRecords(count: Int)
        case dnsFailure(String)
    }
    /// The domain whose policy was asked for (the query name without "_dmarc.").
    public var domain: String
    public var outcome: Outcome

    public var record: DMARCRecord? {
        if case .record(let record) = outcome { return record }
        return nil
    }
}

/// The DNS Tree Walk of RFC 9989 §4.10, replacing the public suffix list.
public struct DMARCTreeWalk: Sendable {
    public let resolver: any DNSResolver

    public init(resolver: any DNSResolver) { self.resolver = resolver }

    /// At most 8 queries: the domain itself; then, for more than 8 labels, straight to its last 7 labels; then one
    /// label less each time down to the top-level label.
    public static func walkDomains(for domain: String) -> [String] {
        let labels = MailAuthDomain.labels(domain).filter { !$0.isEmpty }
        guard !labels.isEmpty else { return [] }
        var names = [labels.joined(separator: ".")]
        var count = min(labels.count - 1, 7)
        while count >= 1 {
            names.append(labels.suffix(count).joined(separator: "."))
            count -= 1
        }
        return names
    }

    /// Queries _dmarc.<domain> for each walk domain until `enough` says the queries so far settle the question.
    func walk(from domain: String, until enough: ([DMARCQuery]) -> Bool) async -> [DMARCQuery] {
        var queries: [DMARCQuery] = []
        for name in Self.walkDomains(for: domain) {
            queries.append(await query(name))
            if enough(queries) { break }
        }
        return queries
    }

    func query(_ domain: String) async -> DMARCQuery {
        let answer = await resolver.lookup("_dmarc." + domain, .txt)
        switch answer {
        case .nxDomain, .noData:
            return DMARCQuery(domain: domain, outcome: .noRecord)
        case .serverFailure(let reason), .timeout(let reason), .refused(let reason), .error(let reason), .unusable(let reason):
            return DMARCQuery(domain: domain, outcome: .dnsFailure(reason))
        case .records(let records, _, _):
            let texts = records.compactMap { record -> String? in
                guard case .txt(let strings) = record else { return nil }
                let text = strings.joined()
                return DMARCRecord.isDMARCRecord(text) ? text : nil
            }
            guard let text = texts.first else { return DMARCQuery(domain: domain, outcome: .noRecord) }
            guard texts.count == 1 else { return DMARCQuery(domain: domain, outcome: .multipleRecords(count: texts.count)) }
            guard let record = try? DMARCRecord.parse(text) else { return DMARCQuery(domain: domain, outcome: .noRecord) }
            return DMARCQuery(domain: domain, outcome: .record(record))
        }
    }

    /// RFC 9989 §4.10.2: psd=n marks the Organizational Domain; psd=y (not at the start) puts it one label below;
    /// otherwise the record with the fewest labels; with no record at all, the domain itself.
    public func organizationalDomain(of domain: String) async -> (domain: String, queries: [DMARCQuery]) {
        let start = MailAuthDomain.normalize(domain)
        let queries = await walk(from: start) { Self.decidedOrganizationalDomain(start: start, queries: $0) != nil }
        return (Self.organizationalDomain(start: start, queries: queries), queries)
    }

    static func decidedOrganizationalDomain(start: String, queries: [DMARCQuery]) -> String? {
        guard let last = queries.last, let record = last.record else { return nil }
        switch record.psd {
        case .no: return last.domain
        case .yes where last.domain != start:
            let labels = MailAuthDomain.labels(start)
            let count = MailAuthDomain.labels(last.domain).count + 1
            return labels.suffix(count).joined(separator: ".")
        default: return nil
        }
    }

    static func organizationalDomain(start: String, queries: [DMARCQuery]) -> String {
        if let decided = decidedOrganizationalDomain(start: start, queries: queries) { return decided }
        let withRecords = queries.filter { $0.record != nil }
        return withRecords.min { MailAuthDomain.labels($0.domain).count < MailAuthDomain.labels($1.domain).count }?.domain ?? start
    }
}
