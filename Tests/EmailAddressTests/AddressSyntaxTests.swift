import Foundation
import Testing
@testable import EmailAddress

/// One row of the address table: the address, whether it is valid, and a fragment that must appear in the reason
/// (invalid) or in one of the notes (valid; empty means "no particular note").
struct AddressCase: Sendable, CustomTestStringConvertible {
    var address: String
    var valid: Bool
    var fragment: String
    var normalized: String?
    var line: Int

    static func valid(_ address: String, note: String = "", normalized: String? = nil, line: Int = #line) -> Self {
        Self(address: address, valid: true, fragment: note, normalized: normalized, line: line)
    }

    static func invalid(_ address: String, _ reason: String, line: Int = #line) -> Self {
        Self(address: address, valid: false, fragment: reason, normalized: nil, line: line)
    }

    var testDescription: String { "line \(line): \(address.debugDescription)" }
}

private func repeated(_ character: Character, _ count: Int) -> String { String(repeating: character, count: count) }

/// 189 octets of domain in labels of at most 63: with a 64-octet local part and "@" the address is 254 octets.
private let domain189 = repeated("a", 63) + "." + repeated("b", 63) + "." + repeated("c", 57) + ".com"
private let domain190 = repeated("a", 63) + "." + repeated("b", 63) + "." + repeated("c", 58) + ".com"
private let domain255 = [repeated("a", 63), repeated("b", 63), repeated("c", 63), repeated("d", 63)].joined(separator: ".")

let addressTable: [AddressCase] = [
    // Plain dot-strings and atext
    .valid("ada@example.com", normalized: "ada@example.com"),
    .valid("ada.lovelace@example.com"),
    .valid("Ada.Lovelace@Example.COM", normalized: "Ada.Lovelace@example.com"),
    .valid("ada+salesforce@example.co.uk"),
    .valid("!#$%&'*+-/=?^_`{|}~@example.com"),
    .valid("a@b.co"),
    .valid("user@sub.domain.example.org"),
    .valid("1234@example.com"),
    .valid("ada@123.example.com"),
    .valid("ada@example-one.com"),
    .valid("ada@xn--bcher-kva.example", note: "reads bücher.example"),
    // Trimming
    .valid("  ada@example.com\t", note: "surrounding whitespace was removed", normalized: "ada@example.com"),
    .valid("\u{00A0}ada@example.com\n", note: "surrounding whitespace was removed"),
    // Quoted local parts (RFC 5321 Quoted-string)
    .valid("\"john..doe\"@example.com", note: "quoted"),
    .valid("\"a\\\"b\"@example.com", note: "quoted"),
    .valid("\"a b\"@example.com", note: "quoted"),
    .valid("\"a@b\"@example.com", note: "quoted"),
    .valid("\"ada\"@example.com", note: "the quotes are not needed"),
    .valid("\".ada\"@example.com", note: "quoted"),
    .invalid("\"\"@example.com", "the quoted local part is empty"),
    .invalid("\"ada@example.com", "no closing double quote"),
    .invalid("\"ada\".lovelace@example.com", "mixes quoted and unquoted"),
    .invalid("ada.\"lovelace\"@example.com", "double quote that does not enclose"),
    .invalid("\"ada\\é\"@example.com", "backslash in the quoted local part"),
    .invalid("\"ada\"", "no @ sign after the quoted local part"),
    // Dots in the local part
    .invalid("ada..lovelace@example.com", "two dots in a row (\"ada..lovelace\")"),
    .invalid(".ada@example.com", "starts with a dot"),
    .invalid("ada.@example.com", "ends with a dot"),
    // @ signs and empty parts
    .invalid("ada.example.com", "has no @ sign"),
    .invalid("ada@lovelace@example.com", "2 @ signs"),
    .invalid("@example.com", "nothing before the @"),
    .invalid("ada@", "nothing after the @"),
    .invalid("", "the address is empty"),
    .invalid("   ", "the address is empty"),
    // Whitespace, controls, invisible characters
    .invalid("ada lovelace@example.com", "contains a space"),
    .invalid("ada@exam ple.com", "the domain contains a space"),
    .invalid("ada\t@example.com", "control character U+0009 (tab)"),
    .invalid("ada@example.com\u{0}x", "control character U+0000 (null)"),
    .invalid("\"a\u{7F}b\"@example.com", "control character U+007F (delete)"),
    .invalid("ada\u{200B}@example.com", "invisible character U+200B (zero width space)"),
    // Comments, display names and other RFC 5322 forms a stored address cannot have
    .invalid("ada(comment)@example.com", "comment in parentheses"),
    .invalid("ada@example.com(comment)", "comment in parentheses"),
    .invalid("Ada Lovelace <ada@example.com>", "only the bare address ada@example.com"),
    .invalid("mailto:ada@example.com", "mailto:"),
    .invalid("Mailto:ada@example.com", "mailto:"),
    .invalid("ada,bob@example.com", "exactly one address"),
    .invalid("a\\b@example.com", "backslash"),
    .invalid("ada[1]@example.com", "only allowed inside a quoted local part"),
    // Local part length: 64 octets allowed, 65 not (octets, not characters)
    .valid(repeated("a", 64) + "@example.com"),
    .invalid(repeated("a", 65) + "@example.com", "65 octets long"),
    .invalid(repeated("é", 33) + "@example.com", "66 octets long"),
    // Whole address: 254 octets allowed, 255 not; domain over 255 octets
    .valid(repeated("a", 64) + "@" + domain189),
    .invalid(repeated("a", 64) + "@" + domain190, "the address is 255 octets long"),
    .invalid("ada@" + domain255, "the address is 259 octets long"),  // the domain itself (255 octets) is allowed
    .invalid("ada@" + domain255 + ".com", "the domain is 259 octets long; the limit is 255"),
    // Labels: 1–63 octets, no leading or trailing hyphen, no reserved "--"
    .valid("ada@" + repeated("a", 63) + ".com"),
    .invalid("ada@" + repeated("a", 64) + ".com", "64 octets long; the limit is 63"),
    .invalid("ada@-example.com", "starts with a hyphen"),
    .invalid("ada@example-.com", "ends with a hyphen"),
    .invalid("ada@ab--cd.com", "third and fourth positions"),
    .invalid("ada@exa_mple.com", "underscore"),
    .invalid("ada@example!.com", "\"!\""),
    .invalid("ada@example,com", "comma"),
    // Dots in the domain
    .invalid("ada@example.com.", "ends with a dot"),
    .invalid("ada@.example.com", "starts with a dot"),
    .invalid("ada@example..com", "two dots in a row"),
    // Single label and numeric TLDs
    .invalid("ada@localhost", "single label"),
    .invalid("ada@example.123", "all digits"),
    .invalid("ada@192.0.2.1", "IPv4 address without brackets"),
    // Address literals
    .valid("ada@[192.0.2.1]", note: "IP address literal", normalized: "ada@[192.0.2.1]"),
    .valid("ada@[IPv6:2001:db8::1]", note: "IP address literal", normalized: "ada@[IPv6:2001:db8::1]"),
    .valid("ada@[ipv6:2001:DB8:0:0:0:0:0:1]", normalized: "ada@[IPv6:2001:db8:0:0:0:0:0:1]"),
    .valid("ada@[IPv6:::ffff:192.0.2.1]", note: "IP address literal"),
    .invalid("ada@[192.0.2.256]", "greater than 255"),
    .invalid("ada@[192.0.2]", "3 parts instead of 4"),
    .invalid("ada@[IPv6:2001:db8::1::2]", "more than once"),
    .invalid("ada@[IPv6:1:2:3:4:5:6:7::8]", "at least two groups"),
    .invalid("ada@[IPv6:12345::1]", "hexadecimal"),
    .invalid("ada@[2001:db8::1]", "uses the tag \"2001\""),
    .invalid("ada@[example.com]", "neither an IPv4 address"),
    .invalid("ada@[192.0.2.1", "no closing bracket"),
    .valid("ada@[IPv6:1:2:3:4:5:6:192.0.2.1]"),
    .valid("ada@[IPv6:::]"),
    .invalid("ada@[IPv6:1:2:3:4:5:6:7]", "7 groups instead of 8"),
    // Internationalized (RFC 6531, IDNA2008)
    .valid("用户@例子.广告", note: "SMTPUTF8", normalized: "用户@xn--fsqu00a.xn--4rr70v"),
    .valid("ada@bücher.example", note: "xn--bcher-kva.example", normalized: "ada@xn--bcher-kva.example"),
    .valid("Pelé@example.com", note: "SMTPUTF8", normalized: "Pelé@example.com"),
    .valid("ada@BÜCHER.example", normalized: "ada@xn--bcher-kva.example"),
    .valid("ada@例子。广告", normalized: "ada@xn--fsqu00a.xn--4rr70v"),
    .valid("ada@straße.de", normalized: "ada@xn--strae-oqa.de"),
    .valid("\"Pelé Ñ\"@example.com", note: "SMTPUTF8"),
    .invalid("ada@xn--zz.com", "not a valid A-label"),
    .invalid("ada@xn--ls8h.la", "IDNA2008 does not allow"),
    .invalid("ada@💩.la", "IDNA2008"),
    .invalid("ada@i❤.ws", "IDNA2008"),
    .invalid("ada@a\u{200D}b.com", "joiner"),
    // RFC 6761 special-use names: .invalid never resolves; .example and .test stand in for real domains
    .invalid("ada@acme.com.invalid", "reserved by RFC 6761"),
    .invalid("Ada@Acme.COM.INVALID", "never resolves"),
    .valid("ada@invalid.example"),
    .valid("ada@acme.invalid.example"),
    .valid("ada@acme.test"),
]

@Suite("Address syntax")
struct AddressSyntaxTests {
    @Test(arguments: addressTable)
    func addressTableRow(_ row: AddressCase) {
        let check = EmailAddressValidator.check(row.address)
        #expect(check.valid == row.valid, "reason: \(check.reason ?? "none")")
        #expect(check.input == row.address)
        if row.valid {
            #expect(check.reason == nil)
            #expect(check.normalized != nil)
            if !row.fragment.isEmpty {
                #expect(check.notes.contains { $0.contains(row.fragment) }, "notes: \(check.notes)")
            }
            if let normalized = row.normalized { #expect(check.normalized == normalized) }
        } else {
            #expect(check.normalized == nil)
            let reason = check.reason ?? ""
            #expect(reason.contains(row.fragment), "reason: \(reason)")
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(addressTable.count >= 60)
    }

    @Test func internationalizedFieldsForCJKAddress() {
        let check = EmailAddressValidator.check("用户@例子.广告")
        #expect(check.localPart == "用户")
        #expect(check.domain == "例子.广告")
        #expect(check.asciiDomain == "xn--fsqu00a.xn--4rr70v")
        #expect(check.unicodeDomain == "例子.广告")
        #expect(check.isInternationalized)
        #expect(check.needsSMTPUTF8)
    }

    @Test func unicodeDomainWithASCIILocalPartNeedsNoSMTPUTF8() {
        let check = EmailAddressValidator.check("ada@bücher.example")
        #expect(check.isInternationalized)
        #expect(check.domain == "bücher.example")
        #expect(check.asciiDomain == "xn--bcher-kva.example")
        #expect(!check.notes.contains { $0.contains("SMTPUTF8") })
        #expect(!check.needsSMTPUTF8)
    }

    @Test func aLabelDomainIsDecodedForDisplayButNotInternationalized() {
        let check = EmailAddressValidator.check("ada@XN--BCHER-KVA.example")
        #expect(check.valid)
        #expect(check.domain == "xn--bcher-kva.example")
        #expect(check.unicodeDomain == "bücher.example")
        #expect(!check.isInternationalized)
    }

    @Test func uppercaseDomainIsLowercasedAndLocalPartKeepsCase() {
        let check = EmailAddressValidator.check("Ada.LOVELACE@EXAMPLE.ORG")
        #expect(check.localPart == "Ada.LOVELACE")
        #expect(check.domain == "example.org")
        #expect(check.asciiDomain == "example.org")
        #expect(check.normalized == "Ada.LOVELACE@example.org")
        #expect(!check.isInternationalized)
        #expect(check.notes.isEmpty)
    }

    @Test func addressLiteralHasNoDNSName() {
        let check = EmailAddressValidator.check("ada@[192.0.2.1]")
        #expect(check.isAddressLiteral)
        #expect(check.domain == "[192.0.2.1]")
        #expect(check.asciiDomain == nil)
    }

    @Test func invalidAddressStillReportsTheParts() {
        let check = EmailAddressValidator.check("ada@localhost")
        #expect(!check.valid)
        #expect(check.localPart == "ada")
        #expect(check.domain == "localhost")
        #expect(check.asciiDomain == "localhost")
    }

    @Test func badLocalPartStillReportsTheDomain() {
        let check = EmailAddressValidator.check("Ada..L@GMIAL.com")
        #expect(!check.valid)
        #expect(check.localPart == "Ada..L")
        #expect(check.domain == "gmial.com")
        #expect(DomainTypoSuggester.suggestion(for: check.domain ?? "")?.suggested == "gmail.com")
    }

    @Test func resultRoundTripsThroughJSONCoding() throws {
        let check = EmailAddressValidator.check(" Pelé@bücher.example ")
        let data = try JSONEncoder().encode(check)
        #expect(try JSONDecoder().decode(AddressCheck.self, from: data) == check)
    }
}
