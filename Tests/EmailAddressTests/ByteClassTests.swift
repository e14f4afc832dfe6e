import Testing
@testable import EmailAddress

/// The byte-level fast paths decide exactly what the scalar-level rules decide.
struct ByteClassTests {
    @Test func byteClassesAgreeWithTheScalarClassesForEveryByte() {
        for value in 0...255 {
            let byte = UInt8(value)
            let scalar = Unicode.Scalar(byte)
            let ascii = value < 0x80
            #expect(ASCIIByte.isAtext(byte) == (ascii && scalar.isASCIIAtext), "atext \(value)")
            #expect(ASCIIByte.isLDH(byte) == (ascii && scalar.isLDH), "LDH \(value)")
            #expect(ASCIIByte.isUppercase(byte) == (value >= 0x41 && value <= 0x5A), "uppercase \(value)")
        }
    }

    @Test(arguments: ["", "a", "ABC.Example", "already.lower", "MiXeD-123.ÄÖÜ.Example", "ÉCOLE.fr", "Z"])
    func asciiLowercasedLowersASCIILettersOnly(text: String) {
        let expected = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
        }))
        #expect(text.asciiLowercased == expected)
    }

    @Test(arguments: [
        ("acme.invalid", true), ("acme.INVALID", true), ("a.b.Invalid", true), ("invalid", true), ("acme.invalid.", true),
        ("acme.invalid..", true), ("invalid.example", false), ("acme.invalids", false), ("acme.nvalid", false),
        ("acme.xinvalid", false), ("", false), (".", false), ("acme.example", false),
    ])
    func invalidTopLevelDomainIsFoundOnBytes(domain: String, expected: Bool) {
        // The former rule: the last non-empty label, lowercased, is "invalid".
        let former = domain.split(separator: ".").last.map { $0.lowercased() == "invalid" } ?? false
        #expect(former == expected)
        #expect(ReservedDomain.isUnderInvalid(domain) == expected)
    }

    @Test func idnaAnswersAreTheSameWhenRemembered() {
        for domain in ["bücher.example", "例え.jp", "xn--bcher-kva", "a\u{200D}b.example", "💩.example"] {
            let first = IDNA.toASCII(domain), second = IDNA.toASCII(domain)
            #expect(first == second, "\(domain)")
            #expect(IDNA.toUnicode(domain) == IDNA.toUnicode(domain), "\(domain)")
        }
    }

    /// The normal form shared with the input when the domain is typed as DNS spells it must be what building it
    /// from the parts gives, on every kind of address.
    @Test func normalFormIsTheLocalPartAndTheDNSDomain() {
        let locals = ["ada", "Ada.Lovelace", "\"a b\"", "jörg", "x+tag", "\"ok\""]
        let domains = ["acme.example", "ACME.Example", "bücher.example", "xn--bcher-kva.example", "[192.0.2.1]",
                       "[IPv6:2001:DB8::1]", "mail.acme-corp.com", "例え.jp"]
        for local in locals {
            for domain in domains {
                let check = EmailAddressValidator.check(local + "@" + domain)
                guard check.valid, let localPart = check.localPart else { continue }
                #expect(check.normalized == localPart + "@" + (check.asciiDomain ?? check.domain ?? ""), "\(local)@\(domain)")
            }
        }
    }
}
