import Foundation
import Salesforce

/// Answers a parsed query from the scenario's records: filter, group, order, offset, limit. Every field of a
/// matching record is returned (the simulator does not project; aggregates are built from the selected items),
/// `attributes` included.
struct QueryEvaluator {
    let scenario: Scenario
    /// Today for TODAY, LAST_N_DAYS:n and the other relative date literals.
    var now = Date()

    func run(_ soql: String) throws(QueryFailure) -> QueryAnswer {
        let (query, table) = try prepare(soql)
        let rows = matchingRows(query, table)
        if query.isAggregate { return try AggregateEvaluator(query: query, table: table).run(rows) }
        let start = min(query.offset ?? 0, rows.count)
        let end = query.limit.map { min(start + $0, rows.count) } ?? rows.count
        if query.orderBy.isEmpty {
            let chosen = Array(rows[start..<end])
            return QueryAnswer(object: table.object, totalSize: chosen.count, count: chosen.count) { table.record(chosen[$0]) }
        }
        let sorted = Self.sorted(rows.map(table.record), by: query.orderBy)
        return QueryAnswer(object: table.object, records: Array(sorted[start..<end]))
    }

    /// The parsed query and the rows of its object, every field it filters, groups or orders by checked to exist.
    func prepare(_ soql: String) throws(QueryFailure) -> (SOQLQuery, RecordTable) {
        let query: SOQLQuery
        do { query = try SOQLQuery.parse(soql) } catch { throw .malformed(error.message) }
        guard let object = (Array(Scenario.files.keys) + ["Organization"])
            .first(where: { $0.caseInsensitiveCompare(query.object) == .orderedSame }) else {
            throw .invalidType(object: query.object)
        }
        let table = scenario.table(object)
        let known = table.fieldNames
        if !known.isEmpty {
            for field in query.referencedFields {
                let head = String(field.split(separator: ".").first ?? "").lowercased()
                if !known.contains(head) { throw .invalidField(field: field, object: object) }
            }
        }
        if let field = SOQLFilterable.refused(query.filteredFields, on: object) { throw .unfilterableField(field: field) }
        return (query, table)
    }

    /// The rows the WHERE clause keeps, in table order.
    func matchingRows(_ query: SOQLQuery, _ table: RecordTable) -> [Int] {
        var rows: [Int] = []
        let matcher = query.condition.map { ConditionMatcher($0, evaluator: self) }
        for range in table.candidateRows(for: query.condition) {
            for row in range where matcher?.holds(table.matchable(row)) ?? true {
                rows.append(row)
            }
        }
        return rows
    }

    func holds(_ condition: SOQLCondition, for record: Scenario.Record) -> Bool {
        switch condition {
        case .and(let left, let right): return holds(left, for: record) && holds(right, for: record)
        case .or(let left, let right): return holds(left, for: record) || holds(right, for: record)
        case .not(let inner): return !holds(inner, for: record)
        case .isIn(let field, let values, let negated):
            let value = record.value(atPath: field)
            let found = values.contains { Self.compare(value, field: field, .equal, $0, now: now) }
            return negated ? !found : found
        case .compare(let field, let comparison, let literal):
            return Self.compare(record.value(atPath: field), field: field, comparison, literal, now: now)
        case .like(let field, let pattern):
            guard let text = record.value(atPath: field)?.stringValue else { return false }
            return Self.likeMatches(Array(text.lowercased()), Array(pattern.lowercased()))
        }
    }

    /// `%` matches any run of characters and `_` exactly one; the lexer's escape markers match themselves only.
    static func likeMatches(_ text: [Character], _ pattern: [Character]) -> Bool {
        // matched[j]: pattern[..<j] matches text[..<i] for the current i.
        var matched = [Bool](repeating: false, count: pattern.count + 1)
        matched[0] = true
        for j in pattern.indices where pattern[j] == "%" { matched[j + 1] = matched[j] }
        for character in text {
            var next = [Bool](repeating: false, count: pattern.count + 1)
            for (j, token) in pattern.enumerated() {
                switch token {
                case "%": next[j + 1] = next[j] || matched[j + 1]
                case "_": next[j + 1] = matched[j]
                case SOQLLexer.escapedPercent: next[j + 1] = matched[j] && character == "%"
                case SOQLLexer.escapedUnderscore: next[j + 1] = matched[j] && character == "_"
                default: next[j + 1] = matched[j] && character == token
                }
            }
            matched = next
        }
        return matched[pattern.count]
    }

    private static func compare(_ value: JSONValue?, field: String, _ comparison: SOQLComparison, _ literal: SOQLLiteral, now: Date) -> Bool {
        let value = value ?? .null
        if case .dateRange(let days) = literal {
            guard case .string(let text) = value, let date = SOQLDate.parse(text) else { return comparison == .notEqual && value != .null }
            let (start, end) = days.interval(now: now)
            switch comparison {
            case .equal: return date >= start && date < end
            case .notEqual: return date < start || date >= end
            case .less: return date < start
            case .lessOrEqual: return date < end
            case .greater: return date >= end
            case .greaterOrEqual: return date >= start
            }
        }
        if literal == .null || value == .null {
            let bothNull = literal == .null && value == .null
            switch comparison {
            case .equal: return bothNull
            case .notEqual: return !bothNull
            default: return false
            }
        }
        guard let order = order(value, literal, field: field) else { return comparison == .notEqual }
        switch comparison {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        }
    }

    /// How the record's value orders against the literal, or nil when their types cannot be compared.
    private static func order(_ value: JSONValue, _ literal: SOQLLiteral, field: String) -> ComparisonResult? {
        switch (value, literal) {
        case (.string(let text), .string(let wanted)):
            if SalesforceId.isIdField(field), SalesforceId.same(text, wanted) { return .orderedSame }
            // Text comparisons in SOQL ignore case (Username = 'Li.Wei@…' finds li.wei@…).
            return text.compare(wanted, options: [.caseInsensitive])
        case (.string(let text), .dateTime(let wanted)):
            guard let date = SOQLDate.parse(text) else { return nil }
            return date.compare(wanted)
        case (.bool(let flag), .bool(let wanted)):
            return flag == wanted ? .orderedSame : (flag ? .orderedDescending : .orderedAscending)
        case (.number(let number), .number(let wanted)):
            return number.compareNumber(wanted)
        default:
            return nil
        }
    }

    static func sorted(_ records: [Scenario.Record], by orderings: [SOQLOrdering]) -> [Scenario.Record] {
        records.enumerated().sorted { left, right in
            for ordering in orderings {
                let result = sortOrder(left.element.value(atPath: ordering.field), right.element.value(atPath: ordering.field), ordering)
                if result != .orderedSame { return result == .orderedAscending }
            }
            return left.offset < right.offset  // stable
        }.map(\.element)
    }

    static func sortOrder(_ left: JSONValue?, _ right: JSONValue?, _ ordering: SOQLOrdering) -> ComparisonResult {
        let leftNull = left == nil || left == .null
        let rightNull = right == nil || right == .null
        if leftNull || rightNull {
            if leftNull && rightNull { return .orderedSame }
            return leftNull == ordering.nullsLast ? .orderedDescending : .orderedAscending
        }
        let result: ComparisonResult
        switch (left, right) {
        case (.string(let a), .string(let b)):
            if let dateA = SOQLDate.parse(a), let dateB = SOQLDate.parse(b) { result = dateA.compare(dateB) }
            else { result = a.compare(b, options: [.caseInsensitive]) }
        case (.number(let a), .number(let b)): result = a.compareNumber(b)
        case (.bool(let a), .bool(let b)): result = a == b ? .orderedSame : (a ? .orderedDescending : .orderedAscending)
        default: result = .orderedSame
        }
        guard ordering.descending else { return result }
        switch result {
        case .orderedAscending: return .orderedDescending
        case .orderedDescending: return .orderedAscending
        case .orderedSame: return .orderedSame
        }
    }
}

private extension Double {
    func compareNumber(_ other: Double) -> ComparisonResult {
        self < other ? .orderedAscending : (self > other ? .orderedDescending : .orderedSame)
    }
}
