/// The part before the @: an RFC 5321 Dot-string (atoms of RFC 5322 atext, plus UTF-8 per RFC 6531) or a
/// Quoted-string. Comments, folding whitespace and the obsolete RFC 5322 forms are rejected: Salesforce stores a
/// bare address.
enum LocalPartSyntax {
    static let maximumOctets = 64

    struct Checked: Equatable {
        var text: String
        var isQuoted: Bool
        var isASCII: Bool
        var notes: [String]
    }

    static func check(_ localPart: String) throws(AddressRejection) -> Checked {
        guard !localPart.isEmpty else { throw AddressRejection("there is nothing before the @ (the local part is empty)") }
        let checked = localPart.utf8.first == UInt8(ascii: "\"") ? try checkQuoted(localPart) : try checkDotString(localPart)
        let octets = localPart.utf8.count
        guard octets <= maximumOctets else {
            throw AddressRejection(
                "the local part is \(octets) octets long; RFC 5321 allows at most \(maximumOctets) (\"\(localPart)\")")
        }
        return checked
    }

    // MARK: Dot-string

    private static func checkDotString(_ localPart: String) throws(AddressRejection) -> Checked {
        var quoted: String { "(\"\(localPart)\")" }
        if startsWithMailto(localPart) {
            throw AddressRejection("the address starts with \"mailto:\", which is a link prefix, not part of the address")
        }
        if isPlainDotString(localPart) { return Checked(text: localPart, isQuoted: false, isASCII: true, notes: []) }
        var isASCII = true
        var isFirst = true
        var previousWasDot = false
        // Scalar by scalar, straight off the string (no array): the end is checked after the loop, which throws in
        // the same order as checking "is this the last scalar" inside it would.
        for scalar in localPart.unicodeScalars {
            defer { isFirst = false }
            if scalar == "." {
                if isFirst { throw AddressRejection("the local part starts with a dot \(quoted)") }
                if previousWasDot { throw AddressRejection("the local part has two dots in a row \(quoted)") }
                previousWasDot = true
                continue
            }
            previousWasDot = false
            if scalar.isASCIIAtext { continue }
            if scalar.value >= 0x80 && !scalar.properties.isWhitespace {
                isASCII = false  // RFC 6531: atext also holds any UTF-8 beyond ASCII.
                continue
            }
            throw AddressRejection(misplacedCharacter(scalar, in: quoted))
        }
        if previousWasDot { throw AddressRejection("the local part ends with a dot \(quoted)") }
        var notes: [String] = []
        if !isASCII {
            notes.append(
                "the local part has non-ASCII characters, so every mail server on the way must support SMTPUTF8 "
                    + "(RFC 6531); servers without it will bounce the message")
        }
        return Checked(text: localPart, isQuoted: false, isASCII: isASCII, notes: notes)
    }

    /// Whether the loop in checkDotString would pass `localPart` without a word, decided on bytes: ASCII atext and
    /// single dots, none first or last (the usual case). Anything else goes through the loop, which names the fault.
    private static func isPlainDotString(_ localPart: String) -> Bool {
        localPart.withUTF8Bytes { bytes in
            guard let first = bytes.first, let last = bytes.last, first != ASCIIByte.dot, last != ASCIIByte.dot else {
                return false
            }
            var previous: UInt8 = 0
            for byte in bytes {
                guard ASCIIByte.isAtext(byte) || (byte == ASCIIByte.dot && previous != ASCIIByte.dot) else { return false }
                previous = byte
            }
            return true
        }
    }

    /// `localPart.asciiLowercased.hasPrefix("mailto:")` without lowercasing a copy. Only a non-ASCII scalar right
    /// after the colon (which might join it into one Character) needs the Character-level answer.
    private static func startsWithMailto(_ localPart: String) -> Bool {
        var bytes = localPart.utf8.makeIterator()
        for expected in "mailto:".utf8 {
            guard let byte = bytes.next(), (byte &- 0x41 < 26 ? byte | 0x20 : byte) == expected else { return false }
        }
        guard let next = bytes.next(), next >= 0x80 else { return true }
        return localPart.asciiLowercased.hasPrefix("mailto:")
    }

    private static func misplacedCharacter(_ scalar: Unicode.Scalar, in quoted: String) -> String {
        switch scalar {
        case _ where scalar.properties.isWhitespace:
            let what = scalar == " " ? "a space" : "whitespace \(scalar.codePointDescription)"
            return "the local part contains \(what) \(quoted); spaces are only allowed inside a quoted local part"
        case "\"":
            return "the local part has a double quote that does not enclose the whole local part \(quoted); "
                + "mixing quoted and unquoted text is an obsolete RFC 5322 form"
        case "(", ")":
            return "the local part contains a comment in parentheses \(quoted); comments (CFWS) are not part of a "
                + "stored address"
        case "\\":
            return "the local part contains a backslash \(quoted); a backslash is only allowed inside a quoted local part"
        case ",", ";":
            return "the local part contains \"\(scalar)\" \(quoted); the field holds exactly one address"
        default:
            return "the local part contains \"\(scalar)\" \(quoted), which is only allowed inside a quoted local part"
        }
    }

    // MARK: Quoted-string

    /// `localPart` starts with a double quote; the splitter guarantees it also ends with the matching one.
    private static func checkQuoted(_ localPart: String) throws(AddressRejection) -> Checked {
        let scalars = Array(localPart.unicodeScalars)
        let quoted = "(\(localPart))"
        guard scalars.count > 2 else { throw AddressRejection(
            "the quoted local part is empty (\"\"); a mailbox needs a name") }
        var isASCII = true
        var needsQuotes = false
        var index = 1
        let end = scalars.count - 1
        while index < end {
            let scalar = scalars[index]
            if scalar == "\\" {
                // RFC 5321 quoted-pairSMTP: a backslash and one printable ASCII character (RFC 6531 does not extend it).
                guard index + 1 < end, (0x20...0x7E).contains(scalars[index + 1].value) else {
                    throw AddressRejection(
                        "a backslash in the quoted local part must be followed by a printable ASCII character \(quoted)")
                }
                needsQuotes = true
                index += 2
                continue
            }
            if scalar.value >= 0x80 {
                isASCII = false
            } else if !scalar.isASCIIAtext && scalar != "." {
                needsQuotes = true  // space and the specials: exactly what quoting is for.
            }
            index += 1
        }
        let content = String(String.UnicodeScalarView(scalars[1..<end]))
        let dotStringWouldDo = !needsQuotes && content.first != "." && content.last != "." && !content.contains("..")
        var notes = [
            "the local part is quoted; some systems handle quoted local parts badly, so check that this is really the "
                + "mailbox name"
        ]
        if dotStringWouldDo {
            notes.append("the quotes are not needed: \(localPart) is the same mailbox as \(content)")
        }
        if !isASCII {
            notes.append(
                "the local part has non-ASCII characters, so every mail server on the way must support SMTPUTF8 "
                    + "(RFC 6531); servers without it will bounce the message")
        }
        return Checked(text: localPart, isQuoted: true, isASCII: isASCII, notes: notes)
    }
}
