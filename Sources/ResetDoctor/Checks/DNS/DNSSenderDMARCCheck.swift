import Foundation
import MailDNS
import Salesforce

/// When a sender domain's DMARC policy is quarantine or reject, does the reset mail align? By DKIM (an active
/// DKIM key for the From domain: Salesforce signs with d= the key's domain) or by SPF (the envelope sender's domain,
/// which Email Security Compliance and bounce management move to bnc.salesforce.com, where it never aligns).
struct DNSSenderDMARCCheck: Check {
    let id = "dns.sender-dmarc"
    let title = "The reset mail aligns with the sender domain's DMARC policy"
    let codes: [FindingCode] = [.dnsSenderDMARCUnaligned]

    private struct DomainResult: Sendable {
        var finding: Finding?
        var unanswered: String?
        var summary: String
    }

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let context = try evidence.requireDNS()
        guard let senders = try evidence.senderDomains(context) else { return .skipped(.noSenderDomain) }
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
        let signing = (keys ?? []).filter(\.isActive).map { $0.domain.lowercased().trimmingCharacters(in: .whitespaces) }
        let alignment = await DMARCAligner(resolver: context.resolver).align(
            headerFrom: domain, spfDomain: envelope, dkimDomains: unique(signing), discovery: discovery)
        if alignment.aligned {
            let by = alignment.dkim.first(where: \.aligned).map { "DKIM (d=\($0.domain))" }
                ?? "SPF (envelope \(alignment.spf?.domain ?? domain); dns.sender-spf checks that SPF passes)"
            return DomainResult(summary: "\(domain) has DMARC p=\(policy.rawValue) and the reset mail aligns by \(by)")
        }
        var lines = senders.provenance + [recordLine]
        lines.append(EvidenceLine(keySource, keys == nil
            ? "email-domain-keys.json is missing: DKIM alignment is not known"
            : (signing.isEmpty ? "no active DKIM key" : "active DKIM key domain(s): \(signing.joined(separator: ", ")), none aligned with \(domain) (adkim=\(record.dkimAlignment.rawValue))")))
        lines.append(context.note(envelope.map {
            "envelope sender domain \($0) does not align with \(domain) (aspf=\(record.spfAlignment.rawValue))"
                + (rewritesEnvelope ? "; Email Security Compliance or bounce management puts the envelope at bnc.salesforce.com" : "")
        } ?? "the envelope sender is not known (no mail to the user in the email log)"))
        let confidence: Confidence = keys == nil || envelope == nil ? .possible : .likely
        return DomainResult(
            finding: Finding(.dnsSenderDMARCUnaligned, confidence: confidence, title: .unalignedTitle(domain, policy), evidence: lines),
            summary: "")
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
            CheckExample("DMARC lookup SERVFAIL", status: .unknown) {
                $0.editDNS { $0["_dmarc.acme.example"] = [.txt: .serverFailure("SERVFAIL from 192.0.2.53")] }
            },
            CheckExample("no sender domain", status: .skipped) { $0.emailDomainKeys = .found([], source: "email-domain-keys.json") },
            CheckExample("DNS lookups are off", status: .unknown) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") },
        ]
    }
}

extension String {
    fileprivate static let noSenderDomain = "the reset mail's envelope sender is Salesforce's own domain and the org has no active DKIM key domain: no org DMARC policy applies"
    fileprivate static func unalignedTitle(_ domain: String, _ policy: DMARCRecord.Policy) -> String {
        "\(domain) has DMARC p=\(policy.rawValue) and the reset mail aligns neither by DKIM nor by SPF, so receivers may \(policy == .reject ? "reject" : "quarantine") it: create and activate a DKIM key for \(domain) (Setup > DKIM Keys)"
    }
}
