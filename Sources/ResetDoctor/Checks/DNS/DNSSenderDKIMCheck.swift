import Foundation
import MailDNS
import Salesforce

/// Does every active DKIM key's selector (and alternate selector) resolve to a key? Salesforce hosts the keys; the
/// domain owner publishes `<selector>._domainkey.<domain>` as a CNAME to Salesforce's custdkim host. A missing or
/// revoked key means receivers cannot verify the signature, so DKIM (and DMARC by DKIM) fails.
struct DNSSenderDKIMCheck: Check {
    let id = "dns.sender-dkim"
    let scope: CheckScope = .org
    let title = "The DKIM keys Salesforce signs with are published"
    let codes: [FindingCode] = [.dnsSenderDKIMMissing]

    private struct Selector: Sendable {
        var key: EmailDomainKeyRecord
        var name: String
        var role: String
    }

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let keys = try evidence.emailDomainKeys.require()
        let keySource = evidence.emailDomainKeys.source ?? "email-domain-keys.json"
        let active = keys.filter(\.isActive)
        guard !active.isEmpty else {
            return .skipped("no active DKIM key; org.sender-domain reports unverified sender domains")
        }
        let context = try evidence.requireDNS()
        let selectors = active.flatMap { key in
            [(key.selector, "selector"), (key.alternateSelector, "alternate selector")].compactMap { name, role in
                name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : Selector(key: key, name: $0, role: role) }
            }
        }
        guard !selectors.isEmpty else { return .unknown("the active DKIM keys in \(keySource) name no selector") }
        let service = DKIMKeyLookupService(resolver: context.resolver)
        let lookups = await concurrentMap(selectors) { selector in
            await service.lookup(selector: selector.name, domain: selector.key.domain)
        }
        var findings: [Finding] = []
        var unanswered: [String] = []
        for (selector, lookup) in zip(selectors, lookups) {
            switch lookup.status {
            case .found: continue
            case .dnsFailure:
                unanswered.append("DNS \(lookup.queryName) TXT: \(lookup.dnsFailure ?? "no answer")")
            case .missing, .noSuchName, .revoked, .invalidRecord:
                let lines = [
                    EvidenceLine(keySource, "DKIM key \(selector.key.id) for \(selector.key.domain): \(selector.role) \(selector.name), IsActive = true"),
                    context.note("DNS \(lookup.queryName) TXT: \(lookup.summary)"),
                    context.note(.publishCNAME(lookup)),
                ]
                findings.append(Finding(.dnsSenderDKIMMissing, confidence: .confirmed, title: .missingTitle(selector.role, lookup), evidence: lines))
            }
        }
        let names = zip(selectors, lookups).map { "\($0.1.queryName)" }.joined(separator: ", ")
        return dnsOutcome(
            findings: findings, unanswered: unanswered, passReason: "every active DKIM selector resolves to a key: \(names)",
            foundReason: findings.map(\.title).joined(separator: "; "))
    }

    var examples: [CheckExample] {
        [
            CheckExample("both selectors are CNAMEs to Salesforce with keys", status: .pass),
            CheckExample("alternate selector not published", status: .warn, codes: [.dnsSenderDKIMMissing]) {
                $0.editDNS { $0["sf2._domainkey.acme.example"] = nil }
            },
            CheckExample("CNAME to Salesforce but no key there yet", status: .warn, codes: [.dnsSenderDKIMMissing]) {
                $0.editDNS { $0["sf1._domainkey.acme.example"]?[.txt] = nil }
            },
            CheckExample("revoked key", status: .warn, codes: [.dnsSenderDKIMMissing]) {
                $0.editDNS { $0["sf1._domainkey.acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=DKIM1; k=rsa; p="])]) }
            },
            CheckExample("selector lookup times out", status: .unknown) {
                $0.editDNS { $0["sf1._domainkey.acme.example"]?[.txt] = .timeout("no answer in 3 s") }
            },
            CheckExample("no active key", status: .skipped) {
                $0.emailDomainKeys = .found([EmailDomainKeyRecord(id: "09P1", domain: "acme.example", selector: "sf1", isActive: false)], source: "email-domain-keys.json")
            },
            CheckExample("no DKIM key file", status: .unknown) { $0.emailDomainKeys = .missing(reason: "email-domain-keys.json is not in the evidence") },
            CheckExample("DNS lookups are off", status: .unknown) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") },
        ]
    }
}

extension String {
    fileprivate static func missingTitle(_ role: String, _ lookup: DKIMKeyLookup) -> String {
        let state = switch lookup.status {
        case .revoked: "publishes a revoked key (empty p=)"
        case .invalidRecord: "holds no valid DKIM key"
        case .missing where lookup.isSalesforceHosted: "points to Salesforce but no key is published there yet"
        default: "is not published"
        }
        return "DKIM \(role) \(lookup.selector) of \(lookup.domain) \(state): receivers cannot verify Salesforce's signature; publish the CNAME \(lookup.queryName) that Setup > DKIM Keys shows"
    }
    fileprivate static func publishCNAME(_ lookup: DKIMKeyLookup) -> String {
        if let target = lookup.cnameChain.last, lookup.isSalesforceHosted {
            return "\(lookup.queryName) is a CNAME to \(target); the key there is not usable yet: check the key in Setup > DKIM Keys"
        }
        return "publish \(lookup.queryName) CNAME <the …custdkim.salesforce.com target shown in Setup > DKIM Keys>"
    }
}
