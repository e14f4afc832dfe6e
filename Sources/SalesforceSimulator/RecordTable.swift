import Salesforce

/// The rows of one sObject as a query sees them: the scenario file's records first, then the generated org's,
/// built when read.
struct RecordTable: Sendable {
    typealias Record = Scenario.Record

    let object: String
    let fileRecords: [Record]
    /// Fields a file record does not carry but belongs to (see `Scenario.implicitFields`): matched, never returned.
    let implicit: Record
    let generated: GeneratedOrg?

    var count: Int { fileRecords.count + (generated?.count(object) ?? 0) }

    func record(_ row: Int) -> Record {
        row < fileRecords.count ? fileRecords[row] : generated?.record(object, row - fileRecords.count) ?? [:]
    }

    /// The record with the implicit fields added, for matching.
    func matchable(_ row: Int) -> Record {
        guard row < fileRecords.count, !implicit.isEmpty else { return record(row) }
        return fileRecords[row].merging(implicit) { own, _ in own }
    }

    /// The rows that can match `condition`: every row, unless its top level pins the owning user's Id (`= '…'` or
    /// `IN (…)`, as the per-user and per-page queries do), when the generated rows are only those users' rows.
    /// The condition is still applied to every candidate.
    func candidateRows(for condition: SOQLCondition?) -> [Range<Int>] {
        let all = [0..<count]
        guard let generated, let field = GeneratedOrg.userField(object), let condition,
              let ids = Self.pinnedValues(of: field, in: condition) else { return all }
        let base = fileRecords.count
        var ranges = [0..<base]
        for id in ids {
            guard let index = GeneratedIds.index(id, prefix: "005") else { continue }
            let rows = generated.rows(object, ofUser: index)
            ranges.append(base + rows.lowerBound..<base + rows.upperBound)
        }
        return ranges
    }

    /// The string values `field` must equal for `condition` to hold, when a top-level conjunct says so.
    private static func pinnedValues(of field: String, in condition: SOQLCondition) -> [String]? {
        switch condition {
        case .and(let left, let right):
            return pinnedValues(of: field, in: left) ?? pinnedValues(of: field, in: right)
        case .compare(let name, .equal, .string(let value)) where name.caseInsensitiveCompare(field) == .orderedSame:
            return [value]
        case .isIn(let name, let values, negated: false) where name.caseInsensitiveCompare(field) == .orderedSame:
            let strings = values.compactMap { literal -> String? in if case .string(let text) = literal { text } else { nil } }
            return strings.count == values.count ? strings : nil
        default:
            return nil
        }
    }

    /// Field names a record of this table has (first path component), for INVALID_FIELD; empty when the table has
    /// no rows to tell from.
    var fieldNames: Set<String> {
        var names = Set(implicit.keys.map { $0.lowercased() })
        for record in fileRecords { names.formUnion(record.keys.map { $0.lowercased() }) }
        if let generated, generated.count(object) > 0 {
            names.formUnion(generated.record(object, 0).keys.map { $0.lowercased() })
        }
        return names
    }
}
