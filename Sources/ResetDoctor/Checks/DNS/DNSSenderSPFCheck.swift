import Foundation
import MailDNS
import Salesforce

/// Does each sender domain's SPF let Salesforce send as it? With `--sender-ip`, RFC 7208 check_host() for that IP;
/// without, the static record tree: a record, under 10 lookups and 2 void lookups, with include:_spf.salesforce.com.
struct DNSSenderSPFCheck: Check {
    let id = "dns.sender-spf"
    let scope: CheckScope = .org
    let title = "The sender domain's SPF authorizes Salesforce"
    let codes: [FindingCode] = [.dnsSenderSPFFail, .dnsSenderSPFPermError, .dnsSenderSPFTempError]

    /// What one domain gave: findings, or a reason DNS could not say.
    private struct DomainResult: Sendable {
        var findings: [Finding] = []
        var unanswered: String?
        var summary: String
    }

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let context = try evidence.requireDNS()
        guard let senders = try evidence.senderDomains(context) else {
            // Salesforce's own envelope; whether the org also sends as a domain of its own is in the DKIM key file.
            if evidence.emailDomainKeys.value == nil { return .unknown(.keysMissing) }
            return .skipped(.noSenderDomain)
        }
        let compliance = evidence.orgSettings.value?.emailSecurityCompliance == true
        let settingsSource = evidence.orgSettings.source ?? "org-settings.json"
        let results = await concurrentMap(senders.domains) { domain in
            if let ip = context.senderIP {
                return await Self.evaluate(domain, ip: ip, context, senders)
            }
            return await Self.analyze(domain, context, senders, compliance: compliance ? settingsSource : nil)
        }
        return dnsOutcome(
            findings: results.flatMap(\.findings), unanswered: results.compactMap(\.unanswered),
            passReason: results.map(\.summary).joined(separator: "; "),
            foundReason: results.flatMap(\.findings).map(\.title).joined(separator: "; "))
    }

    /// check_host() for the given IP, as a receiver would run it.
    private static func evaluate(_ domain: String, ip: String, _ context: DNSContext, _ senders: SenderDomains) async -> DomainResult {
        let spf = await SPFEvaluator(resolver: context.resolver).checkHost(ip: ip, domain: domain, sender: "postmaster@\(domain)", helo: domain)
        if spf.result == .temperror, case .dnsFailure(let name, _, let reason)? = spf.problem, name == spf.domain {
            return DomainResult(unanswered: "SPF of \(domain): DNS \(name) TXT: \(reason)", summary: "")
        }
        var lines = senders.provenance + [context.note("check_host(\(ip), \(domain)) = \(spf.result.rawValue): \(spf.explanation)")]
        lines += spf.trace.prefix(12).map { context.note("SPF trace: \($0)") }
        let code: FindingCode
        switch spf.result {
        case .fail, .softfail: code = .dnsSenderSPFFail
        case .permerror: code = .dnsSenderSPFPermError
        case .temperror: code = .dnsSenderSPFTempError
        case .none where senders.origin == .emailLog: code = .dnsSenderSPFFail
        case .pass, .neutral, .none:
            return DomainResult(summary: "\(domain): SPF \(spf.result.rawValue) for \(ip)")
        }
        return DomainResult(
            findings: [Finding(code, confidence: .confirmed, title: .evaluationTitle(domain, ip, spf), evidence: lines)],
            summary: "")
    }

    /// The static tree: is there one good record, within the limits, that includes Salesforce?
    /// `compliance` is the source of an Email Security Compliance setting that is on, nil when it is off or not known.
    private static func analyze(_ domain: String, _ context: DNSContext, _ senders: SenderDomains, compliance: String?) async -> DomainResult {
        let analysis = await SPFAnalyzer(resolver: context.resolver).analyze(domain: domain)
        let tree = analysis.tree
        var lines = senders.provenance
        lines.append(context.note("DNS \(domain) TXT (SPF): \(tree.record.map { "\"\($0)\"" } ?? statusText(tree.status))"))
        func finding(_ code: FindingCode, _ confidence: Confidence, _ title: String, _ extra: [EvidenceLine] = []) -> DomainResult {
            DomainResult(findings: [Finding(code, confidence: confidence, title: title, evidence: lines + extra)], summary: "")
        }
        switch tree.status {
        case .dnsFailure(let reason):
            return DomainResult(unanswered: "SPF of \(domain): DNS \(domain) TXT: \(reason)", summary: "")
        case .noRecord, .noSuchDomain:
            guard senders.origin == .emailLog else {
                return DomainResult(summary: "\(domain) publishes no SPF record, but the reset mail's envelope sender is not \(domain)")
            }
            return finding(.dnsSenderSPFFail, .likely, .noRecordTitle(domain))
        case .multipleRecords(let count):
            return finding(.dnsSenderSPFPermError, .confirmed, .permerrorTitle(domain, SPFProblem.multipleRecords(domain: domain, count: count).description))
        case .syntaxError(let error):
            return finding(.dnsSenderSPFPermError, .confirmed, .permerrorTitle(domain, "\(error)"))
        case .found, .loop, .notFollowed:
            break
        }
        if let crossing = analysis.limitCrossing {
            return finding(.dnsSenderSPFPermError, .confirmed, .tooManyLookupsTitle(domain, analysis.dnsLookupCount, crossing), [
                context.note("the lookup count passes \(analysis.limits.dnsQueryingTerms) at \(crossing.path.joined(separator: " → "))"),
            ])
        }
        if analysis.voidLookupCount > analysis.limits.voidLookups {
            return finding(.dnsSenderSPFPermError, .confirmed, .permerrorTitle(domain, "\(analysis.voidLookupCount) lookups find nothing; more than \(analysis.limits.voidLookups) is a permerror"))
        }
        for warning in analysis.warnings {
            switch warning {
            case .includeWithoutRecord:
                return finding(.dnsSenderSPFPermError, .confirmed, .permerrorTitle(domain, warning.description))
            case .recordProblem(.dnsFailure(let name, _, let reason)) where name != analysis.domain:
                return finding(.dnsSenderSPFTempError, .likely, .temperrorTitle(domain, name, reason))
            default: continue
            }
        }
        guard analysis.authorizesSalesforce else {
            let why = senders.origin == .emailLog ? [] : compliance.map { [EvidenceLine($0, .complianceNote(domain))] } ?? []
            return finding(.dnsSenderSPFFail, why.isEmpty ? .likely : .possible, .noSalesforceTitle(domain), why)
        }
        return DomainResult(summary: "\(domain)'s SPF includes \(SPFAnalyzer.salesforceInclude) (\(analysis.dnsLookupCount) of \(analysis.limits.dnsQueryingTerms) lookups)")
    }

    private static func statusText(_ status: SPFIncludeTree.Status) -> String {
        switch status {
        case .noRecord: return "no v=spf1 record"
        case .noSuchDomain: return "NXDOMAIN (the name does not exist)"
        case .multipleRecords(let count): return "\(count) v=spf1 records"
        case .dnsFailure(let reason): return reason
        default: return "\(status)"
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("SPF includes _spf.salesforce.com", status: .pass),
            CheckExample("no sender domain: Salesforce's own envelope and no active DKIM key", status: .skipped) {
                $0.emailDomainKeys = .found([], source: "email-domain-keys.json")
            },
            CheckExample("SPF does not include Salesforce (compliance on: possible)", status: .warn, codes: [.dnsSenderSPFFail]) {
                $0.editDNS { $0["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 mx -all"])]) }
            },
            CheckExample("the org's envelope sender and no SPF record", status: .warn, codes: [.dnsSenderSPFFail]) {
                $0.setEnvelopeSender("it@acme.example")
                $0.editDNS { $0["acme.example"]?[.txt] = nil }
            },
            CheckExample("two SPF records", status: .warn, codes: [.dnsSenderSPFPermError]) {
                $0.editDNS { $0["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt([DNSExampleAnswers.spf]), .txt(["v=spf1 -all"])]) }
            },
            CheckExample("more than 10 lookups", status: .warn, codes: [.dnsSenderSPFPermError]) {
                $0.editDNS { table in
                    let includes = (1...10).map { "include:s\($0).spf.acme.example" }.joined(separator: " ")
                    table["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 include:_spf.salesforce.com \(includes) -all"])])
                    for index in 1...10 { table["s\(index).spf.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=spf1 ip4:192.0.2.\(index) -all"])])] }
                }
            },
            CheckExample("an include times out: temperror", status: .warn, codes: [.dnsSenderSPFTempError]) {
                $0.editDNS { $0["_spf.salesforce.com"] = [.txt: .timeout("no answer in 3 s")] }
            },
            CheckExample("the domain's own SPF lookup times out", status: .unknown) {
                $0.editDNS { $0["acme.example"]?[.txt] = .serverFailure("SERVFAIL from 192.0.2.53") }
            },
            CheckExample("--sender-ip fails SPF", status: .warn, codes: [.dnsSenderSPFFail]) {
                $0.editDNSContext { $0.senderIP = "198.51.100.9" }
                $0.editDNS { $0["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 ip4:192.0.2.0/24 -all"])]) }
            },
            CheckExample("--sender-ip passes through Salesforce's exists", status: .pass) {
                $0.editDNSContext { $0.senderIP = "13.110.6.214" }
                $0.editDNS { $0["13.110.6.214._spf.mta.salesforce.com"] = [.a: DNSExampleAnswers.records([.a("127.0.0.1")])] }
            },
            CheckExample("--sender-domain without SPF: not the envelope, so no finding", status: .pass) {
                $0.editDNSContext { $0.senderDomains = ["globex.example"] }
                $0.editDNS { $0["globex.example"] = [.mx: DNSExampleAnswers.records([.mx(preference: 10, exchange: "mx1.acme.example")])] }
            },
            CheckExample("Salesforce's envelope and no DKIM key file: whether the org sends as its own domain is not known", status: .unknown) {
                $0.emailDomainKeys = .missing(reason: "email-domain-keys.json is not in the evidence")
            },
            CheckExample("DNS lookups are off", status: .unknown) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") },
        ]
    }
}

extension String {
    fileprivate static let keysMissing = "the email log shows only Salesforce's own envelope sender and email-domain-keys.json is missing, so whether the org sends as its own domain (an active DKIM key) is not known: add the file or give --sender-domain"
    fileprivate static let noSenderDomain = "the reset mail's envelope sender is Salesforce's own domain: its SPF is Salesforce's (and the org has no active DKIM key domain to check)"
    fileprivate static func noRecordTitle(_ domain: String) -> String {
        "\(domain) publishes no SPF record, so receivers cannot authorize Salesforce to send the reset mail as \(domain)"
    }
    fileprivate static func noSalesforceTitle(_ domain: String) -> String {
        "\(domain)'s SPF record does not include \(SPFAnalyzer.salesforceInclude): receivers may reject or junk mail Salesforce sends as \(domain)"
    }
    fileprivate static func complianceNote(_ domain: String) -> String {
        "emailSecurityCompliance = true: Salesforce's bounce domain is then the envelope sender, so SPF is checked against bnc.salesforce.com rather than \(domain); this matters for mail whose envelope is \(domain)"
    }
    fileprivate static func permerrorTitle(_ domain: String, _ problem: String) -> String {
        "\(domain)'s SPF record is broken (permerror): \(problem)"
    }
    fileprivate static func tooManyLookupsTitle(_ domain: String, _ count: Int, _ crossing: SPFLimitCrossing) -> String {
        "\(domain)'s SPF needs \(count) DNS lookups, more than 10 (permerror): '\(crossing.topLevelTerm)' pushes it over at '\(crossing.term)' in \(crossing.domain); flatten or remove that include"
    }
    fileprivate static func temperrorTitle(_ domain: String, _ name: String, _ reason: String) -> String {
        "\(domain)'s SPF could not be evaluated: the lookup of \(name) failed (\(reason)); receivers see a temperror and may defer the mail"
    }
    fileprivate static func evaluationTitle(_ domain: String, _ ip: String, _ spf: SPFEvaluation) -> String {
        "SPF of \(domain) gives \(spf.result.rawValue) for \(ip): \(spf.explanation)"
    }
}

extension Evidence {
    /// For examples: makes the envelope sender of every email log row `sender`.
    mutating func setEnvelopeSender(_ sender: String) {
        guard case .found(var rows, let source) = self.emailLog else { return }
        for index in rows.indices { rows[index].sender = sender }
        self.emailLog = .found(rows, source: source)
    }
}
