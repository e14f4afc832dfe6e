import CIdn2

/// The part after the @: an address literal, or a domain name of at least two labels, checked in its A-label form
/// (RFC 5321 Domain, RFC 1035 labels, IDNA2008 through libidn2).
enum DomainSyntax {
    static let maximumOctets = 255
    static let maximumLabelOctets = 63

    struct Checked: Equatable {
        /// As typed, lowercased (literal canonicalised).
        var typed: String
        var ascii: String?
        var unicode: String?
        var isLiteral: Bool
        var notes: [String]
    }

    /// `partial` receives the typed (lowercased) form, and the A-label form once known, even if a later rule fails.
    static func check(_ domain: String, partial: inout Checked?) throws(AddressRejection) -> Checked {
        guard !domain.isEmpty else { throw AddressRejection("there is nothing after the @ (the domain is empty)") }
        if domain.utf8.first == UInt8(ascii: "[") {
            let canonical = try AddressLiteral.check(domain)
            let note = "the domain is an IP address literal (\(canonical)); mail to an IP literal is unusual and most "
                + "mail servers refuse it"
            return Checked(typed: canonical, ascii: nil, unicode: nil, isLiteral: true, notes: [note])
        }
        let isASCII = domain.isASCII
        let typed = isASCII ? domain.asciiLowercased : domain.lowercased()
        partial = Checked(typed: typed, ascii: nil, unicode: nil, isLiteral: false, notes: [])
        try checkCharacters(typed)
        try checkDots(typed)
        var notes: [String] = []
        let ascii: String
        let unicode: String
        if isASCII {
            ascii = typed
            unicode = try decodeALabels(ascii)
            if unicode != ascii {
                notes.append("the domain is written in A-label (punycode) form; it reads \(unicode)")
            }
        } else {
            ascii = try toALabels(typed)
            unicode = typed
            notes.append("the domain is internationalized; DNS looks it up as \(ascii)")
        }
        partial?.ascii = ascii
        partial?.unicode = unicode
        try checkLabels(ascii, typed: typed)
        return Checked(typed: typed, ascii: ascii, unicode: unicode, isLiteral: false, notes: notes)
    }

    // MARK: Characters and dots

    private static func checkCharacters(_ domain: String) throws(AddressRejection) {
        // Letters, digits, hyphens and dots only (the usual case): nothing below can fire.
        if domain.withUTF8Bytes({ bytes in bytes.allSatisfy { $0 == ASCIIByte.dot || ASCIIByte.isLDH($0) } }) { return }
        let quoted = "(\"\(domain)\")"
        for scalar in domain.unicodeScalars where scalar.value < 0x80 && !scalar.isLDH && scalar != "." {
            switch scalar {
            case " ":
                throw AddressRejection("the domain contains a space \(quoted)")
            case "(", ")":
                throw AddressRejection(
                    "the domain contains a comment in parentheses \(quoted); "
                        + "comments (CFWS) are not part of a stored address")
            case "_":
                throw AddressRejection(
                    "the domain contains an underscore \(quoted); "
                        + "mail domains are host names: letters, digits, hyphens and dots")
            case ",":
                throw AddressRejection("the domain contains a comma \(quoted); probably a dot was meant")
            case "[", "]":
                throw AddressRejection(
                    "the domain contains a bracket \(quoted); an address literal must be the whole domain, like [192.0.2.1]")
            default:
                throw AddressRejection(
                    "the domain contains \"\(scalar)\" \(quoted)"
                        + ", which is not allowed in a domain name (letters, digits, hyphens and dots)")
            }
        }
        // ASCII here is letters, digits, hyphens and dots (the loop above threw otherwise): only the rest can be space.
        if let space = domain.unicodeScalars.first(where: { $0.value >= 0x80 && $0.properties.isWhitespace }) {
            throw AddressRejection("the domain contains whitespace \(space.codePointDescription) \(quoted)")
        }
    }

    private static func checkDots(_ domain: String) throws(AddressRejection) {
        // ASCII: "." is the only separator, so bytes decide whether anything below would fire.
        let hasPlainDots = domain.withUTF8Bytes { bytes in
            let dot = UInt8(ascii: ".")
            guard bytes.allSatisfy({ $0 < 0x80 }), bytes.first != dot, bytes.last != dot else { return false }
            return !(1..<max(bytes.count, 1)).contains { bytes[$0] == dot && bytes[$0 - 1] == dot }
        }
        if hasPlainDots { return }
        let scalars = Array(domain.unicodeScalars)
        let quoted = "(\"\(domain)\")"
        guard let first = scalars.first, let last = scalars.last else { return }
        if first.isLabelSeparator { throw AddressRejection("the domain starts with a dot \(quoted)") }
        if last.isLabelSeparator {
            throw AddressRejection("the domain ends with a dot \(quoted); a mail domain is written without the final dot")
        }
        for index in 1..<scalars.count where scalars[index].isLabelSeparator && scalars[index - 1].isLabelSeparator {
            throw AddressRejection("the domain has two dots in a row \(quoted)")
        }
    }

    // MARK: IDNA

    private static func toALabels(_ domain: String) throws(AddressRejection) -> String {
        switch IDNA.toASCII(domain) {
        case .success(let ascii): return ascii
        case .failure(let whole):
            // Name the label at fault: retry label by label and report the first that fails on its own.
            let labels = domain.unicodeScalars.split(whereSeparator: \.isLabelSeparator)
            for label in labels.map({ String(String.UnicodeScalarView($0)) }) {
                if case .failure(let failure) = IDNA.toASCII(label) {
                    throw AddressRejection("the domain label \"\(label)\" is not valid under IDNA2008: \(explain(failure))")
                }
            }
            throw AddressRejection("the domain \"\(domain)\" is not valid under IDNA2008: \(explain(whole))")
        }
    }

    /// Decodes every xn-- label and requires it to round-trip: a valid A-label is exactly what IDNA2008 makes of
    /// its own U-label.
    private static func decodeALabels(_ ascii: String) throws(AddressRejection) -> String {
        guard containsACEPrefix(ascii) else { return ascii }
        var decodedLabels: [String] = []
        for label in ascii.split(separator: ".").map(String.init) {
            guard label.hasPrefix("xn--") else {
                decodedLabels.append(label)
                continue
            }
            let decoded: String
            switch IDNA.toUnicode(label) {
            case .success(let unicode) where !unicode.isEmpty && unicode != label: decoded = unicode
            case .success: throw AddressRejection(
                "the domain label \"\(label)\" is not a valid A-label: it decodes to nothing")
            case .failure(let failure):
                throw AddressRejection("the domain label \"\(label)\" is not a valid A-label: \(explain(failure))")
            }
            switch IDNA.toASCII(decoded) {
            case .success(let roundTrip) where roundTrip == label: decodedLabels.append(decoded)
            case .success(let roundTrip):
                throw AddressRejection(
                    "the domain label \"\(label)\" is not a valid A-label: it decodes to \"\(decoded)\""
                        + ", whose A-label is \"\(roundTrip)\"")
            case .failure(let failure):
                throw AddressRejection(
                    "the domain label \"\(label)\" is not a valid A-label: it decodes to \"\(decoded)\""
                        + ", which IDNA2008 does not allow: \(explain(failure))")
            }
        }
        return decodedLabels.joined(separator: ".")
    }

    private static func explain(_ failure: IDNA.Failure) -> String {
        switch failure.code {
        case IDN2_DISALLOWED.rawValue:
            "it contains a character that IDNA2008 does not allow in domain names (emoji and most symbols are not allowed)"
        case IDN2_BIDI.rawValue: "it mixes right-to-left and left-to-right text in a way IDNA2008 forbids"
        case IDN2_CONTEXTJ.rawValue, IDN2_CONTEXTJ_NO_RULE.rawValue:
            "it contains a zero width joiner or non-joiner where IDNA2008 does not allow one"
        case IDN2_CONTEXTO.rawValue, IDN2_CONTEXTO_NO_RULE.rawValue:
            "it contains a character (such as a middle dot or Greek/Hebrew punctuation) in a position IDNA2008 forbids"
        case IDN2_LEADING_COMBINING.rawValue: "it starts with a combining mark"
        case IDN2_2HYPHEN.rawValue: "it has hyphens in the third and fourth positions, which are reserved for A-labels"
        case IDN2_HYPHEN_STARTEND.rawValue: "it starts or ends with a hyphen"
        case IDN2_TOO_BIG_LABEL.rawValue: "a label is longer than 63 octets in A-label form"
        case IDN2_TOO_BIG_DOMAIN.rawValue: "the domain is longer than 255 octets in A-label form"
        case IDN2_UNASSIGNED.rawValue: "it contains a code point not assigned in Unicode"
        case IDN2_PUNYCODE_BAD_INPUT.rawValue, IDN2_PUNYCODE_OVERFLOW.rawValue, IDN2_PUNYCODE_BIG_OUTPUT.rawValue:
            "its punycode is invalid"
        default: "libidn2 says: \(failure.message)"
        }
    }

    // MARK: Labels (A-label form)

    private static func checkLabels(_ ascii: String, typed: String) throws(AddressRejection) {
        if hasPlainLabels(ascii) { return }
        let octets = ascii.utf8.count
        guard octets <= maximumOctets else {
            throw AddressRejection("the domain is \(octets) octets long; the limit is \(maximumOctets)")
        }
        let labels = ascii.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard label.utf8.count <= maximumLabelOctets else {
                throw AddressRejection(
                    "the domain label \"\(label)\" is \(label.utf8.count) octets long; the limit is \(maximumLabelOctets)")
            }
            if let bad = label.unicodeScalars.first(where: { !$0.isLDH }) {
                throw AddressRejection(
                    "the domain label \"\(label)\" contains \"\(bad)\", which is not allowed in a host name")
            }
            if label.hasPrefix("-") { throw AddressRejection("the domain label \"\(label)\" starts with a hyphen") }
            if label.hasSuffix("-") { throw AddressRejection("the domain label \"\(label)\" ends with a hyphen") }
            let scalars = Array(label.unicodeScalars)
            if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-", !label.hasPrefix("xn--") {
                throw AddressRejection(
                    "the domain label \"\(label)\" has hyphens in the third and fourth positions"
                        + ", which are reserved for A-labels (xn--)")
            }
        }
        guard labels.count >= 2, let topLevel = labels.last else {
            throw AddressRejection(
                "the domain \"\(typed)\" has a single label; a user's mailbox needs a full domain such as example.com")
        }
        if topLevel.unicodeScalars.allSatisfy(\.isASCIIDigit) {
            if labels.count == 4, AddressLiteral.ipv4Problem(Substring(ascii)) == nil {
                throw AddressRejection(
                    "the domain \"\(typed)\" is an IPv4 address without brackets; an IP literal is written [\(typed)]")
            }
            throw AddressRejection("the top-level domain \"\(topLevel)\" is all digits, which no real top-level domain is")
        }
    }

    // MARK: Bytes

    /// Whether checkLabels would pass `ascii` without a word, decided on bytes: at most 255 octets, two or more
    /// labels of 1...63 letters, digits and inner hyphens ("--" at positions 3–4 only after "xn"), and a top-level
    /// label that is not all digits. Anything else goes through checkLabels' rules, which name the fault.
    private static func hasPlainLabels(_ ascii: String) -> Bool {
        ascii.withUTF8Bytes { bytes in
            guard bytes.count <= maximumOctets else { return false }
            var labelCount = 0
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: ".") {
                guard isPlainLabel(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return false }
                labelCount += 1
                if end == bytes.count, bytes[start..<end].allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) { return false }
                start = end + 1
            }
            return labelCount >= 2
        }
    }

    private static func isPlainLabel(_ label: UnsafeBufferPointer<UInt8>) -> Bool {
        let hyphen = UInt8(ascii: "-")
        guard (1...maximumLabelOctets).contains(label.count), label.allSatisfy(ASCIIByte.isLDH),
            label[0] != hyphen, label[label.count - 1] != hyphen
        else { return false }
        let reservedHyphens = label.count >= 4 && label[2] == hyphen && label[3] == hyphen
        return !reservedHyphens || (label[0] == UInt8(ascii: "x") && label[1] == UInt8(ascii: "n"))
    }

    /// Whether an ASCII name holds "xn--" (the ACE prefix of A-labels) anywhere, as `contains("xn--")` would say.
    private static func containsACEPrefix(_ ascii: String) -> Bool {
        ascii.withUTF8Bytes { bytes in
            var window: UInt32 = 0
            for byte in bytes {
                window = window << 8 | UInt32(byte)
                if window == 0x786E_2D2D { return true }  // "xn--"
            }
            return false
        }
    }
}
