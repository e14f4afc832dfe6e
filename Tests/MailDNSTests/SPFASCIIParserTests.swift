#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import MailDNS

/// The byte-level parser (SPFASCIIParser) must give exactly what the Character-level reference parser gives:
/// the same record, or the same error naming the same term. Compared here on generated records.
@Suite("SPF byte-level parser matches the reference")
struct SPFASCIIParserTests {
    static let terms = [
        "all", "-all", "~all", "?all", "+all", "ALL", "all:x", "all/24", "include:_spf.example.com", "include:",
        "include:%{d}", "include:%{o}.x.test", "Include:b.test", "include:a", "include:a.1", "include:a.b-",
        "a", "a/24", "a//64", "a/24//64", "a:relay.example.com", "a:relay.example.com/24//64", "a:x.test/33", "a/01",
        "a/", "a//", "a/24/", "a:%{d}/24", "a:/24", "A:Relay.Example.Com", "mx", "mx/24", "mx:b.test//48", "ptr",
        "ptr:b.test", "ptr/24", "ip4:192.0.2.0/24", "ip4:192.0.2.1", "ip4:192.0.2.300", "ip4:192.0.2.0/33",
        "ip4:192.0.2.0/", "ip4:2001:db8::1", "ip4:01.2.3.4", "ip6:2001:db8::/32", "ip6:::1", "ip6:2001:db8::/129",
        "ip6:192.0.2.1", "ip4", "ip6:", "IP4:10.0.0.0/8", "exists:%{i}._ip.b.test", "exists:%{ir}.%{v}._spf.%{d2}",
        "exists:%{l1r-}.x.test", "exists:%{S}.x.test", "exists:%{c}.x.test", "exists:%{x}.x.test",
        "exists:%{i0}.x.test", "exists:%{i999999999}.x.test", "exists:%%.x.test", "exists:%_%-.x.test", "exists:%",
        "exists:%{", "exists:%{i", "exists:x%y.t", "redirect=b.test", "redirect=%{d}", "REDIRECT=c.test", "redirect=",
        "exp=explain.test", "foo=bar", "foo=%{i}", "foo-bar.baz=1", "1foo=bar", "f:o=bar", "x=y=z", "=x", "foo=%", "-",
        "+", "~include:a.test", "unknown", "a:x.test=", "include:x=y.test", "a:x..test", "a:x.test.", "a:x.t-t",
        "a:x.-t", "a:x.123", "a:%{d}.", "a:x.test/24//", "a:x.test//064", "mx/0", "ip6:::/0", "a:x.test/24//128",
    ]
    static let prefixes = ["v=spf1", "V=SPF1", "v=spf1", "v=spf10", "v=spf", "spf1"]
    static let noise = ["a", "Z", "0", ".", ":", "/", "=", "%", "{", "}", " ", "-", "+", "~", "?", "_", "\t", "\r\n", "R"]

    /// A reproducible stream of records: real terms, extra spaces, and now and then a character changed.
    static func records(count: Int) -> [String] {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in
            var text = prefixes[next(prefixes.count)]
            for _ in 0..<next(6) { text += (next(4) == 0 ? "  " : " ") + terms[next(terms.count)] }
            if next(3) == 0 {
                var characters = Array(text)
                let position = next(characters.count + 1)
                if position < characters.count && next(2) == 0 {
                    characters[position] = Character(noise[next(noise.count)])
                } else {
                    characters.insert(Character(noise[next(noise.count)]), at: position)
                }
                text = String(characters)
            }
            return text
        }
    }

    static func outcome(_ parse: (String) throws(SPFSyntaxError) -> SPFRecord, _ text: String) -> Result<SPFRecord, SPFSyntaxError> {
        do throws(SPFSyntaxError) { return .success(try parse(text)) } catch { return .failure(error) }
    }

    @Test func recordsParseAlikeOnBytesAndCharacters() {
        for text in Self.records(count: 5_000) {
            let bytes = Self.outcome(SPFRecord.parse, text)
            let characters = Self.outcome(SPFRecord.parseWithCharacters, text)
            #expect(bytes == characters, "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        "%{i}", "%{ir}.%{v}._spf.%{d2}", "%{L1r-}x", "%%%_%-", "%{c} %{r} %{t}", "%{", "%{}", "%{i0}", "%{i000001}",
        "%{i0000001}", "%{s.-+,/_=}", "%{s;}", "a b", "x\u{7F}", "%x", "%", "plain.example.com", "",
    ])
    func macroStringsParseAlike(text: String) {
        for allowExplainMacros in [false, true] {
            func outcome(_ parse: () throws(SPFSyntaxError) -> SPFMacroString) -> Result<SPFMacroString, SPFSyntaxError> {
                do throws(SPFSyntaxError) { return .success(try parse()) } catch { return .failure(error) }
            }
            let bytes = outcome { () throws(SPFSyntaxError) in
                try SPFMacroString.parse(text, term: "t", allowExplainMacros: allowExplainMacros)
            }
            let characters = outcome { () throws(SPFSyntaxError) in
                try SPFMacroString.parseWithCharacters(text, term: "t", allowExplainMacros: allowExplainMacros)
            }
            #expect(bytes == characters)
        }
    }

    @Test(arguments: ["192.0.2.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..2.3",
        "1.2.3.4 ", "", ".1.2.3", "1.2.3.", "2001:db8::1", "::ffff:192.0.2.1", "1.2.3.4\u{0}junk"])
    func ipv4BytesParseLikeInetPton(text: String) {
        var storage = in_addr()
        let expected = inet_pton(AF_INET, text, &storage) == 1 ? withUnsafeBytes(of: &storage) { Array($0) } : nil
        if !text.contains(":") { #expect(IPAddress(text)?.bytes == expected) }
    }
}
