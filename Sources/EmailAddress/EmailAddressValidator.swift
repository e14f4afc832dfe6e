/// Syntax check of the address a Salesforce user record holds: RFC 5321 Mailbox with RFC 5322 atext and RFC 6531
/// UTF-8, no DNS. Pure and thread-safe.
public enum EmailAddressValidator {
    /// RFC 5321 limits the reverse/forward path to 256 octets including the angle brackets.
    public static let maximumAddressOctets = 254

    public static func check(_ address: String) -> AddressCheck {
        var result = AddressCheck(input: address, valid: false)
        let trimmed = trimSurroundingWhitespace(address)
        if trimmed.utf8.count != address.utf8.count && !trimmed.isEmpty {
            result.notes.append("surrounding whitespace was removed; the address itself is \"\(trimmed)\"")
        }
        do throws(AddressRejection) {
            let isASCII = try checkWholeAddressCharacters(trimmed)
            let (localText, domainText) = try split(trimmed)
            // Filled before the parts are judged, so a report can show them (and suggest a domain fix) either way.
            let domainIsASCII = isASCII || domainText.isASCII
            let localIsASCII = isASCII || localText.isASCII
            result.localPart = localText
            result.domain = domainIsASCII ? domainText.asciiLowercased : domainText.lowercased()
            result.isInternationalized = !localIsASCII || !domainIsASCII
            result.needsSMTPUTF8 = !localIsASCII
            let local = try LocalPartSyntax.check(localText)
            var partialDomain: DomainSyntax.Checked?
            let domain: DomainSyntax.Checked
            do throws(AddressRejection) {
                domain = try DomainSyntax.check(domainText, partial: &partialDomain)
            } catch {
                result.domain = partialDomain?.typed ?? result.domain
                result.asciiDomain = partialDomain?.ascii
                result.unicodeDomain = partialDomain?.unicode
                throw error
            }
            result.domain = domain.typed
            result.asciiDomain = domain.ascii
            result.unicodeDomain = domain.unicode
            result.isAddressLiteral = domain.isLiteral
            if let ascii = domain.ascii { try ReservedDomain.check(ascii: ascii) }
            // The usual domain is typed as DNS spells it (lowercase ASCII): then the address is its own normal form,
            // shared instead of copied. (Between ASCII strings == compares bytes; a non-ASCII domain never equals its
            // A-label form.)
            let normalDomain = domain.ascii ?? domain.typed
            let normalized = domainIsASCII && normalDomain == domainText ? trimmed : local.text + "@" + normalDomain
            let octets = normalized.utf8.count
            guard octets <= maximumAddressOctets else {
                throw AddressRejection(
                    "the address is \(octets) octets long; "
                        + "RFC 5321 allows at most \(maximumAddressOctets) for a whole address")
            }
            result.valid = true
            result.normalized = normalized
            if !local.notes.isEmpty || !domain.notes.isEmpty { result.notes += local.notes + domain.notes }
        } catch {
            result.reason = error.reason
        }
        return result
    }

    // MARK: Steps

    /// Whitespace (Unicode White_Space) plus the zero width space and byte order mark that copy and paste leave behind.
    private static func trimSurroundingWhitespace(_ text: String) -> String {
        // Both ends plain ASCII (the usual case): nothing to trim, no scalar properties to look up.
        func isPlainASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        if let first = text.utf8.first, let last = text.utf8.last, isPlainASCII(first), isPlainASCII(last) { return text }
        func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || scalar.value == 0x200B || scalar.value == 0xFEFF
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmable($0) }),
            let last = scalars.lastIndex(where: { !isTrimmable($0) })
        else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Rules that hold wherever the character stands, quoted or not. Returns whether the address is ASCII (once
    /// these rules pass, ASCII means printable ASCII).
    private static func checkWholeAddressCharacters(_ address: String) throws(AddressRejection) -> Bool {
        guard !address.isEmpty else { throw AddressRejection("the address is empty") }
        // ASCII without controls (the usual case) has no control or invisible character to name.
        let isPlainASCII = address.withUTF8Bytes { bytes in bytes.allSatisfy { $0 &- 0x20 < 0x5F } }
        for scalar in isPlainASCII ? "".unicodeScalars : address.unicodeScalars {
            if scalar.isControl {
                throw AddressRejection(
                    "the address contains the control character \(scalar.codePointDescription); "
                        + "retype it on one line without tabs")
            }
            if scalar.isInvisibleFormat {
                throw AddressRejection(
                    "the address contains the invisible character \(scalar.codePointDescription), "
                        + "probably from copy and paste; retype it")
            }
        }
        if address.utf8.last == UInt8(ascii: ">"), address.hasSuffix(">"), let open = address.lastIndex(of: "<") {
            let inner = address[address.index(after: open)..<address.index(before: address.endIndex)]
            throw AddressRejection(
                "the address has a display name and angle brackets (\"\(address)\"); "
                    + "the field holds only the bare address \(inner)")
        }
        return isPlainASCII
    }

    /// Splits at the @ that ends the local part: after the closing quote of a quoted local part, else the only @.
    /// Works on UTF-8 bytes: "\"", "\\" and "@" are ASCII, and no byte of a multi-byte scalar can be mistaken for
    /// them (so skipping the byte after a backslash skips what could matter of the escaped scalar).
    private static func split(_ address: String) throws(AddressRejection) -> (local: String, domain: String) {
        try address.withUTF8Bytes { bytes in split(address, bytes) }.get()
    }

    private static func split(
        _ address: String, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Result<(local: String, domain: String), AddressRejection> {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        let at = UInt8(ascii: "@"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        if bytes[0] == quote {
            var index = 1
            var closing: Int?
            while index < bytes.count {
                if bytes[index] == backslash { index += 2; continue }
                if bytes[index] == quote { closing = index; break }
                index += 1
            }
            guard let closing else {
                return .failure(AddressRejection("the quoted local part has no closing double quote (\"\(address)\")"))
            }
            let afterQuote = closing + 1
            guard afterQuote < bytes.count else {
                return .failure(AddressRejection("the address has no @ sign after the quoted local part (\"\(address)\")"))
            }
            guard bytes[afterQuote] == at else {
                return .failure(AddressRejection(
                    "the local part mixes quoted and unquoted text (\"\(address)\"), an obsolete RFC 5322 form; "
                        + "quote the whole local part"))
            }
            let domain = text(afterQuote + 1..<bytes.count)
            // The byte test is only a filter: an "@" that a combining mark joins is no "@" Character.
            if bytes[(afterQuote + 1)...].contains(at), domain.contains("@") {
                return .failure(AddressRejection(
                    "the address has another @ after the domain starts (\"\(address)\"); "
                        + "an address has exactly one @ outside quotes"))
            }
            return .success((text(0..<afterQuote), domain))
        }
        guard let first = bytes.firstIndex(of: at) else {
            return .failure(AddressRejection("the address has no @ sign (\"\(address)\")"))
        }
        let atSignCount = bytes.reduce(0) { $0 + ($1 == at ? 1 : 0) }
        guard atSignCount == 1 else {
            return .failure(AddressRejection(
                "the address has \(atSignCount) @ signs (\"\(address)\"); "
                    + "it needs exactly one, unless the local part is quoted"))
        }
        return .success((text(0..<first), text(first + 1..<bytes.count)))
    }
}
