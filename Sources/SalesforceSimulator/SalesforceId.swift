/// Salesforce record Ids: the 18-character form is the 15-character one plus a case-safety suffix, and the API
/// accepts either.
enum SalesforceId {
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        guard [15, 18].contains(lhs.count), [15, 18].contains(rhs.count) else { return lhs == rhs }
        return lhs.prefix(15) == rhs.prefix(15)
    }

    /// Whether a field holds record Ids (compared by `same`, case-sensitively) rather than text.
    static func isIdField(_ path: String) -> Bool {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        return last.hasSuffix("Id")
    }
}
