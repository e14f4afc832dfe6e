import Foundation
import MailDNS
import Salesforce
import Testing
@testable import ResetDoctor

/// The DNS checks beyond their examples: what their evidence cites, how DNS failures become unknown, and what the
/// built-in demos show.
@Suite struct DNSChecksTests {
    func run(_ check: any Check, _ edit: (inout Evidence) -> Void = { _ in }) async -> CheckResult {
        var evidence = Evidence.healthyExample
        edit(&evidence)
        return await Engine.runOne(check, evidence, limit: .seconds(120))  // the outcome is tested, not the limit: CLI tests that wait on child processes can hold the cooperative pool's 2 threads for seconds
    }

    @Test func recipientEvidenceCitesTheAnswers() async throws {
        let result = await run(DNSRecipientCheck()) {
            $0.editDNS {
                $0["acme.example"]?[.mx] = DNSExampleAnswers.records([.mx(preference: 0, exchange: "acme-example.mail.protection.outlook.com")])
                $0["acme-example.mail.protection.outlook.com"] = [.a: DNSExampleAnswers.records([.a("52.101.68.16")])]
            }
        }
        let finding = try #require(result.findings.first)
        #expect(finding.code == .dnsRecipientLinkScanner && finding.confidence == .likely)
        #expect(finding.title.contains("Microsoft"))
        let texts = finding.evidence.map(\.text)
        #expect(texts.contains("DNS acme.example MX: 0 acme-example.mail.protection.outlook.com"))
        #expect(texts.contains { $0.contains("52.101.68.16") })
        #expect(texts.contains { $0.contains("Don't immediately expire links in forgot password emails") && $0.contains("000333308") })
        #expect(finding.evidence.dropFirst().prefix(2).allSatisfy { $0.source == "dns (example answers)" })
        #expect(finding.evidence.contains { $0.source == "KB 000333308" })
    }

    @Test func aTimeoutIsUnknownAndNamesTheName() async {
        let result = await run(DNSRecipientCheck()) { $0.editDNS { $0["acme.example"]?[.mx] = .timeout("no answer from 192.0.2.53 in 3 s") } }
        #expect(result.status == .unknown)
        #expect(result.reason.contains("acme.example") && result.reason.contains("no answer from 192.0.2.53"))
    }

    @Test func dnsOffIsUnknownWithItsReasonInEveryDNSCheck() async {
        let checks: [any Check] = [DNSRecipientCheck(), DNSSenderSPFCheck(), DNSSenderDMARCCheck(), DNSSenderDKIMCheck()]
        for check in checks {
            let result = await run(check) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") }
            #expect(result.status == .unknown, "\(check.id)")
            #expect(result.reason == "DNS lookups are off (--no-dns)", "\(check.id)")
        }
    }

    @Test func failuresAreNeverFailInAnyDNSCheck() async {
        // Every name answers SERVFAIL: each check must end unknown, never fail or warn.
        struct Failing: DNSResolver {
            func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult { .serverFailure("SERVFAIL for \(name)") }
        }
        let checks: [any Check] = [DNSRecipientCheck(), DNSSenderSPFCheck(), DNSSenderDMARCCheck(), DNSSenderDKIMCheck(), RelayHostCheck()]
        for check in checks {
            let result = await run(check) {
                $0.dns = .found(DNSContext(resolver: Failing(), description: "failing"), source: "failing")
                $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example")], source: "email-relays.json")
            }
            #expect(result.status == .unknown, "\(check.id): \(result.reason)")
            #expect(result.reason.contains("SERVFAIL"), "\(check.id): \(result.reason)")
        }
    }

    @Test func spfLimitFindingNamesTheIncludeThatCrossesIt() async throws {
        let result = await run(DNSSenderSPFCheck()) { evidence in
            evidence.editDNS { table in
                table["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 include:_spf.salesforce.com include:big.acme.example -all"])])
                let inner = (1...9).map { "include:s\($0).acme.example" }.joined(separator: " ")
                table["big.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=spf1 \(inner) -all"])])]
                for index in 1...9 { table["s\(index).acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["v=spf1 ip4:192.0.2.\(index) -all"])])] }
            }
        }
        let finding = try #require(result.findings.first)
        #expect(finding.code == .dnsSenderSPFPermError)
        #expect(finding.title.contains("'include:big.acme.example' pushes it over"))
    }

    @Test func spfWithoutSalesforceIsPossibleUnderEmailSecurityCompliance() async throws {
        let noInclude: (inout Evidence) -> Void = { $0.editDNS { $0["acme.example"]?[.txt] = DNSExampleAnswers.records([.txt(["v=spf1 mx -all"])]) } }
        let withCompliance = try #require(await run(DNSSenderSPFCheck(), noInclude).findings.first)
        #expect(withCompliance.confidence == .possible)
        #expect(withCompliance.evidence.contains { $0.text.contains("emailSecurityCompliance = true") })
        let without = try #require(await run(DNSSenderSPFCheck()) {
            noInclude(&$0)
            $0.orgSettings = .found(OrgSettings(emailSecurityCompliance: false), source: "org-settings.json")
        }.findings.first)
        #expect(without.confidence == .likely)
    }

    @Test func senderDomainsComeFromTheLogBeforeTheKeys() async throws {
        var evidence = Evidence.healthyExample
        evidence.setEnvelopeSender("it@globex.example")
        let senders = try #require(try evidence.senderDomains(DNSExampleAnswers.context))
        #expect(senders.domains == ["globex.example"] && senders.origin == .emailLog)
        evidence.setEnvelopeSender("noreply@salesforce.com")
        #expect(try evidence.senderDomains(DNSExampleAnswers.context)?.domains == ["acme.example"])
        var given = DNSExampleAnswers.context
        given.senderDomains = ["Mail.Acme.Example"]
        #expect(try evidence.senderDomains(given)?.domains == ["mail.acme.example"])
    }

    @Test func dmarcUnalignedUnderBounceManagementSaysWhy() async throws {
        let result = await run(DNSSenderDMARCCheck()) {
            $0.emailDomainKeys = .found([EmailDomainKeyRecord(id: "09P1", domain: "acme.example", selector: "sf1", isActive: false)], source: "email-domain-keys.json")
            $0.editDNSContext { $0.senderDomains = ["acme.example"] }
            $0.emailLog = .found([], source: "email-log.csv")
            $0.orgSettings = .found(OrgSettings(bounceManagement: true), source: "org-settings.json")
        }
        let finding = try #require(result.findings.first)
        #expect(finding.code == .dnsSenderDMARCUnaligned && finding.confidence == .likely)
        #expect(finding.title.contains("p=quarantine") && finding.title.contains("DKIM"))
        #expect(finding.evidence.contains { $0.text.contains("bnc.salesforce.com") })
    }

    @Test func dkimFindingNamesTheSelectorAndTheCNAME() async throws {
        let result = await run(DNSSenderDKIMCheck()) { $0.editDNS { $0["sf2._domainkey.acme.example"] = nil } }
        let finding = try #require(result.findings.first)
        #expect(finding.code == .dnsSenderDKIMMissing && finding.confidence == .confirmed)
        #expect(finding.title.contains("alternate selector sf2") && finding.title.contains("sf2._domainkey.acme.example"))
    }

    @Test func relayHostTimeoutIsUnknownNotFail() async {
        let result = await run(RelayHostCheck()) {
            $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example"), EmailRelayRecord(id: "0MZ2", host: "192.0.2.9")], source: "email-relays.json")
            $0.editDNS { $0["smtp.acme.example"] = [.mx: .noData, .a: .timeout("no answer in 3 s"), .aaaa: .timeout("no answer in 3 s")] }
        }
        #expect(result.status == .unknown)
        #expect(result.reason.contains("smtp.acme.example"))
    }

    // The demos replay their dns/ zone files: no DNS check may end unknown, and each shows its story.

    static let dnsCheckIDs: Set<String> = ["dns.recipient", "dns.sender-spf", "dns.sender-dmarc", "dns.sender-dkim", "relay.host"]

    @Test(arguments: DemoCatalog.names)
    func demoDNSIsCovered(name: String) async throws {
        let evidence = try DemoCatalog.evidence(named: name)
        let results = await Engine(checks: CheckRegistry.all.filter { Self.dnsCheckIDs.contains($0.id) }).run(evidence)
        for result in results {
            #expect(result.status != .unknown, "\(name) \(result.id): \(result.reason)")
        }
        let codes = Set(results.flatMap(\.findings).map(\.code))
        #expect(codes == (name == "link-scanner" ? [.dnsRecipientLinkScanner] : []), "\(name): \(codes)")
    }
}

/// A resolver that answers from a table but knows it cannot be trusted (what LdnsResolver reports behind a
/// resolver that denies com.).
struct UntrustedResolver: DNSResolver, DNSTrustReporting {
    var inner: InMemoryResolver
    var trustProblem: String?

    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        await inner.lookup(name, type)
    }
}

/// The one place a broken resolver's answers are set aside (DNSTrust, applied by Diagnosis).
@Suite struct DNSTrustTests {
    static let problem = "the resolver at 192.0.2.53:53 says com. does not exist: it is not answering for the internet; use --nameserver"

    /// The healthy example with a null MX for the user's domain, answered by a resolver with or without a problem.
    static func evidence(problem: String?) throws -> Evidence {
        var evidence = Evidence.healthyExample
        evidence.editDNS { $0["acme.example"]?[.mx] = DNSExampleAnswers.records([.mx(preference: 0, exchange: ".")]) }
        evidence.editDNSContext { context in
            context.resolver = UntrustedResolver(inner: context.resolver as! InMemoryResolver, trustProblem: problem)
            context.source = DNSSource(kind: .live, description: "looked up live from the resolver at 192.0.2.53:53 at 2026-11-22T09:30:00Z")
        }
        return evidence
    }

    @Test func aTrustedResolverStillConfirmsANullMX() async throws {
        let report = await Diagnosis.run(try Self.evidence(problem: nil), rules: try RuleBook.builtIn())
        #expect(report.findings.contains { $0.code == .userEmailNullMX && $0.confidence == .confirmed })
        #expect(report.dnsSource.problem == nil)
        #expect(report.dnsSource.kind == .live)
    }

    @Test func anUntrustedResolverConfirmsNothingAndSaysWhyOnce() async throws {
        let evidence = try Self.evidence(problem: Self.problem)
        let report = await Diagnosis.run(evidence, rules: try RuleBook.builtIn())
        let dnsChecks = ["dns.recipient", "dns.sender-spf", "dns.sender-dmarc", "dns.sender-dkim"]
        for id in dnsChecks {
            let check = try #require(report.checks.first { $0.id == id })
            #expect(check.status == .unknown && check.reason == Self.problem, "\(id): \(check.status) \(check.reason)")
        }
        #expect(!report.findings.contains { dnsChecks.contains($0.check) || $0.check == "relay.host" })
        #expect(report.dnsSource.problem == Self.problem)
        // No false blocker, so the reset guard does not refuse because of DNS.
        let ledger = ResetLedger(file: FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).json"))
        let assessment = try ResetGuard.assess(report: report, evidence: evidence, ledger: ledger, now: evidence.now)
        #expect(!assessment.blockers.contains { $0.code == .userEmailNullMX })
        // Every format says it, the header once.
        for format in [ReportFormat.text, .markdown] {
            let text = ReportRenderer.render(report, format: format, options: RenderOptions(stableTimings: true))
            let header = text.split(separator: "\n").first { $0.contains("DNS") && $0.contains("Not trusted") }
            #expect(header != nil, "\(format)")
        }
        let json = ReportRenderer.render(report, format: .json, options: RenderOptions(stableTimings: true))
        #expect(json.contains("\"dnsSource\""))
        #expect(try Report.fromJSON(json).dnsSource == report.dnsSource)
    }
}
