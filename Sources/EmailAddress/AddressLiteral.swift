/// RFC 5321 address literals: "[" ( IPv4-address-literal / IPv6-address-literal ) "]". The General-address-literal
/// form needs an IANA-registered tag, and none besides IPv6 exists, so any other tag is rejected.
enum AddressLiteral {
    /// `literal` includes the brackets. Returns the canonical spelling: IPv4 as given, "[IPv6:" + lowercase hex + "]".
    static func check(_ literal: String) throws(AddressRejection) -> String {
        guard literal.hasSuffix("]"), literal.count >= 2 else {
            throw AddressRejection("the address literal \"\(literal)\" has no closing bracket")
        }
        let content = String(literal.dropFirst().dropLast())
        guard !content.isEmpty else { throw AddressRejection("the address literal \"[]\" is empty") }
        if content.contains("[") || content.contains("]") {
            throw AddressRejection("the address literal \"\(literal)\" has stray brackets inside it")
        }
        if content.unicodeScalars.allSatisfy({ $0.isASCIIDigit || $0 == "." }) {
            if let problem = ipv4Problem(Substring(content)) {
                throw AddressRejection("the address literal \"\(literal)\" is not an IPv4 address: \(problem)")
            }
            return literal
        }
        guard let colon = content.firstIndex(of: ":") else {
            throw AddressRejection(
                "the address literal \"\(literal)\" is neither an IPv4 address nor \"IPv6:\" followed by an IPv6 address")
        }
        let tag = content[..<colon]
        guard tag.asciiLowercasedSubstring == "ipv6" else {
            throw AddressRejection(
                "the address literal \"\(literal)\" uses the tag \"\(tag)\"; "
                    + "only IPv4 addresses and \"IPv6:\" literals exist")
        }
        let address = content[content.index(after: colon)...]
        if let problem = ipv6Problem(address) {
            throw AddressRejection("the address literal \"\(literal)\" is not an IPv6 address: \(problem)")
        }
        return "[IPv6:\(String(address).asciiLowercased)]"
    }

    /// RFC 5321 IPv4-address-literal: four Snum (1–3 digits, 0–255) joined by dots. Nil when fine.
    static func ipv4Problem(_ text: Substring) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return "it has \(parts.count) parts instead of 4" }
        for part in parts {
            guard !part.isEmpty else { return "it has an empty part" }
            guard part.count <= 3, part.unicodeScalars.allSatisfy(\.isASCIIDigit), let number = Int(part) else {
                return "\"\(part)\" is not a number from 0 to 255"
            }
            guard number <= 255 else { return "\(part) is greater than 255" }
        }
        return nil
    }

    /// RFC 5321 IPv6-addr: full (8 groups), compressed ("::" standing for at least two groups, at most 6 others), or
    /// either of those ending in an IPv4 address (6 groups full, at most 4 others compressed). Nil when fine.
    static func ipv6Problem(_ text: Substring) -> String? {
        guard !text.isEmpty else { return "it is empty" }
        var hexPart = text
        var groupBudget = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            let ipv4 = text[text.index(after: lastColon)...]
            if let problem = ipv4Problem(ipv4) { return "its IPv4 tail \"\(ipv4)\" is wrong: \(problem)" }
            hexPart = text[...lastColon]
            // "::1.2.3.4" keeps its "::"; "1:2:3:4:5:6:1.2.3.4" drops the single trailing colon.
            if !hexPart.hasSuffix("::") { hexPart = hexPart.dropLast() }
            groupBudget = 6
        }
        let halves = hexPart.pieces(separatedBy: "::")
        guard halves.count <= 2 else { return "\"::\" appears more than once" }
        var groupCount = 0
        for half in halves where !half.isEmpty {
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.unicodeScalars.allSatisfy(\.isASCIIHexDigit) else {
                    return "\"\(group)\" is not a group of 1 to 4 hexadecimal digits"
                }
                groupCount += 1
            }
        }
        if halves.count == 2 {
            guard groupCount <= groupBudget - 2 else {
                return "\"::\" must stand for at least two groups of zeros (RFC 5321)"
            }
        } else if groupCount != groupBudget {
            return "it has \(groupCount) groups instead of \(groupBudget)"
        }
        return nil
    }
}

extension Substring {
    var asciiLowercasedSubstring: String { String(self).asciiLowercased }

    func pieces(separatedBy separator: String) -> [Substring] {
        var pieces: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            pieces.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        pieces.append(rest)
        return pieces
    }
}
