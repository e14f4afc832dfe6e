/// Whether one authenticated identifier (SPF's envelope-from domain or a DKIM d=) aligns with the From domain.
public struct DMARCIdentifierAlignment: Sendable, Codable, Equatable {
    public var domain: String
    public var mode: DMARCRecord.AlignmentMode
    public var aligned: Bool
    /// The identifier's Organizational Domain, when relaxed mode needed it.
    public var organizationalDomain: String?
}

public struct DMARCAlignmentResult: Sendable, Codable, Equatable {
    public var headerFromDomain: String
    public var headerFromOrganizationalDomain: String
    public var spf: DMARCIdentifierAlignment?
    public var dkim: [DMARCIdentifierAlignment]
    /// Whether any identifier aligns (DMARC passes if that identifier also authenticated).
    public var aligned: Bool { (spf?.aligned ?? false) || dkim.contains { $0.aligned } }
}

/// Identifier alignment (RFC 9989 §4.4): strict needs the same name; relaxed the same Organizational Domain, found
/// by the DNS Tree Walk for each name.
public struct DMARCAligner: Sendable {
    public let resolver: any DNSResolver

    public init(resolver: any DNSResolver) { self.resolver = resolver }

    /// `spfDomain` is the SPF-authenticated envelope-from domain; `dkimDomains` the d= of valid signatures. Modes come
    /// from `discovery`'s record (relaxed when there is none).
    public func align(
        headerFrom: String, spfDomain: String?, dkimDomains: [String], discovery: DMARCPolicyDiscovery? = nil
    ) async -> DMARCAlignmentResult {
        let from = MailAuthDomain.normalize(headerFrom)
        var fromOrg = discovery?.organizationalDomain
        if fromOrg == nil { fromOrg = await DMARCTreeWalk(resolver: resolver).organizationalDomain(of: from).domain }
        let org = fromOrg ?? from
        let record = discovery?.record
        var result = DMARCAlignmentResult(headerFromDomain: from, headerFromOrganizationalDomain: org, spf: nil, dkim: [])
        if let spfDomain {
            result.spf = await alignOne(spfDomain, mode: record?.spfAlignment ?? .relaxed, from: from, fromOrg: org)
        }
        for domain in dkimDomains {
            result.dkim.append(await alignOne(domain, mode: record?.dkimAlignment ?? .relaxed, from: from, fromOrg: org))
        }
        return result
    }

    private func alignOne(_ identifier: String, mode: DMARCRecord.AlignmentMode, from: String, fromOrg: String) async -> DMARCIdentifierAlignment {
        let domain = MailAuthDomain.normalize(identifier)
        var alignment = DMARCIdentifierAlignment(domain: domain, mode: mode, aligned: domain == from, organizationalDomain: nil)
        guard !alignment.aligned, mode == .relaxed else { return alignment }
        // An Organizational Domain is always the name or a parent of it, so a name outside fromOrg cannot share it.
        guard MailAuthDomain.isSameOrSubdomain(domain, of: fromOrg) else { return alignment }
        let org = await DMARCTreeWalk(resolver: resolver).organizationalDomain(of: domain).domain
        alignment.organizationalDomain = org
        alignment.aligned = org == fromOrg
        return alignment
    }
}
