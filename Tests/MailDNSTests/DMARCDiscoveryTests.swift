import Testing
@testable import MailDNS

@Suite("DMARC tree walk, policy and alignment (RFC 9989)")
struct DMARCDiscoveryTests {
    @Test(arguments: [
        ("example.com", ["example.com", "com"]),
        ("a.b.c.d.e.f.g.h", ["a.b.c.d.e.f.g.h", "b.c.d.e.f.g.h", "c.d.e.f.g.h", "d.e.f.g.h", "e.f.g.h", "f.g.h", "g.h", "h"]),
        ("a.b.c.d.e.f.g.h.i.j", ["a.b.c.d.e.f.g.h.i.j", "d.e.f.g.h.i.j", "e.f.g.h.i.j", "f.g.h.i.j", "g.h.i.j", "h.i.j", "i.j", "j"]),
        ("Example.COM.", ["example.com", "com"]),
    ])
    func walkSkipsToSevenLabelsAndAsksAtMostEight(_ domain: String, _ expected: [String]) {
        let names = DMARCTreeWalk.walkDomains(for: domain)
        #expect(names == expected)
        #expect(names.count <= 8)
    }

    static func discover(_ zone: SPFTestZone, _ domain: String) async -> DMARCPolicyDiscovery {
        await DMARCPolicyDiscoverer(resolver: zone.resolver).discover(authorDomain: domain)
    }

    @Test func recordAtTheAuthorDomainAppliesP() async {
        let zone = SPFTestZone().txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=none")
        let discovery = await Self.discover(zone, "example.com")
        #expect(discovery.recordDomain == "example.com")
        #expect(discovery.appliedTag == .p)
        #expect(discovery.policy == .reject)
        #expect(discovery.organizationalDomain == "example.com")
    }

    @Test func deepSubdomainFindsTheOrganizationalRecordAndAppliesSP() async {
        let zone = SPFTestZone()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine")
            .a("a.b.c.d.e.f.g.h.mail.example.com", "192.0.2.1")
        let discovery = await Self.discover(zone, "a.b.c.d.e.f.g.h.mail.example.com")
        #expect(discovery.recordDomain == "example.com")
        #expect(discovery.organizationalDomain == "example.com")
        #expect(discovery.appliedTag == .sp)
        #expect(discovery.policy == .quarantine)
        #expect(discovery.authorDomainExists == true)
        #expect(discovery.queries.count <= 8)
        #expect(discovery.queries.first?.domain == "a.b.c.d.e.f.g.h.mail.example.com")
        #expect(discovery.queries.dropFirst().first?.domain == "e.f.g.h.mail.example.com")
    }

    @Test func nonexistentSubdomainGetsNP() async {
        let zone = SPFTestZone()
            .txt("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine; np=reject")
            .a("www.example.com", "192.0.2.1")
        let ghost = await Self.discover(zone, "ghost.example.com")
        #expect(ghost.authorDomainExists == false)
        #expect(ghost.appliedTag == .np)
        #expect(ghost.policy == .reject)
        let www = await Self.discover(zone, "www.example.com")
        #expect(www.appliedTag == .sp)
        #expect(www.policy == .quarantine)
    }

    @Test func psdYesAtAPublicSuffixMakesTheNextLabelTheOrganizationalDomain() async {
        let zone = SPFTestZone()
            .txt("_dmarc.gov.example", "v=DMARC1; p=reject; psd=y")
            .a("mail.agency.gov.example", "192.0.2.1")
        let discovery = await Self.discover(zone, "mail.agency.gov.example")
        #expect(discovery.organizationalDomain == "agency.gov.example")
        #expect(discovery.recordDomain == "gov.example")
        #expect(discovery.policy == .reject)
        #expect(await DMARCTreeWalk(resolver: zone.resolver).organizationalDomain(of: "agency.gov.example").domain == "agency.gov.example")
    }

    @Test func psdNoStopsTheWalk() async {
        let zone = SPFTestZone()
            .txt("_dmarc.dept.example.com", "v=DMARC1; p=quarantine; psd=n")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject")
        let walk = await DMARCTreeWalk(resolver: zone.resolver).organizationalDomain(of: "x.dept.example.com")
        #expect(walk.domain == "dept.example.com")
        #expect(walk.queries.map(\.domain) == ["x.dept.example.com", "dept.example.com"])
        // Without psd the fewest-label record wins.
        let plain = SPFTestZone().txt("_dmarc.dept.example.com", "v=DMARC1; p=quarantine").txt("_dmarc.example.com", "v=DMARC1; p=reject")
        #expect(await DMARCTreeWalk(resolver: plain.resolver).organizationalDomain(of: "x.dept.example.com").domain == "example.com")
    }

    @Test func testingFlagIsReported() async {
        let zone = SPFTestZone().txt("_dmarc.example.com", "v=DMARC1; p=reject; t=y")
        #expect(await Self.discover(zone, "example.com").testing)
    }

    @Test func noRecordAndDNSFailureAreDistinct() async {
        let none = await Self.discover(SPFTestZone(), "example.com")
        #expect(!none.recordFound)
        #expect(none.policy == nil)
        #expect(none.dnsFailure == nil)
        #expect(none.organizationalDomain == "example.com")
        let failing = SPFTestZone().answer("_dmarc.example.com", .txt, .serverFailure("upstream"))
        let failed = await Self.discover(failing, "example.com")
        #expect(!failed.recordFound)
        #expect(failed.dnsFailure == "_dmarc.example.com: upstream")
    }

    @Test func multipleRecordsDoNotCount() async {
        let zone = SPFTestZone().txt("_dmarc.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none")
        let discovery = await Self.discover(zone, "example.com")
        #expect(!discovery.recordFound)
        #expect(discovery.queries.first?.outcome == .multipleRecords(count: 2))
    }

    static let alignmentZone = SPFTestZone()
        .txt("_dmarc.example.com", "v=DMARC1; p=reject")
        .txt("_dmarc.strict.example", "v=DMARC1; p=reject; adkim=s; aspf=s")

    @Test(arguments: [
        ("example.com", "example.com", true),
        ("example.com", "bounce.example.com", true),
        ("mail.example.com", "example.com", true),
        ("example.com", "bnc.salesforce.com", false),
        ("example.com", "example.com.evil.example", false),
        ("strict.example", "strict.example", true),
        ("strict.example", "bounce.strict.example", false),
    ])
    func spfAlignment(_ from: String, _ envelope: String, _ aligned: Bool) async {
        let zone = Self.alignmentZone
        let discovery = await DMARCPolicyDiscoverer(resolver: zone.resolver).discover(authorDomain: from)
        let result = await DMARCAligner(resolver: zone.resolver).align(headerFrom: from, spfDomain: envelope, dkimDomains: [], discovery: discovery)
        #expect(result.spf?.aligned == aligned)
        #expect(result.aligned == aligned)
    }

    @Test func dkimAlignmentAnyValidSignatureCounts() async {
        let zone = Self.alignmentZone
        let discovery = await DMARCPolicyDiscoverer(resolver: zone.resolver).discover(authorDomain: "strict.example")
        let result = await DMARCAligner(resolver: zone.resolver).align(
            headerFrom: "strict.example", spfDomain: "bnc.salesforce.com", dkimDomains: ["s.strict.example", "strict.example"],
            discovery: discovery)
        #expect(result.spf?.aligned == false)
        #expect(result.dkim.map(\.aligned) == [false, true])
        #expect(result.dkim.first?.mode == .strict)
        #expect(result.aligned)
    }
}
