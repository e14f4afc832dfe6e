/// Small helpers for ASCII domain names as SPF, DMARC and DKIM use them. check_host() calls them for every name it
/// touches, so ASCII names (all of them, in practice) take byte paths that allocate only when something changes;
/// a name with a non-ASCII byte takes the Character-level path, whose grapheme rules decide what a "." is.
enum MailAuthDomain {
    /// Lowercased, without the trailing dot.
    static func normalize(_ name: String) -> String {
        let utf8 = name.utf8
        let unchanged = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 && !ASCII.isUppercase($0) } && bytes.last != UInt8(ascii: ".")
        }
        if unchanged == true { return name }
        if ASCII.isASCII(utf8) {
            var bytes = utf8.map(ASCII.lowercased)
            while bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
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
        if let shape = asciiLabelShape(normalized) { return shape.count >= 2 && shape.shortest >= 1 && shape.longest <= 63 }
        let parts = labels(normalized)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }

    /// Whether every label of `name` has 1...63 octets (what a query name needs); false for "".
    static func hasQueryableLabels(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        if let shape = asciiLabelShape(name) { return shape.shortest >= 1 && shape.longest <= 63 }
        return labels(name).allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }

    /// Whether `name` is `parent` or lies below it.
    static func isSameOrSubdomain(_ name: String, of parent: String) -> Bool {
        let child = normalize(name), parent = normalize(parent)
        return child == parent || child.hasSuffix("." + parent)
    }

    /// RFC 7208 §7.3: a name longer than 253 octets loses left-hand labels until it fits.
    static func truncatedForQuery(_ name: String) -> String {
        let normalized = normalize(name)
        guard normalized.utf8.count > 253 else { return normalized }
        // Only whole left-hand labels go; an empty label elsewhere stays, so hasQueryableLabels refuses the name
        // ("a:mail.example...com" must not become mail.example.com: RFC 7208 test suite, invalid-domain-empty-label).
        var parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        var length = normalized.utf8.count
        while parts.count > 1 && length > 253 { length -= parts.removeFirst().utf8.count + 1 }
        return parts.joined(separator: ".")
    }

    /// truncatedForQuery(name), and whether every label of it has 1...63 octets (hasQueryableLabels): one pass over
    /// an ASCII name that needs no change, which is what a mechanism's target almost always is.
    static func queryTarget(_ name: String) -> (name: String, isQueryable: Bool) {
        let normalized = normalize(name)
        if let shape = asciiLabelShape(normalized), normalized.utf8.count <= 253, shape.shortest > 0 {
            return (normalized, shape.longest <= 63)
        }
        let truncated = truncatedForQuery(normalized)
        return (truncated, hasQueryableLabels(truncated))
    }

    /// How many "."-separated labels an ASCII name has (empty ones included, as split with
    /// omittingEmptySubsequences: false counts them) and the octet lengths of the shortest and longest; nil when the
    /// name is not ASCII.
    private static func asciiLabelShape(_ name: String) -> (count: Int, shortest: Int, longest: Int)? {
        guard ASCII.isASCII(name.utf8) else { return nil }
        return name.utf8.withContiguousStorageIfAvailable(labelShape) ?? labelShape(Array(name.utf8))
    }

    private static func labelShape<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (count: Int, shortest: Int, longest: Int) {
        var shape = (count: 0, shortest: Int.max, longest: 0)
        var length = 0
        func endLabel() {
            shape.count += 1
            shape.shortest = min(shape.shortest, length)
            shape.longest = max(shape.longest, length)
            length = 0
        }
        for byte in bytes {
            if byte == UInt8(ascii: ".") { endLabel() } else { length += 1 }
        }
        endLabel()
        return shape
    }
}
