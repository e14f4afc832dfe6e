import Foundation
import MailDNS

/// Turns what the lookups found into problems. Missing SPF or DMARC counts as a finding: a domain that sends the
/// reset mail without them is likely to land in spam or be rejected.
extension DomainDNSProblem {
    static func judge(
        mail: RecipientDomainReport, spf: SPFAnalysis, dmarc: DMARCPolicyDiscovery, dkim: [DKIMKeyLookup]
    ) -> [DomainDNSProblem] {
        // A domain that does not exist has nothing else worth listing.
        if mail.route == .domainMissing {
            return [.init("domain.nxdomain", .finding, "\(mail.domain) does not exist (NXDOMAIN)")]
        }
        return judgeMail(mail) + judgeSPF(spf) + judgeDMARC(dmarc) + dkim.compactMap(judgeDKIM)
    }

    static func judgeMail(_ mail: RecipientDomainReport) -> [DomainDNSProblem] {
        var problems: [DomainDNSProblem] = []
        switch mail.route {
        case .nullMX:
            problems.append(.init("mx.null", .finding, "\(mail.domain) publishes a null MX (MX 0 .): it accepts no mail (RFC 7505)"))
        case .noMailHost:
            problems.append(.init("mx.none", .finding, "\(mail.domain) has no MX record and no address to fall back to: mail cannot be delivered"))
        case .unknown(let reason):
            problems.append(.init("mx.unknown", .unknown, "mail route unknown: \(reason)"))
        case .mailExchanges, .implicitMX:
            switch mail.acceptsMail {
            case false?:
                problems.append(.init("mx.unresolvable", .finding,
                    "no mail exchanger of \(mail.domain) has an address: \(mail.unresolvableExchanges.joined(separator: ", "))"))
            case nil:
                problems.append(.init("mx.unknown", .unknown, "the addresses of \(mail.domain)'s mail exchangers could not be looked up"))
            case true?:
                break
            }
        case .domainMissing:
            break
        }
        for scanner in mail.linkScanners {
            problems.append(.init("mx.link-scanner", .info,
                "mail goes through \(scanner.gateway.vendor) \(scanner.gateway.product) (\(scanner.exchange)): \(scanner.gateway.note)"))
        }
        return problems
    }

    static func judgeSPF(_ spf: SPFAnalysis) -> [DomainDNSProblem] {
        var problems: [DomainDNSProblem] = []
        switch spf.tree.status {
        case .found, .loop, .notFollowed: break
        case .noRecord, .noSuchDomain:
            problems.append(.init("spf.missing", .finding, "\(spf.domain) publishes no SPF record"))
        case .multipleRecords(let count):
            problems.append(.init("spf.permerror", .finding, "\(spf.domain) publishes \(count) SPF records; exactly one is allowed (permerror)"))
        case .syntaxError(let error):
            problems.append(.init("spf.permerror", .finding, "\(spf.domain)'s SPF record is invalid: \(error) (permerror)"))
        case .dnsFailure(let reason):
            problems.append(.init("spf.unknown", .unknown, "the SPF record of \(spf.domain) could not be looked up: \(reason)"))
        }
        if let crossing = spf.limitCrossing {
            problems.append(.init("spf.over-limit", .finding,
                "\(spf.dnsLookupCount) DNS lookups, more than \(spf.limits.dnsQueryingTerms) (permerror); "
                    + "'\(crossing.topLevelTerm)' pushes it over, at '\(crossing.term)' in \(crossing.domain)"))
        }
        for warning in spf.warnings {
            switch warning {
            case .tooManyVoidLookups, .includeWithoutRecord, .tooManyMXHosts:
                problems.append(.init("spf.permerror", .finding, "\(warning)"))
            case .recordProblem(.dnsFailure) where spf.tree.status == .found:
                problems.append(.init("spf.unknown", .unknown, "part of the SPF tree could not be looked up: \(warning)"))
            default:
                break
            }
        }
        return problems
    }

    static func judgeDMARC(_ dmarc: DMARCPolicyDiscovery) -> [DomainDNSProblem] {
        if let failure = dmarc.dnsFailure {
            return [.init("dmarc.unknown", .unknown, "the DMARC policy could not be looked up: \(failure)")]
        }
        guard dmarc.recordFound else {
            return [.init("dmarc.missing", .finding,
                "no DMARC record at _dmarc.\(dmarc.authorDomain) or its organizational domain \(dmarc.organizationalDomain)")]
        }
        return []
    }

    static func judgeDKIM(_ key: DKIMKeyLookup) -> DomainDNSProblem? {
        switch key.status {
        case .found: return nil
        case .dnsFailure: return .init("dkim.unknown", .unknown, key.summary)
        case .revoked, .missing, .noSuchName: return .init("dkim.missing", .finding, key.summary)
        case .invalidRecord: return .init("dkim.invalid", .finding, key.summary)
        }
    }
}
