import Foundation
import Salesforce

/// Aggregate queries as a scan sends them, answered in Salesforce's shapes: `SELECT COUNT() FROM User WHERE …`
/// (totalSize N, no records) and `SELECT UserId, MAX(LoginTime) LastLogin FROM LoginHistory WHERE … GROUP BY UserId`
/// (one `AggregateResult` record a group; unaliased aggregates are named expr0, expr1, …).
struct AggregateEvaluator {
    let query: SOQLQuery
    let table: RecordTable

    func run(_ rows: [Int]) throws(QueryFailure) -> QueryAnswer {
        let countsRows = query.items.contains { if case .aggregate(.count, nil, _) = $0 { true } else { false } }
        if countsRows {
            guard query.items.count == 1, query.groupBy.isEmpty else {
                throw .malformed("COUNT() must be the only item in the SELECT list and cannot be grouped; use COUNT(Id) with GROUP BY")
            }
            let size = min(query.limit ?? rows.count, max(0, rows.count - (query.offset ?? 0)))
            return QueryAnswer(object: table.object, totalSize: size, count: 0, isAggregate: true) { _ in [:] }
        }
        for item in query.items {
            if case .field(let path, _) = item, groupPosition(path) == nil {
                throw .malformed("Field must be grouped or aggregated: \(path)")
            }
        }
        var records = group(rows).map(record)
        if !query.orderBy.isEmpty {
            records = QueryEvaluator.sorted(records, by: try query.orderBy.map(outputOrdering))
        }
        let start = min(query.offset ?? 0, records.count)
        let end = query.limit.map { min(start + $0, records.count) } ?? records.count
        return QueryAnswer(object: table.object, records: Array(records[start..<end]), isAggregate: true)
    }

    private struct Group {
        var key: [JSONValue]
        var values: [Accumulator]
    }

    /// Groups in order of first appearance; with no GROUP BY, exactly one group even over no rows.
    private func group(_ rows: [Int]) -> [Group] {
        let aggregates = query.items.compactMap { item -> (SOQLAggregate, String)? in
            if case .aggregate(let function, let field?, _) = item { (function, field) } else { nil }
        }
        var groups: [Group] = []
        var positions: [[JSONValue]: Int] = [:]
        for row in rows {
            let record = table.matchable(row)
            let key = query.groupBy.map { record.value(atPath: $0) ?? .null }
            let position: Int
            if let known = positions[key] { position = known } else {
                position = groups.count
                positions[key] = position
                groups.append(Group(key: key, values: aggregates.map { Accumulator(function: $0.0) }))
            }
            for (index, aggregate) in aggregates.enumerated() {
                groups[position].values[index].add(record.value(atPath: aggregate.1) ?? .null)
            }
        }
        if groups.isEmpty && query.groupBy.isEmpty {
            groups.append(Group(key: [], values: aggregates.map { Accumulator(function: $0.0) }))
        }
        return groups
    }

    private func record(_ group: Group) -> Scenario.Record {
        var record: Scenario.Record = ["attributes": .object(["type": .string("AggregateResult")])]
        var aggregateIndex = 0
        var unnamed = 0
        for item in query.items {
            switch item {
            case .field(let path, let alias):
                record[alias ?? Self.lastComponent(path)] = group.key[groupPosition(path) ?? 0]
            case .aggregate(_, _, let alias):
                let name = alias ?? "expr\(unnamed)"
                if alias == nil { unnamed += 1 }
                record[name] = group.values[aggregateIndex].result
                aggregateIndex += 1
            }
        }
        return record
    }

    /// ORDER BY in an aggregate query names a grouped field or an alias: sort by the output column it became.
    private func outputOrdering(_ ordering: SOQLOrdering) throws(QueryFailure) -> SOQLOrdering {
        var output = ordering
        for item in query.items {
            switch item {
            case .field(let path, let alias) where path.caseInsensitiveCompare(ordering.field) == .orderedSame
                || alias?.caseInsensitiveCompare(ordering.field) == .orderedSame:
                output.field = alias ?? Self.lastComponent(path)
                return output
            case .aggregate(_, _, let alias?) where alias.caseInsensitiveCompare(ordering.field) == .orderedSame:
                output.field = alias
                return output
            default: continue
            }
        }
        throw .malformed("ORDER BY \(ordering.field): in an aggregate query the simulator orders by a selected grouped field or an alias only")
    }

    private func groupPosition(_ path: String) -> Int? {
        query.groupBy.firstIndex { $0.caseInsensitiveCompare(path) == .orderedSame }
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }
}

/// One aggregate over one group. Nulls are skipped, as SOQL does; MIN and MAX keep the value as the record holds it.
private struct Accumulator {
    let function: SOQLAggregate
    var count = 0
    var distinct: Set<JSONValue> = []
    var best: JSONValue?
    var sum = 0.0

    init(function: SOQLAggregate) { self.function = function }

    mutating func add(_ value: JSONValue) {
        guard value != .null else { return }
        count += 1
        switch function {
        case .count: break
        case .countDistinct: distinct.insert(value)
        case .min, .max:
            guard let current = best else { best = value; return }
            let order = ValueOrder.compare(value, current)
            if (function == .max && order == .orderedDescending) || (function == .min && order == .orderedAscending) { best = value }
        case .sum, .avg:
            if case .number(let number) = value { sum += number } else { count -= 1 }
        }
    }

    var result: JSONValue {
        switch function {
        case .count: .number(Double(count))
        case .countDistinct: .number(Double(distinct.count))
        case .min, .max: best ?? .null
        case .sum: count == 0 ? .null : .number(sum)
        case .avg: count == 0 ? .null : .number(sum / Double(count))
        }
    }
}

/// How two record values order: dates as dates (the REST shape `…T…000+0000` compares as text, the fast path),
/// text ignoring case, numbers and booleans by value.
enum ValueOrder {
    static func compare(_ left: JSONValue, _ right: JSONValue) -> ComparisonResult {
        if case .string(let a) = left, case .string(let b) = right, a.utf8.count == b.utf8.count, a.hasSuffix("+0000"), b.hasSuffix("+0000") {
            return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
        }
        return QueryEvaluator.sortOrder(left, right, SOQLOrdering(field: "", descending: false, nullsLast: false))
    }
}
