import Foundation
import Salesforce

/// A WHERE clause made ready for many rows: an `IN` list of strings becomes sets, looked up once per row, instead of
/// one comparison per listed value (a scan's per-user queries list 200 Ids and test every row of 200 users against
/// them). It holds exactly when `QueryEvaluator.holds` does: whatever the sets cannot decide goes to `holds`.
struct ConditionMatcher {
    private let test: (Scenario.Record) -> Bool

    init(_ condition: SOQLCondition, evaluator: QueryEvaluator) {
        test = Self.compile(condition, evaluator)
    }

    func holds(_ record: Scenario.Record) -> Bool { test(record) }

    private static func compile(_ condition: SOQLCondition, _ evaluator: QueryEvaluator) -> (Scenario.Record) -> Bool {
        switch condition {
        case .and(let left, let right):
            let (first, second) = (compile(left, evaluator), compile(right, evaluator))
            return { first($0) && second($0) }
        case .or(let left, let right):
            let (first, second) = (compile(left, evaluator), compile(right, evaluator))
            return { first($0) || second($0) }
        case .not(let inner):
            let test = compile(inner, evaluator)
            return { !test($0) }
        case .isIn(let field, let values, let negated):
            guard let list = StringList(field: field, values: values) else { return { evaluator.holds(condition, for: $0) } }
            return { record in
                guard case .string(let text)? = record.value(atPath: field), let found = list.contains(text) else {
                    return evaluator.holds(condition, for: record)
                }
                return negated ? !found : found
            }
        case .compare, .like:
            return { evaluator.holds(condition, for: $0) }
        }
    }

    /// An `IN` list of strings as sets. Text compares case-insensitively (and an Id by its first 15 characters,
    /// `SalesforceId.same`); for ASCII that is lowercased equality, so only ASCII is decided here.
    private struct StringList {
        let isId: Bool
        let lowercased: Set<String>
        let idPrefixes: Set<Substring>
        let hasNonASCII: Bool

        init?(field: String, values: [SOQLLiteral]) {
            var strings: [String] = []
            for value in values {
                guard case .string(let text) = value else { return nil }
                strings.append(text)
            }
            isId = SalesforceId.isIdField(field)
            let ascii = strings.filter(\.isASCIIText)
            hasNonASCII = ascii.count != strings.count
            lowercased = Set(ascii.map { $0.lowercased() })
            idPrefixes = isId ? Set(ascii.filter { [15, 18].contains($0.utf8.count) }.map { $0.prefix(15) }) : []
        }

        /// Whether `text` is in the list; nil when the sets cannot tell (non-ASCII on either side).
        func contains(_ text: String) -> Bool? {
            guard text.isASCIIText else { return nil }
            if lowercased.contains(text.lowercased()) { return true }
            if isId, [15, 18].contains(text.utf8.count), idPrefixes.contains(text.prefix(15)) { return true }
            return hasNonASCII ? nil : false
        }
    }
}

extension String {
    fileprivate var isASCIIText: Bool { utf8.allSatisfy { $0 < 0x80 } }
}
