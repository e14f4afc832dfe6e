import Foundation
import SalesforceAPI

/// Which users a live scan reads: active ones by default, those a list names (by username, email or Id), or those a
/// SOQL condition matches. Every listed value goes through `SOQL.quote`; the condition is checked to be one condition
/// (balanced, no clause of its own) before it is put in parentheses.
public struct OrgUserQuery: Sendable, Equatable {
    public var names: [String]?
    public var condition: String?
    public var includeInactive: Bool

    /// Names per query: short enough for a GET URL, few enough round trips.
    static let namesPerQuery = 100

    public init(names: [String]? = nil, condition: String? = nil, includeInactive: Bool = false) {
        self.names = names; self.condition = condition; self.includeInactive = includeInactive
    }

    /// The User queries to run (one, or one per chunk of names), each ordered by Id.
    public func soql() throws(SOQLConditionError) -> [String] {
        var clauses: [String] = []
        if let condition { clauses.append("(" + (try SOQLCondition.checked(condition)) + ")") }
        // Named users are scanned whether active or not: inactive is then their answer.
        if !includeInactive && names == nil { clauses.append("IsActive = true") }
        let base = "SELECT \(LiveQueries.userFields), CreatedDate FROM User"
        guard let names, !names.isEmpty else {
            return [base + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY Id"]
        }
        return stride(from: 0, to: names.count, by: Self.namesPerQuery).map { start in
            let chunk = names[start..<min(start + Self.namesPerQuery, names.count)]
            let list = chunk.map(SOQL.quote).joined(separator: ", ")
            var match = ["Username IN (\(list))", "Email IN (\(list))"]
            let ids = chunk.filter(LiveQueries.looksLikeUserId)
            if !ids.isEmpty { match.append("Id IN (\(ids.map(SOQL.quote).joined(separator: ", ")))") }
            return base + " WHERE " + (clauses + ["(" + match.joined(separator: " OR ") + ")"]).joined(separator: " AND ") + " ORDER BY Id"
        }
    }
}

/// A `--where` condition that is not one SOQL condition: what is wrong with it.
public struct SOQLConditionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var condition: String
    public var problem: String
    public var description: String {
        "--where \(condition): \(problem). Give one condition on User fields, e.g. \"Profile.Name = 'Sales' AND CreatedDate = LAST_N_DAYS:30\""
    }
}

/// Checks that user-written SOQL is a single condition: quotes closed (with backslash escapes), parentheses balanced,
/// and no statement end or clause (ORDER BY, LIMIT, …) outside a string that would change the query around it.
enum SOQLCondition {
    static let clauses = ["ORDER BY", "LIMIT", "OFFSET", "GROUP BY", "HAVING", "FOR UPDATE", "FOR VIEW", "FOR REFERENCE", "WITH", "FROM", "SELECT"]

    static func checked(_ condition: String) throws(SOQLConditionError) -> String {
        let trimmed = condition.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ problem: String) -> SOQLConditionError { SOQLConditionError(condition: condition, problem: problem) }
        guard !trimmed.isEmpty else { throw fail("the condition is empty") }
        var outside = ""  // the text outside string literals, uppercased
        var depth = 0
        var inString = false
        var escaped = false
        for character in trimmed {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "'" { inString = false }
                continue
            }
            switch character {
            case "'": inString = true; outside.append(" ")
            case "(": depth += 1; outside.append(" ")
            case ")":
                depth -= 1
                guard depth >= 0 else { throw fail("a ')' closes a parenthesis that was never opened") }
                outside.append(" ")
            case ";": throw fail("';' is not part of a condition")
            default: outside.append(contentsOf: character.uppercased())
            }
        }
        if inString { throw fail("a quoted string is never closed") }
        if depth != 0 { throw fail("\(depth) parenthes\(depth == 1 ? "is is" : "es are") never closed") }
        let words = " " + outside.split(whereSeparator: \.isWhitespace).joined(separator: " ") + " "
        if let clause = clauses.first(where: { words.contains(" \($0) ") }) {
            throw fail("\(clause) is a clause of its own, not part of a condition")
        }
        return trimmed
    }
}
