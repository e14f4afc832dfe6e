import Testing
@testable import MailDNS

@Suite("SPF static analysis")
struct SPFAnalyzerTests {
    static func analyze(_ zone: SPFTestZone, _ domain: String = "example.com") async -> SPFAnalysis {
        await SPFAnalyzer(resolver: zone.resolver).analyze(domain: domain)
    }

    /// example.com: a, mx (2), include:big.example (+1, and 4 a + include + exists inside: 9), then
    /// include:_spf.salesforce.com is the 10th and its exists the 11th.
    static let overLimit = SPFTestZone()
        .txt("example.com", "v=spf1 a mx include:big.example include:_spf.salesforce.com -all")
        .a("example.com", "192.0.2.1").mx("example.com", (10, "mx1.example.com"), (20, "mx2.example.com"))
        .txt("big.example", "v=spf1 a:h1.big.example a:h2.big.example a:h3.big.example a:h4.big.example include:more.big.example ~all")
        .a("h1.big.example", "192.0.2.11").a("h2.big.example", "192.0.2.12").a("h3.big.example", "192.0.2.13").a("h4.big.example", "192.0.2.14")
        .txt("more.big.example", "v=spf1 exists:x.big.example ip4:203.0.113.0/24 ~all").a("x.big.example", "127.0.0.1")
        .txt("_spf.salesforce.com", "v=spf1 exists:%{i}._spf.mta.salesforce.com -all")

    @Test func namesTheTermThatCrossesTheLimit() async {
        let analysis = await Self.analyze(Self.overLimit)
        #expect(analysis.dnsLookupCount == 11)
        #expect(analysis.authorizesSalesforce)
        #expect(analysis.mxHostLookupCount == 2)
        let crossing = analysis.limitCrossing
        #expect(crossing?.term == "exists:%{i}._spf.mta.salesforce.com")
        #expect(crossing?.domain == "_spf.salesforce.com")
        #expect(crossing?.count == 11)
        #expect(crossing?.topLevelTerm == "include:_spf.salesforce.com")
        #expect(crossing?.path == ["include:_spf.salesforce.com", "exists:%{i}._spf.mta.salesforce.com"])
        #expect(analysis.warnings.contains(.tooManyDNSLookups(count: 11, limit: 10)))
        #expect(analysis.warnings.contains(.targetDependsOnMessage(domain: "_spf.salesforce.com", term: "exists:%{i}._spf.mta.salesforce.com")))
    }

    @Test func withinTheLimitHasNoCrossing() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 mx include:_spf.example.net -all")
            .mx("example.com", (10, "mx.example.com"))
            .txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all")
        let analysis = await Self.analyze(zone)
        #expect(analysis.dnsLookupCount == 2)
        #expect(analysis.limitCrossing == nil)
        #expect(!analysis.authorizesSalesforce)
        #expect(analysis.warnings.isEmpty)
        #expect(analysis.tree.terms[1].target.first?.record == "v=spf1 ip4:192.0.2.0/24 -all")
    }

    @Test func crossingInsideANestedIncludeNamesTheTopLevelInclude() async {
        var zone = SPFTestZone().txt("example.com", "v=spf1 ip4:192.0.2.1 include:vendor.example -all")
        var inner = "v=spf1"
        for n in 1...10 {
            inner += " a:h\(n).vendor.example"
            zone = zone.a("h\(n).vendor.example", "198.51.100.\(n)")
        }
        zone = zone.txt("vendor.example", "v=spf1 include:inner.vendor.example ~all").txt("inner.vendor.example", inner + " ~all")
        let analysis = await Self.analyze(zone)
        #expect(analysis.dnsLookupCount == 12)
        #expect(analysis.limitCrossing?.term == "a:h9.vendor.example")
        #expect(analysis.limitCrossing?.topLevelTerm == "include:vendor.example")
        #expect(analysis.limitCrossing?.path == ["include:vendor.example", "include:inner.vendor.example", "a:h9.vendor.example"])
    }

    @Test func warnings() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 ptr a:gone1.example.com a:gone2.example.com mx:gone3.example.com include:nospf.example +all")
            .exists("nospf.example")
            .txt("noall.example", "v=spf1 ip4:192.0.2.1")
            .txt("both.example", "v=spf1 ?all redirect=example.com")
        let analysis = await Self.analyze(zone)
        #expect(analysis.warnings.contains(.ptrUsed(domain: "example.com", term: "ptr")))
        #expect(analysis.warnings.contains(.permissiveAll(domain: "example.com", term: "+all")))
        #expect(analysis.warnings.contains(.includeWithoutRecord(domain: "example.com", term: "include:nospf.example", target: "nospf.example")))
        #expect(analysis.voidLookupCount == 3)
        #expect(analysis.warnings.contains(.tooManyVoidLookups(count: 3, limit: 2)))
        #expect(await Self.analyze(zone, "noall.example").warnings == [.noAllNoRedirect(domain: "noall.example")])
        let both = await Self.analyze(zone, "both.example")
        #expect(both.warnings.contains(.redirectIgnored(domain: "both.example")))
        #expect(both.warnings.contains(.permissiveAll(domain: "both.example", term: "?all")))
        #expect(both.dnsLookupCount == 0)
    }

    @Test func loopsAreReportedNotFollowed() async {
        let zone = SPFTestZone().txt("a.example", "v=spf1 include:b.example -all").txt("b.example", "v=spf1 redirect=a.example")
        let analysis = await Self.analyze(zone, "a.example")
        #expect(analysis.warnings.contains(.loop(domain: "b.example", term: "redirect=a.example", target: "a.example")))
        #expect(analysis.dnsLookupCount == 2)
    }

    @Test func mxWithManyHostsWarns() async {
        var answers: [DNSRecord] = []
        for n in 1...12 { answers.append(.mx(preference: n, exchange: "mx\(n).example.com")) }
        let zone = SPFTestZone().txt("example.com", "v=spf1 mx -all").answer("example.com", .mx, .records(answers, ttl: 60, cnameChain: []))
        let analysis = await Self.analyze(zone)
        #expect(analysis.mxHostLookupCount == 12)
        #expect(analysis.warnings.contains(.tooManyMXHosts(domain: "example.com", term: "mx", count: 12, limit: 10)))
    }

    @Test func recordProblemsAreReported() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 -all", "v=spf1 +all").answer("down.example", .txt, .timeout("5 s"))
        #expect(await Self.analyze(zone).tree.status == .multipleRecords(count: 2))
        let down = await Self.analyze(zone, "down.example")
        #expect(down.tree.status == .dnsFailure("timeout: 5 s"))
    }

    /// A record's lookups wait for one another in no way: the walk's terms cost one round trip per record level.
    @Test func lookupsOfOneRecordAreInFlightTogether() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 a mx include:_spf.example.net -all")
            .a("example.com", "192.0.2.1").mx("example.com", (10, "mx.example.com"))
            .txt("_spf.example.net", "v=spf1 a:relay.example.net ip4:198.51.100.0/24 -all")
            .a("relay.example.net", "192.0.2.25")
        let gate = LookupRoundGate(zone.resolver)
        let analysis = Task { await SPFAnalyzer(resolver: gate).analyze(domain: "example.com") }
        #expect(await gate.release(["example.com TXT"]) == ["example.com TXT"])
        #expect(
            await gate.release(["example.com A", "example.com AAAA", "example.com MX", "_spf.example.net TXT"])
                == ["_spf.example.net TXT", "example.com A", "example.com AAAA", "example.com MX"])
        #expect(await gate.release(["relay.example.net A", "relay.example.net AAAA"])
            == ["relay.example.net A", "relay.example.net AAAA"])
        gate.open()
        #expect(await analysis.value == (await Self.analyze(zone)))
    }
}
