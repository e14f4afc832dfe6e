import Testing
@testable import MailDNS

@Suite("SPF check_host (RFC 7208)")
struct SPFEvaluatorTests {
    /// The zone of RFC 7208 Appendix A, with example.com's record supplied per test.
    static func appendixA(record: String) -> SPFTestZone {
        SPFTestZone()
            .txt("example.com", record)
            .mx("example.com", (10, "mail-a.example.com"), (20, "mail-b.example.com"))
            .a("example.com", "192.0.2.10", "192.0.2.11")
            .a("amy.example.com", "192.0.2.65")
            .a("bob.example.com", "192.0.2.66")
            .a("mail-a.example.com", "192.0.2.129")
            .a("mail-b.example.com", "192.0.2.130")
            .mx("example.org", (10, "mail-c.example.org"))
            .a("mail-c.example.org", "192.0.2.140")
            .ptr("10.2.0.192.in-addr.arpa", "example.com")
            .ptr("11.2.0.192.in-addr.arpa", "example.com")
            .ptr("65.2.0.192.in-addr.arpa", "amy.example.com")
            .ptr("66.2.0.192.in-addr.arpa", "bob.example.com")
            .ptr("129.2.0.192.in-addr.arpa", "mail-a.example.com")
            .ptr("130.2.0.192.in-addr.arpa", "mail-b.example.com")
            .ptr("140.2.0.192.in-addr.arpa", "mail-c.example.org")
            .ptr("4.0.0.10.in-addr.arpa", "bob.example.com")
    }

    static func check(_ zone: SPFTestZone, ip: String, domain: String = "example.com", sender: String? = nil, helo: String = "mx.example.net") async -> SPFEvaluation {
        let evaluator = SPFEvaluator(resolver: zone.resolver, receivingHost: "mx.receiver.example", clock: { 1_700_000_000 })
        return await evaluator.checkHost(ip: ip, domain: domain, sender: sender ?? "strong-bad@\(domain)", helo: helo)
    }

    @Test(arguments: [
        ("v=spf1 +all", "192.0.2.200", SPFResult.pass),
        ("v=spf1 a -all", "192.0.2.10", .pass),
        ("v=spf1 a -all", "192.0.2.11", .pass),
        ("v=spf1 a -all", "192.0.2.12", .fail),
        ("v=spf1 a:example.org -all", "192.0.2.10", .fail),
        ("v=spf1 mx -all", "192.0.2.129", .pass),
        ("v=spf1 mx -all", "192.0.2.130", .pass),
        ("v=spf1 mx -all", "192.0.2.140", .fail),
        ("v=spf1 mx:example.org -all", "192.0.2.140", .pass),
        ("v=spf1 mx mx:example.org -all", "192.0.2.140", .pass),
        ("v=spf1 mx mx:example.org -all", "192.0.2.131", .fail),
        ("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.131", .pass),
        ("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.143", .pass),
        ("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.144", .fail),
        ("v=spf1 ptr -all", "192.0.2.65", .pass),
        ("v=spf1 ptr -all", "192.0.2.140", .fail),
        ("v=spf1 ptr -all", "10.0.0.4", .fail),
        ("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.65", .fail),
        ("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.129", .pass),
        ("v=spf1 ~all", "192.0.2.1", .softfail),
        ("v=spf1 ?all", "192.0.2.1", .neutral),
        ("v=spf1", "192.0.2.1", .neutral),
        ("v=spf1 ip4:192.0.2.0/24", "198.51.100.1", .neutral),
        ("v=spf1 -ip4:192.0.2.10 +all", "192.0.2.10", .fail),
        ("v=spf1 foo=bar -all", "192.0.2.1", .fail),
    ])
    func appendixAExamples(_ record: String, _ ip: String, _ expected: SPFResult) async {
        let evaluation = await Self.check(Self.appendixA(record: record), ip: ip)
        #expect(evaluation.result == expected, "\(record) for \(ip): \(evaluation.trace)")
    }

    @Test func ipv4MappedIPv6IsTreatedAsIPv4() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
        #expect(await Self.check(zone, ip: "::ffff:192.0.2.3").result == .pass)
        #expect(await Self.check(zone, ip: "::ffff:198.51.100.3").result == .fail)
    }

    @Test func ipv6MechanismsAndDualCIDR() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 ip6:2001:db8:1::/48 a//64 -all")
            .aaaa("example.com", "2001:db8:2::1")
        #expect(await Self.check(zone, ip: "2001:db8:1::99").result == .pass)
        #expect(await Self.check(zone, ip: "2001:db8:2::abcd").result == .pass)
        #expect(await Self.check(zone, ip: "2001:db8:3::1").result == .fail)
        #expect(await Self.check(zone, ip: "192.0.2.1").result == .fail)
    }

    @Test func noRecordOrNoDomainOrBadDomainIsNone() async {
        let zone = SPFTestZone().txt("example.com", "google-site-verification=abc").exists("bare.example")
        #expect(await Self.check(zone, ip: "192.0.2.1").result == .none)
        #expect(await Self.check(zone, ip: "192.0.2.1", domain: "missing.example").result == .none)
        #expect(await Self.check(zone, ip: "192.0.2.1", domain: "localhost").problem == .invalidDomain("localhost"))
    }

    @Test func multipleRecordsArePermerror() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 -all", "v=spf1 +all")
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .multipleRecords(domain: "example.com", count: 2))
    }

    @Test func syntaxErrorIsPermerrorWithTheTerm() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 ip4:192.0.2.0/24 ip4:999.0.0.1 -all")
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .syntax(domain: "example.com", error: .init(term: "ip4:999.0.0.1", reason: .badIPAddress)))
    }

    @Test(arguments: [
        DNSLookupResult.timeout("no answer in 5 s"), .serverFailure("upstream"), .refused("policy"),
    ])
    func dnsErrorsAreTemperror(_ failure: DNSLookupResult) async {
        let top = SPFTestZone().answer("example.com", .txt, failure)
        #expect(await Self.check(top, ip: "192.0.2.1").result == .temperror)
        let nested = SPFTestZone()
            .txt("example.com", "v=spf1 include:_spf.example.net -all")
            .txt("_spf.example.net", "v=spf1 a:servers.example.net -all")
            .answer("servers.example.net", .a, failure)
        let evaluation = await Self.check(nested, ip: "192.0.2.1")
        #expect(evaluation.result == .temperror)
        #expect({ if case .dnsFailure(let name, .a, _)? = evaluation.problem { name == "servers.example.net" } else { false } }())
    }

    @Test func includeLoopEndsInPermerrorThroughTheLookupLimit() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 include:example.com -all")
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .tooManyDNSLookups(domain: "example.com", term: "include:example.com", limit: 10))
    }

    @Test func redirectLoopEndsInPermerror() async {
        let zone = SPFTestZone().txt("a.example", "v=spf1 redirect=b.example").txt("b.example", "v=spf1 redirect=a.example")
        #expect(await Self.check(zone, ip: "192.0.2.1", domain: "a.example").result == .permerror)
    }

    static func lookupZone(terms: Int) -> SPFTestZone {
        var zone = SPFTestZone()
        var record = "v=spf1"
        for n in 1...terms {
            record += " a:h\(n).example.com"
            zone = zone.a("h\(n).example.com", "198.51.100.\(n)")
        }
        return zone.txt("example.com", record + " -all")
    }

    @Test func tenLookupsAreFineElevenArePermerror() async {
        let ten = await Self.check(Self.lookupZone(terms: 10), ip: "192.0.2.1")
        #expect(ten.result == .fail)
        #expect(ten.dnsLookups == 10)
        let eleven = await Self.check(Self.lookupZone(terms: 11), ip: "192.0.2.1")
        #expect(eleven.result == .permerror)
        #expect(eleven.problem == .tooManyDNSLookups(domain: "example.com", term: "a:h11.example.com", limit: 10))
        // A match before the 11th term ends evaluation, so the limit is never reached.
        #expect(await Self.check(Self.lookupZone(terms: 11), ip: "198.51.100.3").result == .pass)
    }

    @Test func threeVoidLookupsArePermerror() async {
        let two = SPFTestZone().txt("example.com", "v=spf1 a:n1.example.com mx:n2.example.com -all")
        #expect(await Self.check(two, ip: "192.0.2.1").result == .fail)
        let three = SPFTestZone().txt("example.com", "v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com -all")
        let evaluation = await Self.check(three, ip: "192.0.2.1")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .tooManyVoidLookups(domain: "example.com", term: "exists:n3.example.com", limit: 2))
        #expect(evaluation.voidLookups == 3)
    }

    @Test func tooManyMXNamesIsPermerror() async {
        var zone = SPFTestZone().txt("example.com", "v=spf1 mx -all")
        var answers: [DNSRecord] = []
        for n in 1...11 { answers.append(.mx(preference: n, exchange: "mx\(n).example.com")) }
        zone = zone.answer("example.com", .mx, .records(answers, ttl: 60, cnameChain: []))
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.problem == .tooManyMXNames(domain: "example.com", term: "mx", count: 11, limit: 10))
    }

    @Test func nullMXMatchesNothing() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 mx ~all").mx("example.com", (0, "."))
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.result == .softfail)
        #expect(evaluation.matchedTerm == "~all")
    }

    @Test func includeSemantics() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 include:neutral.example include:pass.example -all")
            .txt("neutral.example", "v=spf1 ?all")
            .txt("pass.example", "v=spf1 ip4:192.0.2.0/24 -all")
        let pass = await Self.check(zone, ip: "192.0.2.7")
        #expect(pass.result == .pass)
        #expect(pass.matchedTerm == "include:pass.example")
        #expect(pass.matchedDomain == "example.com")
        // The included record's -all is "not matched", not fail.
        let fail = await Self.check(zone, ip: "198.51.100.7")
        #expect(fail.result == .fail)
        #expect(fail.matchedTerm == "-all")
        #expect(fail.dnsLookups == 2)
    }

    @Test func includeOfDomainWithoutRecordIsPermerror() async {
        let zone = SPFTestZone().txt("example.com", "v=spf1 include:nospf.example -all").exists("nospf.example")
        let evaluation = await Self.check(zone, ip: "192.0.2.1")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .includeWithoutRecord(domain: "example.com", term: "include:nospf.example", target: "nospf.example"))
    }

    @Test func redirectIsFollowedAndIgnoredWhenAllIsPresent() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 redirect=_spf.example.net")
            .txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("withall.example", "v=spf1 -all redirect=_spf.example.net")
            .txt("broken.example", "v=spf1 redirect=nospf.example")
        #expect(await Self.check(zone, ip: "192.0.2.1").result == .pass)
        #expect(await Self.check(zone, ip: "198.51.100.1").result == .fail)
        let withAll = await Self.check(zone, ip: "192.0.2.1", domain: "withall.example")
        #expect(withAll.result == .fail)
        #expect(withAll.dnsLookups == 0)
        let broken = await Self.check(zone, ip: "192.0.2.1", domain: "broken.example")
        #expect(broken.problem == .redirectWithoutRecord(domain: "broken.example", target: "nospf.example"))
    }

    @Test func expExplainsFailWithMacros() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 mx -all exp=explain._spf.%{d}")
            .txt("explain._spf.example.com", "%{i} is not one of %{d}'s designated mail servers.")
        let evaluation = await Self.check(zone, ip: "192.0.2.3")
        #expect(evaluation.result == .fail)
        #expect(evaluation.explanationFromDomain)
        #expect(evaluation.explanation == "192.0.2.3 is not one of example.com's designated mail servers.")
    }

    @Test func expIsOnlyForFailAndNotFromIncludes() async {
        let zone = SPFTestZone()
            .txt("soft.example", "v=spf1 ~all exp=e.soft.example").txt("e.soft.example", "custom")
            .txt("example.com", "v=spf1 -include:inc.example ~all")
            .txt("inc.example", "v=spf1 +all exp=e.inc.example").txt("e.inc.example", "from include")
            .txt("broken.example", "v=spf1 -all exp=none.example")
        let soft = await Self.check(zone, ip: "192.0.2.1", domain: "soft.example")
        #expect(soft.result == .softfail)
        #expect(!soft.explanationFromDomain)
        let fromInclude = await Self.check(zone, ip: "192.0.2.1")
        #expect(fromInclude.result == .fail)
        #expect(!fromInclude.explanationFromDomain)
        let broken = await Self.check(zone, ip: "192.0.2.1", domain: "broken.example")
        #expect(broken.result == .fail)
        #expect(!broken.explanationFromDomain)
    }

    @Test func redirectTargetsExpReplacesTheOriginal() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 exp=orig.example redirect=target.example").txt("orig.example", "original")
            .txt("target.example", "v=spf1 -all exp=e.target.example").txt("e.target.example", "target says %{o}")
        #expect(await Self.check(zone, ip: "192.0.2.1").explanation == "target says example.com")
    }

    @Test func emptySenderBecomesPostmasterAtHelo() async {
        let zone = SPFTestZone()
            .txt("helo.example", "v=spf1 exists:%{l}.%{o}.x.example -all")
            .a("postmaster.helo.example.x.example", "127.0.0.2")
        let evaluation = await Self.check(zone, ip: "192.0.2.1", domain: "helo.example", sender: "", helo: "helo.example")
        #expect(evaluation.result == .pass)
    }

    @Test func salesforceStyleExistsMacro() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 include:_spf.salesforce.example -all")
            .txt("_spf.salesforce.example", "v=spf1 exists:%{i}._spf.salesforce.example -all")
            .a("13.110.0.5._spf.salesforce.example", "127.0.0.1")
        #expect(await Self.check(zone, ip: "13.110.0.5").result == .pass)
        #expect(await Self.check(zone, ip: "13.110.0.6").result == .fail)
    }

    @Test func ptrMacroUsesValidatedName() async {
        let zone = Self.appendixA(record: "v=spf1 exists:%{p}.allow.example -all").a("amy.example.com.allow.example", "127.0.0.2")
        #expect(await Self.check(zone, ip: "192.0.2.65").result == .pass)
        #expect(await Self.check(zone, ip: "192.0.2.66").result == .fail)
    }

    @Test func traceAndCountsAreReported() async {
        let zone = SPFTestZone()
            .txt("example.com", "v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all")
            .txt("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all")
        let evaluation = await Self.check(zone, ip: "192.0.2.9")
        #expect(evaluation.result == .pass)
        #expect(evaluation.dnsLookups == 1)
        #expect(evaluation.trace.first == "example.com: v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all")
        #expect(evaluation.trace.contains("  ip4:198.51.100.0/24 → no match"))
        #expect(evaluation.trace.contains("    ip4:192.0.2.0/24 → match (pass)"))
        #expect(evaluation.explanation.contains("include:_spf.example.net"))
    }

    @Test func invalidClientAddressIsPermerror() async {
        let evaluation = await Self.check(SPFTestZone(), ip: "not-an-ip")
        #expect(evaluation.result == .permerror)
        #expect(evaluation.problem == .invalidIPAddress("not-an-ip"))
    }
}
