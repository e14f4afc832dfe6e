import Foundation
import MailDNS
import Salesforce

/// When a sender domain's DMARC policy is quarantine or reject, does the reset mail align? By DKIM (an active
/// DKIM key for the From domain whose selector publishes a key: Salesforce signs with d= the key's domain) or by
/// SPF (the envelope sender's domain, which Email Security Compliance and bounce management move to
/// bnc.salesforce.com, where it never aligns). An identifier counts only if it also authenticates: DMARC passes by
/// SPF only when that domain's SPF authorizes Salesforce (as dns.sender-spf judges it), and by DKIM only when the
/// key is published (as dns.sender-dkim judges it). No pass rests on a premise those checks refute.
struct DNSSenderDMARCCheck: Check {
    let id = "dns.sender-dmarc"
    let scope: CheckScope = .org
    let title = "The reset mail aligns with the sender domain's DMARC policy"
    let codes: [FindingCode] = [.dnsSenderDMARCUnaligned]

    private struct DomainResult: Sendable {
        var finding: Finding?
        var unanswered: String?
        var summary: String
    }

    /// Whether an aligned identifier also authenticates.
    private enum Authentication: Sendable, Equatable {
        case passes(String)
        case fails(String)
        case unknown(String)
    }

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let context = try evidence.requireDNS()
        guard let senders = try evidence.senderDomains(context) else {
            if evidence.emailDomainKeys.value == nil { return .unknown(.keysMissing) }
            return .skipped(.noSenderDomain)
        }
        let keys = evidence.emailDomainKeys.value
        let keySource = evidence.emailDomainKeys.source ?? "email-domain-keys.json"
        let settings = evidence.orgSettings.value
        let rewritesEnvelope = settings?.emailSecurityCompliance == true || settings?.bounceManagement == true
        let results = await concurrentMap(senders.domains) { domain in
            await Self.check(domain, context, senders, keys: keys, keySource: keySource, rewritesEnvelope: rewritesEnvelope)
        }
        let findings = results.compactMap(\.finding)
        return dnsOutcome(
            findings: findings, unanswered: results.compactMap(\.unanswered),
            passReason: results.map(\.summary).joined(separator: "; "),
            foundReason: findings.map(\.title).joined(separator: "; "))
    }

    private static func check(
        _ domain: String, _ context: DNSContext, _ senders: SenderDomains,
        keys: [EmailDomainKeyRecord]?, keySource: String, rewritesEnvelope: Bool
    ) async -> DomainResult {
        let discovery = await DMARCPolicyDiscoverer(resolver: context.resolver).discover(authorDomain: domain)
        if let failure = discovery.dnsFailure {
            return DomainResult(unanswered: "DMARC of \(domain): DNS \(failure)", summary: "")
        }
        guard let record = discovery.record, let policy = discovery.policy else {
            return DomainResult(summary: "\(domain) publishes no DMARC record: receivers apply no DMARC policy")
        }
        let recordLine = context.note("DNS _dmarc.\(discovery.recordDomain ?? domain) TXT: \"\(record.text)\"")
        guard policy != .none else {
            return DomainResult(summary: "\(domain)'s DMARC policy is p=none: unaligned mail is only reported, not blocked")
        }
        // The envelope sender's domain: the email log's when it shows mail to the user, else what the settings imply.
        let envelope: String? = senders.origin == .emailLog ? domain
            : (senders.envelopeDomains.first ?? (rewritesEnvelope ? "bnc.salesforce.com" : nil))
        let activeKeys = (keys ?? []).filter(\.isActive)
        let signing = unique(activeKeys.map { $0.domain.lowercased().trimmingCharacters(in: .whitespaces) })
        let alignment = await DMARCAligner(resolver: context.resolver).align(
            headerFrom: domain, spfDomain: envelope, dkimDomains: signing, discovery: discovery)

        // An aligned identifier must also authenticate; collect why each one does not.
        var notes: [EvidenceLine] = []
        var unknowns: [String] = []
        for aligned in alignment.dkim where aligned.aligned {
            switch await dkimAuthentication(aligned.domain, keys: activeKeys, context) {
            case .passes(let how):
                return DomainResult(summary: "\(domain) has DMARC p=\(policy.rawValue) and the reset mail aligns by DKIM (d=\(aligned.domain); \(how))")
            case .fails(let why): notes.append(context.note(why))
            case .unknown(let why): unknowns.append(why)
            }
        }
        if let spf = alignment.spf, spf.aligned {
            switch await spfAuthentication(spf.domain, context) {
            case .passes(let how):
                return DomainResult(summary: "\(domain) has DMARC p=\(policy.rawValue) and the reset mail aligns by SPF (envelope \(spf.domain); \(how))")
            case .fails(let why): notes.append(context.note(why))
            case .unknown(let why): unknowns.append(why)
            }
        }
        if !unknowns.isEmpty {
            return DomainResult(unanswered: "DMARC of \(domain) (p=\(policy.rawValue)): whether the aligned identifier authenticates is not known: \(unknowns.joined(separator: "; "))", summary: "")
        }
        var lines = senders.provenance + [recordLine]
        lines.append(EvidenceLine(keySource, keys == nil
            ? "email-domain-keys.json is missing: DKIM alignment is not known"
            : (signing.isEmpty ? "no active DKIM key" : "active DKIM key domain(s): \(signing.joined(separator: ", "))"
                + (alignment.dkim.contains(where: \.aligned) ? "" : ", none aligned with \(domain) (adkim=\(record.dkimAlignment.rawValue))"))))
        if alignment.spf?.aligned != true {
            lines.append(context.note(envelope.map {
                "envelope sender domain \($0) does not align with \(domain) (aspf=\(record.spfAlignment.rawValue))"
                    + (rewritesEnvelope ? "; Email Security Compliance or bounce management puts the envelope at bnc.salesforce.com" : "")
            } ?? "the envelope sender is not known (no mail to the user in the email log)"))
        }
        lines += notes
        let confidence: Confidence = keys == nil || envelope == nil ? .possible : .likely
        return DomainResult(
            finding: Finding(.dnsSenderDMARCUnaligned, confidence: confidence, title: .unalignedTitle(domain, policy), evidence: lines),
            summary: "")
    }

    /// DKIM authenticates d=`domain` when an active key for it publishes a key under its selector (the selector
    /// Salesforce signs with), as dns.sender-dkim checks.
    private static func dkimAuthentication(_ domain: String, keys: [EmailDomainKeyRecord], _ context: DNSContext) async -> Authentication {
        let service = DKIMKeyLookupService(resolver: context.resolver)
        var failures: [String] = []
        var unknowns: [String] = []
        for key in keys where key.domain.lowercased().trimmingCharacters(in: .whitespaces) == domain {
            guard let selector = key.selector?.trimmingCharacters(in: .whitespaces), !selector.isEmpty else {
                unknowns.append("DKIM key \(key.id) for \(domain) names no selector"); continue
            }
            let lookup = await service.lookup(selector: selector, domain: domain)
            switch lookup.status {
            case .found: return .passes("its key is published at \(lookup.queryName)")
            case .dnsFailure: unknowns.append("DNS \(lookup.queryName) TXT: \(lookup.dnsFailure ?? "no answer")")
            case .missing, .noSuchName, .revoked, .invalidRecord:
                failures.append("DKIM for d=\(domain) cannot pass: \(lookup.summary) (dns.sender-dkim)")
            }
        }
        if !unknowns.isEmpty { return .unknown(unknowns.joined(separator: "; ")) }
        return .fails(failures.isEmpty ? "no active DKIM key signs as \(domain)" : failures.joined(separator: "; "))
    }

    /// SPF authenticates the envelope domain only when its SPF authorizes Salesforce: check_host() for
    /// `--sender-ip`, else the record tree includes _spf.salesforce.com within the limits, as dns.sender-spf judges.
    private static func spfAuthentication(_ domain: String, _ context: DNSContext) async -> Authentication {
        if let ip = context.senderIP {
            let spf = await SPFEvaluator(resolver: context.resolver).checkHost(ip: ip, domain: domain, sender: "postmaster@\(domain)", helo: domain)
            switch spf.result {
            case .pass: return .passes("check_host(\(ip), \(domain)) = pass")
            case .temperror: return .unknown("SPF of \(domain) for \(ip): temperror (\(spf.explanation))")
            default:
                return .fails("SPF cannot align: check_host(\(ip), \(domain)) = \(spf.result.rawValue), not pass (dns.sender-spf)")
            }
        }
        let analysis = await SPFAnalyzer(resolver: context.resolver).analyze(domain: domain)
        switch analysis.tree.status {
        case .dnsFailure(let reason): return .unknown("SPF of \(domain): DNS \(domain) TXT: \(reason)")
        case .noRecord, .noSuchDomain: return .fails("SPF cannot align: \(domain) publishes no SPF record, so SPF does not pass for Salesforce (dns.sender-spf)")
        case .multipleRecords, .syntaxError: return .fails("SPF cannot align: \(domain)'s SPF record is broken (permerror; dns.sender-spf)")
        case .found, .loop, .notFollowed: break
        }
        if analysis.limitCrossing != nil || analysis.voidLookupCount > analysis.limits.voidLookups {
            return .fails("SPF cannot align: \(domain)'s SPF exceeds the lookup limits (permerror; dns.sender-spf)")
        }
        if analysis.warnings.contains(where: { if case .includeWithoutRecord = $0 { true } else { false } }) {
            return .fails("SPF cannot align: an include in \(domain)'s SPF has no record (permerror; dns.sender-spf)")
        }
        for case .recordProblem(.dnsFailure(let name, _, let reason)) in analysis.warnings where name != analysis.domain {
            return .unknown("SPF of \(domain): the lookup of \(name) failed (\(reason))")
        }
        guard analysis.authorizesSalesforce else {
            return .fails("SPF cannot align: \(domain)'s SPF record does not include \(SPFAnalyzer.salesforceInclude), so it does not authorize Salesforce's servers (dns.sender-spf)")
        }
        return .passes("its SPF includes \(SPFAnalyzer.salesforceInclude)")
    }

    var examples: [CheckExample] {
        [
            CheckExample("p=quarantine, aligned by the active DKIM key", status: .pass),
            CheckExample("no DMARC record", status: .pass) { $0.editDNS { $0["_dmarc.acme.example"] = nil } },
            CheckExample("p=none", status: .pass) {
                $0.editDNS { $0["_dmarc.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=DMARC1; p=none"])])] }
            },
            CheckExample("p=reject, DKIM key inactive, envelope at Salesforce", status: .warn, codes: [.dnsSenderDMARCUnaligned]) {
                $0.editDNSContext { $0.senderDomains = ["acme.example"] }
                $0.emailDomainKeys = .found([EmailDomainKeyRecord(id: "09P1", domain: "acme.example", selector: "sf1", isActive: false)], source: "email-domain-keys.json")
                $0.editDNS { $0["_dmarc.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=DMARC1; p=reject"])])] }
            },
            CheckExample("strict DKIM alignment and a key for the parent domain", status: .warn, codes: [.dnsSenderDMARCUnaligned]) {
                $0.editDNSContext { $0.senderDomains = ["mail.acme.example"] }
                $0.editDNS { $0["_dmarc.mail.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=DMARC1; p=quarantine; adkim=s; aspf=s"])])] }
            },
            CheckExample("the org's envelope sender aligns by SPF", status: .pass) {
                $0.setEnvelopeSender("it@acme.example")
                $0.emailDomainKeys = .found([], source: "email-domain-keys.json")
            },
            CheckExample("the org's envelope aligns but its SPF does not authorize Salesforce, and no DKIM key", status: .warn, codes: [.dnsSenderDMARCUnaligned]) {
                $0.setEnvelopeSender("it@acme.example")
                $0.emailDomainKeys = .found([], source: "email-domain-keys.json")
                $0.editDNS { $0["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 mx -all"])]) }
            },
            CheckExample("--sender-ip: the aligned envelope fails SPF for Salesforce's address", status: .warn, codes: [.dnsSenderDMARCUnaligned]) {
                $0.setEnvelopeSender("it@acme.example")
                $0.emailDomainKeys = .found([], source: "email-domain-keys.json")
                $0.editDNSContext { $0.senderIP = "198.51.100.9" }
            },
            CheckExample("the aligned DKIM key is not published and SPF does not align", status: .warn, codes: [.dnsSenderDMARCUnaligned]) {
                $0.editDNS { $0["sf1._domainkey.acme.example"] = nil }
            },
            CheckExample("the aligned DKIM key's lookup times out", status: .unknown) {
                $0.editDNS { $0["sf1._domainkey.acme.example"]?[.txt] = .timeout("no answer in 3 s") }
            },
            CheckExample("Salesforce's envelope and no DKIM key file: the sender domain is not known", status: .unknown) {
                $0.emailDomainKeys = .missing(reason: "email-domain-keys.json is not in the evidence")
            },
            CheckExample("DMARC lookup SERVFAIL", status: .unknown) {
                $0.editDNS { $0["_dmarc.acme.example"] = [.txt: .serverFailure("SERVFAIL from 192.0.2.53")] }
            },
            CheckExample("no sender domain", status: .skipped) { $0.emailDomainKeys = .found([], source: "email-domain-keys.json") },
            CheckExample("DNS lookups are off", status: .unknown) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") },
        ]
    }
}

extension String {
    fileprivate static let keysMissing = "the email log shows only Salesforce's own envelope sender and email-domain-keys.json is missing, so whether the org sends as its own domain (an active DKIM key) is not known: add the file or give --sender-domain"
    fileprivate static let noSenderDomain = "the reset mail's envelope sender is Salesforce's own domain and the org has no active DKIM key domain: no org DMARC policy applies"
    fileprivate static func unalignedTitle(_ domain: String, _ policy: DMARCRecord.Policy) -> String {
        "\(domain) has DMARC p=\(policy.rawValue) and the reset mail aligns neither by DKIM nor by SPF, so receivers may \(policy == .reject ? "reject" : "quarantine") it: create and activate a DKIM key for \(domain) (Setup > DKIM Keys)"
    }
}
