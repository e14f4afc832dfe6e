/// Special-use names (RFC 6761) that no mail can ever reach. Only `.invalid` is refused: `.example` and `.test`
/// stand in for real domains in documentation, demos and tests, and `.localhost` is a local matter.
enum ReservedDomain {
    /// RFC 6761 §6.4: names under .invalid are guaranteed never to resolve.
    static let invalidTLD = "invalid"

    /// Refuses a domain under `.invalid` (as DNS spells it, A-label form).
    static func check(ascii domain: String) throws(AddressRejection) {
        guard let last = domain.split(separator: ".").last, last.lowercased() == invalidTLD else { return }
        throw AddressRejection(
            "the domain \"\(domain)\" is under .invalid, a name reserved by RFC 6761 that never resolves, "
                + "so no mail can reach it (Salesforce adds .invalid to addresses in a sandbox)")
    }
}
