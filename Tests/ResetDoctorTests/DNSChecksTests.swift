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
        return await Engine.runOne(check, evidence, limit: .seconds(10))
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
