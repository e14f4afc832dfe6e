/// Follows CNAMEs through the answer sections of one or more replies, from the queried name to the records.
///
/// `cnameChain` in a `.records` result lists the CNAME targets in the order met (so its last element, if any, owns
/// the records). A chain longer than `LdnsQuerySession.maximumCNAMEChain` or one that comes back to a name already
/// seen ends in `.error`. A query of type CNAME is answered with the CNAME itself, never followed.
struct CNAMEWalk {
    enum Step {
        case done(LdnsOutcome)
        /// The server stopped at a CNAME target it says nothing about: ask again for `current`.
        case askAgain
    }

    let start: String
    let type: DNSRecordType
    private(set) var current: String
    private var chain: [String] = []
    private var visited: Set<String>
    private var chainTTL: UInt32?

    init(start: String, type: DNSRecordType) {
        self.start = start
        self.type = type
        current = start
        visited = [start]
    }

    mutating func follow(_ reply: LdnsReply, defaultNegativeTTL: UInt32) -> Step {
        let chainLengthBefore = chain.count
        while true {
            let matching = reply.answer.filter { $0.owner == current && $0.typeCode == type.typeCode }
            if !matching.isEmpty {
                let ttl = ([chainTTL].compactMap { $0 } + matching.map(\.ttl)).min() ?? 0
                return .done(LdnsOutcome(
                    result: .records(matching.map(\.record), ttl: ttl, cnameChain: chain), cacheTTL: ttl))
            }
            guard type != .cname,
                let alias = reply.answer.first(where: { $0.owner == current && $0.typeCode == DNSRecordType.cname.typeCode }),
                case .cname(let target) = alias.record
            else { break }
            chainTTL = min(chainTTL ?? alias.ttl, alias.ttl)
            if visited.contains(target) {
                let path = ([start] + chain + [target]).joined(separator: " → ")
                return .done(LdnsOutcome(result: .error("CNAME loop: \(path)"), cacheTTL: nil))
            }
            if chain.count >= LdnsQuerySession.maximumCNAMEChain {
                return .done(LdnsOutcome(
                    result: .error("CNAME chain from \(start) is longer than \(LdnsQuerySession.maximumCNAMEChain)"),
                    cacheTTL: nil))
            }
            chain.append(target)
            visited.insert(target)
            current = target
        }
        // A real negative answer carries the SOA of a zone that encloses the name it is about (RFC 2308 §2-3):
        // the end of the CNAME chain. A SOA owned elsewhere proves nothing and is ignored.
        let soa = reply.authority.first { $0.typeCode == DNSRecordType.soa.typeCode && isAtOrBelow(current, $0.owner) }
        var negativeTTL = defaultNegativeTTL
        if let soa, case .soa(_, _, _, let minimum) = soa.record { negativeTTL = min(soa.ttl, minimum) }
        if let chainTTL { negativeTTL = min(negativeTTL, chainTTL) }
        if reply.isNXDomain {
            return .done(LdnsOutcome(result: .nxDomain, cacheTTL: negativeTTL, isProvenNegative: soa != nil))
        }
        if soa == nil && chain.count > chainLengthBefore { return .askAgain }
        return .done(LdnsOutcome(result: .noData, cacheTTL: negativeTTL, isProvenNegative: soa != nil))
    }
}
