import Foundation

/// The part of SOQL the live source and a scan use: `SELECT items FROM Object [WHERE condition] [GROUP BY fields]
/// [ORDER BY …] [LIMIT n] [OFFSET n]`, items being fields or aggregates (COUNT(), COUNT(f), COUNT_DISTINCT, MIN,
/// MAX, SUM, AVG) with optional aliases, conditions joined by AND/OR/NOT with parentheses, comparisons, IN lists and
/// LIKE. Anything else is MALFORMED_QUERY, never a guess.
struct SOQLQuery: Equatable {
    var items: [SOQLSelectItem]
    var object: String
    var condition: SOQLCondition?
    var groupBy: [String] = []
    var orderBy: [SOQLOrdering]
    var limit: Int?
    var offset: Int?
}

extension SOQLQuery {
    /// The plain fields selected, in order.
    var fields: [String] { items.compactMap { if case .field(let path, _) = $0 { path } else { nil } } }
    var isAggregate: Bool {
        !groupBy.isEmpty || items.contains { if case .aggregate = $0 { true } else { false } }
    }
}

enum SOQLSelectItem: Equatable {
    case field(String, alias: String?)
    /// `COUNT()` has no field.
    case aggregate(SOQLAggregate, field: String?, alias: String?)
}

enum SOQLAggregate: String, Equatable, CaseIterable {
    case count = "COUNT", countDistinct = "COUNT_DISTINCT", min = "MIN", max = "MAX", sum = "SUM", avg = "AVG"
}

indirect enum SOQLCondition: Equatable {
    case and(SOQLCondition, SOQLCondition)
    case or(SOQLCondition, SOQLCondition)
    case not(SOQLCondition)
    case compare(field: String, SOQLComparison, SOQLLiteral)
    case isIn(field: String, [SOQLLiteral], negated: Bool)
    /// `Field LIKE 'pattern'`: `%` any run, `_` one character, case-insensitive; the pattern keeps the lexer's
    /// markers for the escaped `\%` and `\_`.
    case like(field: String, pattern: String)
}

enum SOQLComparison: String, Equatable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

enum SOQLLiteral: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// A date-time literal (`2026-11-15T09:30:00Z`) or a date literal (`2026-11-15`, midnight UTC).
    case dateTime(Date)
    /// A relative date literal (TODAY, YESTERDAY, LAST_N_DAYS:n, N_DAYS_AGO:n): the days it covers, UTC.
    case dateRange(SOQLDateLiteral)
}

struct SOQLOrdering: Equatable {
    var field: String
    var descending: Bool
    /// SOQL puts nulls first by default in ascending order and last in descending order.
    var nullsLast: Bool
}

extension SOQLQuery {
    /// Every field the query filters, groups, orders or aggregates by (not the plain selected fields, which the
    /// simulator returns whole records for anyway).
    var referencedFields: [String] {
        var fields = groupBy + orderBy.map(\.field)
        for item in items { if case .aggregate(_, let field?, _) = item { fields.append(field) } }
        return fields + filteredFields
    }

    /// The fields the WHERE clause compares.
    var filteredFields: [String] {
        var fields: [String] = []
        func walk(_ condition: SOQLCondition) {
            switch condition {
            case .and(let left, let right), .or(let left, let right): walk(left); walk(right)
            case .not(let inner): walk(inner)
            case .compare(let field, _, _), .isIn(let field, _, _), .like(let field, _): fields.append(field)
            }
        }
        condition.map(walk)
        return fields
    }
}
