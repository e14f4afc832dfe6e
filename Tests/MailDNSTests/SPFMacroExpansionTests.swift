import Testing
@testable import MailDNS

@Suite("SPF macro expansion (RFC 7208 §7.4)")
struct SPFMacroExpansionTests {
    static func context(ip: String) -> SPFMacroContext {
        SPFMacroContext(
            sender: "strong-bad@email.example.com", domain: "email.example.com", ip: IPAddress(ip) ?? .unspecifiedV4,
            helo: "mx.example.org", receivingHost: "mx.receiver.example", timestamp: 1_700_000_000)
    }

    @Test(arguments: [
        ("%{s}", "strong-bad@email.example.com"),
        ("%{o}", "email.example.com"),
        ("%{d}", "email.example.com"),
        ("%{d4}", "email.example.com"),
        ("%{d3}", "email.example.com"),
        ("%{d2}", "example.com"),
        ("%{d1}", "com"),
        ("%{dr}", "com.example.email"),
        ("%{d2r}", "example.email"),
        ("%{l}", "strong-bad"),
        ("%{l-}", "strong.bad"),
        ("%{lr}", "strong-bad"),
        ("%{lr-}", "bad.strong"),
        ("%{l1r-}", "strong"),
        ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
        ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
        ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
        ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
        ("%{i}", "192.0.2.3"),
        ("%{h}", "mx.example.org"),
        ("%{p}", "unknown"),
        ("%{d10}", "email.example.com"),
        ("%%%_%-", "% %20"),
        ("%{S}", "strong-bad%40email.example.com"),
        ("%{L}", "strong-bad"),
    ])
    func ipv4Examples(_ macro: String, _ expected: String) throws {
        let spec = try SPFMacroString.parse(macro, term: macro)
        #expect(spec.expand(in: Self.context(ip: "192.0.2.3")) == expected)
    }

    @Test func ipv6Example() throws {
        let spec = try SPFMacroString.parse("%{ir}.%{v}._spf.%{d2}", term: "")
        #expect(
            spec.expand(in: Self.context(ip: "2001:db8::cb01"))
                == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com")
    }

    @Test(arguments: [
        ("%{c}", "192.0.2.3"),
        ("%{r}", "mx.receiver.example"),
        ("%{t}", "1700000000"),
        ("%{i} is not one of %{d}'s designated mail servers.", "192.0.2.3 is not one of email.example.com's designated mail servers."),
    ])
    func explainOnlyMacros(_ text: String, _ expected: String) throws {
        let spec = try SPFMacroString.parse(text, term: "exp", allowExplainMacros: true)
        #expect(spec.expand(in: Self.context(ip: "192.0.2.3")) == expected)
    }

    @Test func ipv6ClientAddressReadsCompressedInC() throws {
        let spec = try SPFMacroString.parse("%{c} %{v}", term: "exp", allowExplainMacros: true)
        #expect(spec.expand(in: Self.context(ip: "2001:db8::cb01")) == "2001:db8::cb01 ip6")
    }

    @Test func emptySenderLocalPartIsPostmaster() {
        var context = Self.context(ip: "192.0.2.3")
        context.sender = "@example.org"
        #expect(context.localPart == "postmaster")
        #expect(context.senderDomain == "example.org")
    }
}
