import Testing
@testable import MailDNS

@Suite("SPF record parsing")
struct SPFRecordParsingTests {
    @Test(arguments: [
        "v=spf1",
        "v=spf1 -all",
        "V=SPF1 A MX -ALL",
        "v=spf1 a/24 mx/24//64 a:example.com/24//64 a//64 mx:mail.example.com -all",
        "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ip4:192.0.2.1 ~all",
        "v=spf1 include:_spf.salesforce.com ?all",
        "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
        "v=spf1 ptr ptr:example.com -all",
        "v=spf1 redirect=_spf.example.com",
        "v=spf1 -all exp=explain._spf.%{d}",
        "v=spf1 -all foo=bar moo.cow-far_out=man:dog/cat",
        "v=spf1 a:%{d}. -all",
        "v=spf1  -all  ",
    ])
    func validRecordsParse(_ text: String) throws {
        _ = try SPFRecord.parse(text)
    }

    @Test(arguments: [
        ("v=spf1 ip4:300.1.1.1 -all", SPFSyntaxError.Reason.badIPAddress),
        ("v=spf1 ip4:192.0.2.0/33", .badCIDRLength),
        ("v=spf1 ip4:192.0.2.0/024", .badCIDRLength),
        ("v=spf1 ip6:192.0.2.1", .badIPAddress),
        ("v=spf1 ip6:2001:db8::/129", .badCIDRLength),
        ("v=spf1 foo -all", .unknownMechanism),
        ("v=spf1 a:1.2.3.4 -all", .badDomainEnd),
        ("v=spf1 include -all", .missingDomain),
        ("v=spf1 include: -all", .missingDomain),
        ("v=spf1 all:foo.com", .unexpectedArgument),
        ("v=spf1 a/33", .badCIDRLength),
        ("v=spf1 mx//129", .badCIDRLength),
        ("v=spf1 exists:%{x}.example.com", .badMacro),
        ("v=spf1 exists:%{d0}.example.com", .badMacro),
        ("v=spf1 exists:100%.example.com", .badMacro),
        ("v=spf1 exists:%{c}.example.com", .explainOnlyMacro),
        ("v=spf1 redirect=a.example.com redirect=b.example.com", .duplicateModifier),
        ("v=spf1 -all exp=a.example.com exp=b.example.com", .duplicateModifier),
        ("v=spf1 1foo=bar", .badModifierName),
        ("v=spf1 - all", .emptyTerm),
        ("v=spf1 foo=%{q}", .badMacro),
    ])
    func syntaxErrorsNameTheTermAndReason(_ text: String, _ reason: SPFSyntaxError.Reason) {
        #expect(throws: SPFSyntaxError.self) { try SPFRecord.parse(text) }
        do {
            _ = try SPFRecord.parse(text)
        } catch {
            #expect(error.reason == reason, "\(text): \(error)")
            #expect(text.contains(error.term))
        }
    }

    @Test func dualCIDRLengthsAreParsed() throws {
        let record = try SPFRecord.parse("v=spf1 a:example.com/24//64 mx//96 a/16 -all")
        #expect(record.directives[0].mechanism == .a(try SPFMacroString.parseDomainSpec("example.com", term: ""), .init(ip4: 24, ip6: 64)))
        #expect(record.directives[1].mechanism == .mx(nil, .init(ip4: nil, ip6: 96)))
        #expect(record.directives[2].mechanism == .a(nil, .init(ip4: 16, ip6: nil)))
        #expect(record.directives[3].qualifier == .fail)
    }

    @Test func modifiersAreSeparatedFromDirectives() throws {
        let record = try SPFRecord.parse("v=spf1 redirect=_spf.example.com foo=bar exp=x.example.com")
        #expect(record.directives.isEmpty)
        #expect(record.redirect?.text == "_spf.example.com")
        #expect(record.explanation?.text == "x.example.com")
        #expect(record.unknownModifiers.map(\.name) == ["foo"])
        #expect(record.terms.count == 3)
    }

    @Test(arguments: ["v=spf10", "spf1 -all", "v=spf1-all", "v=DMARC1; p=none"])
    func nonSPFTextIsNotARecord(_ text: String) {
        #expect(!SPFRecord.isSPFRecord(text))
    }

    @Test func recordSelectionJoinsStringsAndRejectsDuplicates() {
        let joined = SPFRecordLookup.select(from: [.txt(["v=spf1 ip4:192.0.2.0/24", " -all"]), .txt(["google-site-verification=x"])])
        guard case .found(let record, let text) = joined else {
            Issue.record("expected a record, got \(joined)")
            return
        }
        #expect(text == "v=spf1 ip4:192.0.2.0/24 -all")
        #expect(record.directives.count == 2)
        #expect(SPFRecordLookup.select(from: [.txt(["v=spf1 -all"]), .txt(["v=spf1 +all"])]) == .multipleRecords(count: 2))
        #expect(SPFRecordLookup.select(from: [.txt(["hello"])]) == .noRecord)
    }
}
