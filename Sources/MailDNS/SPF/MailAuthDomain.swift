/// Small helpers for ASCII domain names as SPF, DMARC and DKIM use them.
enum MailAuthDomain {
    /// Lowercased, without the trailing dot.
    static func normalize(_ name: String) -> String {
        var result = name.lowercased()
        while result.hasSuffix(".") { result.removeLast() }
        return result
    }

    static func labels(_ name: String) -> [String] {
        normalize(name).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// RFC 7208 §4.3: labels of 1...63 octets, at most 253 octets in all, and more than one label.
    static func isValidSPFDomain(_ name: String) -> Bool {
        let normalized = normalize(name)
        guard !normalized.isEmpty, normalized.utf8.count <= 253 else { return false }
        let parts = labels(normalized)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }

    /// Whether `name` is `parent` or lies below it.
    static func isSameOrSubdomain(_ name: String, of parent: String) -> Bool {
        let child = normalize(name), parent = normalize(parent)
        return child == parent || child.hasSuffix("." + parent)
    }

    /// RFC 7208 §7.3: a name longer than 253 octets loses left-hand labels until it fits.
    static func truncatedForQuery(_ name: String) -> String {
        var parts = normalize(name).split(separator: ".").map(String.init)
        while parts.count > 1 && parts.joined(separator: ".").utf8.count > 253 { parts.removeFirst() }
        return parts.joined(separator: ".")
    }
}
