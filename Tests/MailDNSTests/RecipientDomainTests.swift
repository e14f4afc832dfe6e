import Foundation
@testable import TestSupport
import MailDNS
import Testing

/// MailExchangeLookup on the fixture zones (offline and through nsd) and the link-scanner table.
@Suite("Recipient domain")
struct RecipientDomainTests {
    static func offline() throws -> MailExchangeLookup {
        MailExchangeLookup(resolver: try ZoneFileResolver(zoneFiles: Fixtures.zoneFiles()))
    }

    @Test(arguments: [
        ("example.test", RecipientMailRoute.mailExchanges), ("nullmx.example.test", .nullMX),
        ("implicit.example.test", .implicitMX), ("nomail.example.test", .noMailHost),
        ("nope.example.test", .domainMissing), ("dangling.example.test", .mailExchanges),
    ])
    func routesAreClassified(domain: String, route: RecipientMailRoute) async throws {
        let offlineReport = try await Self.offline().check(domain: domain)
        #expect(offlineReport.route == route)
        try await withNSD { server in
            let live = await MailExchangeLookup(resolver: try resolver(for: server.address)).check(domain: domain)
            #expect(live.route == route)
            #expect(live.exchanges.map(\.host) == offlineReport.exchanges.map(\.host))
        }
    }

    @Test func exchangesAreSortedByPreferenceWithTheirAddresses() async throws {
        let report = try await Self.offline().check(domain: "Example.Test.")
        #expect(report.exchanges.map(\.host) == ["mx1.example.test", "mx2.example.test"])
        #expect(report.exchanges.map(\.preference) == [10, 20])
        #expect(report.exchanges.map(\.addresses) == [["192.0.2.25"], ["2001:db8::25"]])
        #expect(report.acceptsMail == true)
        #expect(report.linkScanners.isEmpty)
    }

    @Test func implicitMXUsesTheDomainsOwnAddresses() async throws {
        let report = try await Self.offline().check(domain: "implicit.example.test")
        #expect(report.exchanges.count == 1)
        #expect(report.exchanges.first?.isImplicit == true)
        #expect(report.exchanges.first?.addresses == ["192.0.2.30", "2001:db8::30"])
    }

    @Test func exchangesThatDoNotResolveAreListed() async throws {
        let report = try await Self.offline().check(domain: "dangling.example.test")
        #expect(report.unresolvableExchanges == ["nowhere.example.test"])
        #expect(report.acceptsMail == true)  // mx1 still works
    }

    @Test func serverFailureIsUnknownNeverAFailure() async throws {
        try await withNSD { server in
            let report = await MailExchangeLookup(resolver: try resolver(for: server.address)).check(domain: "broken.test")
            guard case .unknown(let reason) = report.route else { Issue.record("expected unknown, got \(report.route)"); return }
            #expect(reason.contains("SERVFAIL"))
            #expect(report.acceptsMail == nil)
        }
    }

    @Test func timeoutIsUnknownAndSoIsAnExchangeWhoseAddressTimesOut() async {
        let dns = InMemoryResolver([
            "slow.test": [.mx: .timeout("no answer from 192.0.2.53:53")],
            "half.test": [.mx: .records([.mx(preference: 5, exchange: "mx.half.test")], ttl: 60, cnameChain: [])],
            "mx.half.test": [.a: .timeout("no answer"), .aaaa: .noData],
        ])
        let slow = await MailExchangeLookup(resolver: dns).check(domain: "slow.test")
        #expect(slow.route == .unknown(reason: "MX lookup for slow.test: no answer from 192.0.2.53:53"))
        let half = await MailExchangeLookup(resolver: dns).check(domain: "half.test")
        #expect(half.route == .mailExchanges)
        #expect(half.unresolvableExchanges.isEmpty)
        #expect(half.acceptsMail == nil)
    }

    @Test func gatewayIsNamedInTheReport() async {
        let dns = InMemoryResolver([
            "corp.test": [.mx: .records([
                .mx(preference: 0, exchange: "corp-test.mail.protection.outlook.com"),
                .mx(preference: 10, exchange: "eu-smtp-inbound-1.mimecast.com"),
            ], ttl: 300, cnameChain: [])],
            "corp-test.mail.protection.outlook.com": [.a: .records([.a("192.0.2.1")], ttl: 60, cnameChain: [])],
            "eu-smtp-inbound-1.mimecast.com": [.a: .records([.a("192.0.2.2")], ttl: 60, cnameChain: [])],
        ])
        let report = await MailExchangeLookup(resolver: dns).check(domain: "corp.test")
        #expect(report.linkScanners.map(\.gateway.vendor) == ["Microsoft", "Mimecast"])
        #expect(report.linkScanners.first?.matchedSuffix == "mail.protection.outlook.com")
    }

    @Test(arguments: [
        ("contoso-com.mail.protection.outlook.com", "Microsoft"), ("us-smtp-inbound-1.mimecast.com.", "Mimecast"),
        ("za-smtp-inbound-1.mimecast.co.za", "Mimecast"), ("mx0a-001b2d01.pphosted.com", "Proofpoint"),
        ("mx1-us1.ppe-hosted.com", "Proofpoint"), ("d123456a.ess.barracudanetworks.com", "Barracuda"),
        ("mx1.hc1234-56.iphmx.com", "Cisco"), ("in.tmes.trendmicro.eu", "Trend Micro"),
        ("mx-01-eu-central-1.prod.hydra.sophos.com", "Sophos"), ("cluster1.eu.messagelabs.com", "Broadcom (Symantec)"),
        ("mx01.hornetsecurity.com", "Hornetsecurity"), ("cluster-a.mailcontrol.com", "Forcepoint"),
        ("example.com.1.0001.arsmtp.com", "Zix (AppRiver, now OpenText)"),
    ])
    func linkScannerGatewaysAreRecognized(host: String, vendor: String) {
        #expect(LinkScannerCatalog.match(exchange: host)?.gateway.vendor == vendor)
    }

    @Test(arguments: ["aspmx.l.google.com", "alt1.aspmx.l.google.com", "mx1.example.test", "evilmimecast.com",
                      "mimecast.com.attacker.test", "mta5.am0.yahoodns.net"])
    func otherHostsAreNotLinkScanners(host: String) {
        #expect(LinkScannerCatalog.match(exchange: host) == nil)
    }

    @Test func catalogIsWellFormed() {
        let suffixes = LinkScannerCatalog.gateways.flatMap(\.mxSuffixes)
        #expect(Set(suffixes).count == suffixes.count, "a suffix is listed twice")
        for suffix in suffixes {
            #expect(suffix == suffix.lowercased() && !suffix.hasSuffix(".") && !suffix.hasPrefix(".") && suffix.contains("."))
        }
        #expect(!suffixes.contains { $0.hasSuffix("google.com") })
    }
}
