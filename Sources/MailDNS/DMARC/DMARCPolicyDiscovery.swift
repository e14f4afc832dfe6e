/// Which DMARC policy applies to an Author Domain (the RFC 5322 From domain), and where it came from.
public struct DMARCPolicyDiscovery: Sendable, Codable, Equatable {
    public enum AppliedTag: String, Sendable, Codable { case p, sp, np }

    public var authorDomain: String
    /// Where the policy record was found (the author domain or a parent), nil when none was.
    public var recordDomain: String?
    public var record: DMARCRecord?
    public var organizationalDomain: String
    /// Which tag decided `policy`: p at the author domain, sp for an existing subdomain, np for a non-existent one.
    public var appliedTag: AppliedTag?
    /// nil exactly when no record was found.
    public var policy: DMARCRecord.Policy?
    /// t=y (or pct=0): receivers are asked to apply one step less.
    public var testing: Bool
    /// Whether the author domain has A, AAAA or MX records; nil when it was not needed or DNS failed.
    public var authorDomainExists: Bool?
    /// Every _dmarc query made, in order.
    public var queries: [DMARCQuery]
    /// A DNS failure that may hide a record: the result is unknown, not "no DMARC".
    public var dnsFailure: String?

    public var recordFound: Bool { record != nil }
}

public struct DMARCPolicyDiscoverer: Sendable {
    public let resolver: any DNSResolver

    public init(resolver: any DNSResolver) { self.resolver = resolver }

    public func discover(authorDomain: String) async -> DMARCPolicyDiscovery {
        let author = MailAuthDomain.normalize(authorDomain)
        let walker = DMARCTreeWalk(resolver: resolver)
        // One walk serves both: policy discovery stops at the first record, organizational-domain discovery goes on
        // until the psd rules settle it, so walk until the latter.
        let queries = await walker.walk(from: author) { queries in
            if case .dnsFailure? = queries.last?.outcome { return true }
            return DMARCTreeWalk.decidedOrganizationalDomain(start: author, queries: queries) != nil
        }
        var discovery = DMARCPolicyDiscovery(
            authorDomain: author, recordDomain: nil, record: nil,
            organizationalDomain: DMARCTreeWalk.organizationalDomain(start: author, queries: queries), appliedTag: nil,
            policy: nil, testing: false, authorDomainExists: nil, queries: queries, dnsFailure: nil)

        for query in queries {
            if case .dnsFailure(let reason) = query.outcome {
                discovery.dnsFailure = "_dmarc.\(query.domain): \(reason)"
                break
            }
            guard let record = query.record else { continue }
            discovery.recordDomain = query.domain
            discovery.record = record
            discovery.testing = record.testing
            if query.domain == author {
                discovery.appliedTag = .p
                discovery.policy = record.effectivePolicy
            } else {
                let exists = await authorDomainExists(author)
                discovery.authorDomainExists = exists
                if exists == false {
                    discovery.appliedTag = record.nonexistentSubdomainPolicy != nil ? .np : (record.subdomainPolicy != nil ? .sp : .p)
                    discovery.policy = record.effectiveNonexistentPolicy
                } else {
                    discovery.appliedTag = record.subdomainPolicy != nil ? .sp : .p
                    discovery.policy = record.effectiveSubdomainPolicy
                }
            }
            break
        }
        return discovery
    }

    /// RFC 9989 calls a domain non-existent when A, AAAA and MX all answer NXDOMAIN or NODATA.
    func authorDomainExists(_ domain: String) async -> Bool? {
        var sawFailure = false
        for type in [DNSRecordType.a, .aaaa, .mx] {
            let answer = await resolver.lookup(domain, type)
            if !answer.records.isEmpty { return true }
            if !answer.isDefinite { sawFailure = true }
        }
        return sawFailure ? nil : false
    }
}
