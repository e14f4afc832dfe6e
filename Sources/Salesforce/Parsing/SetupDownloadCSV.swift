import Foundation

/// What the Setup download parsers (audit trail, login history) share: required columns checked by name,
/// cells read by column, a date column read with one day/month order, and newest-first output.
struct SetupDownloadCSV {
    var table: CSVTable
    var file: String
    var hint: String

    /// Reads `data` and checks that every required column is present; `what` names the download
    /// ("a Setup Audit Trail download").
    init(_ data: Data, file: String, what: String, required: [String], hint: String) throws {
        table = try CSVReader.table(data, file: file, hint: hint)
        self.file = file
        self.hint = hint
        if try !required.allSatisfy({ try table.column($0) != nil }) {
            let found = table.header.fields.prefix(12).joined(separator: ", ")
            throw ExportParseError(
                file: file, line: table.header.line,
                problem: "the header is not \(what): expected \(required.joined(separator: ", ")); found \(found.isEmpty ? "nothing" : found)",
                hint: hint)
        }
    }

    /// The index of a column the initializer already checked for.
    func requiredColumn(_ name: String) throws -> Int {
        guard let index = try table.column(name) else {
            throw ExportParseError(file: file, line: table.header.line, problem: "the header has no \(name) column", hint: hint)
        }
        return index
    }

    /// The trimmed cell of `row` under `column`, nil when the column is absent, the row is short, or the cell is blank.
    func cell(_ row: CSVRecord, _ column: Int?) -> String? {
        guard let column, column < row.fields.count else { return nil }
        let text = row.fields[column].trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The dates of every row under `column`. A header that names its zone ("Login Time (GMT)") lets cells omit it.
    func dates(column index: Int, name: String, example: String) throws -> [Date] {
        let key = CSVTable.columnKey(table.header.fields[index])
        let headerZone: Int? = key.hasSuffix("gmt") || key.hasSuffix("utc") ? 0 : nil
        let cells = try table.rows.map { row in
            guard let text = cell(row, index) else {
                throw ExportParseError(file: file, line: row.line, problem: "the row has no \(name)", hint: hint)
            }
            return SetupDownloadDates.Cell(line: row.line, text: text)
        }
        let column = SetupDownloadDates.Column(name: name, example: example, hint: hint, defaultOffset: headerZone)
        return try SetupDownloadDates.dates(cells, column: column, file: file)
    }
}

extension Array {
    /// Sorted by `date`, newest first; equal dates keep their file order.
    func newestFirst(by date: (Element) -> Date) -> [Element] { stablySorted(by: date, newestFirst: true) }

    /// Sorted by `date`, oldest first; equal dates keep their file order.
    func oldestFirst(by date: (Element) -> Date) -> [Element] { stablySorted(by: date, newestFirst: false) }

    private func stablySorted(by date: (Element) -> Date, newestFirst: Bool) -> [Element] {
        enumerated()
            .sorted { left, right in
                let (a, b) = (date(left.element), date(right.element))
                return a != b ? (a > b) == newestFirst : left.offset < right.offset
            }
            .map(\.element)
    }
}
