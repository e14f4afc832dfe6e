/// Special-use names (RFC 6761) that no mail can ever reach. Only `.invalid` is refused: `.example` and `.test`
/// stand in for real domains in documentation, demos and tests, and `.localhost` is a local matter.
enum ReservedDomain {
    /// RFC 6761 §6.4: names under .invalid are guaranteed never to resolve.
    static let invalidTLD = "invalid"

    /// Refuses a domain under `.invalid` (as DNS spells it, A-label form).
    static func check(ascii domain: String) throws(AddressRejection) {
        guard isUnderInvalid(domain) else { return }
        throw AddressRejection(
            "the domain \"\(domain)\" is under .invalid, a name reserved by RFC 6761 that never resolves, "
                + "so no mail can reach it (Salesforce adds .invalid to addresses in a sandbox)")
    }

    /// Whether the last label (empty labels skipped) is "invalid" in any case. The A-label form is ASCII, and no
    /// other scalar lowercases to these letters, so comparing bytes with the case bit cleared decides.
    static func isUnderInvalid(_ domain: String) -> Bool {
        domain.withUTF8Bytes { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == ASCIIByte.dot { end -= 1 }
            let start = bytes[..<end].lastIndex(of: ASCIIByte.dot).map { $0 + 1 } ?? 0
            return end - start == invalidTLD.utf8.count
                && zip(bytes[start..<end], invalidTLD.utf8).allSatisfy { $0 | 0x20 == $1 }
        }
    }
}
