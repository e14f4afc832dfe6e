import Foundation

/// One CSV record and the physical line (1-based) where it starts.
struct CSVRecord: Sendable, Equatable {
    var line: Int
    var fields: [String]
}

/// A CSV file split into its header and its records, with columns looked up by name.
struct CSVTable: Sendable {
    var header: CSVRecord
    var rows: [CSVRecord]
    var file: String
    var hint: String

    /// A table whose header names each column once: with two columns of one name, whichever a parser read would
    /// be a guess.
    init(header: CSVRecord, rows: [CSVRecord], file: String, hint: String) throws {
        self.header = header; self.rows = rows; self.file = file; self.hint = hint
        try Self.checkUniqueNames(header, file: file, hint: hint)
    }

    /// Column names compared by letters and digits only, case-insensitively, so "Date/Time", "date time"
    /// and "DATE_TIME" are the same column.
    static func columnKey(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The index of the column whose name matches one of `names`, alone or followed by its zone
    /// ("Login Time (GMT)"); nil when none does, an error when two do.
    func column(_ names: [String]) throws -> Int? {
        try Self.column(names, in: header, file: file, hint: hint)
    }

    func column(_ names: String...) throws -> Int? { try column(names) }

    static func column(_ names: [String], in header: CSVRecord, file: String, hint: String) throws -> Int? {
        let keys = Set(names.map(columnKey).flatMap { [$0, $0 + "gmt", $0 + "utc"] })
        let matching = header.fields.indices.filter { keys.contains(columnKey(header.fields[$0])) }
        if matching.count > 1 {
            let (first, second) = (matching[0], matching[1])
            throw ExportParseError(
                file: file, line: header.line,
                problem: "the header has two \(names[0]) columns: column \(first + 1) \"\(header.fields[first])\" and column \(second + 1) \"\(header.fields[second])\"",
                hint: "remove one of them, or \(hint.lowercasedFirst)")
        }
        return matching.first
    }

    /// Two header cells with one name (as `columnKey` compares them) are an error naming both.
    static func checkUniqueNames(_ header: CSVRecord, file: String, hint: String) throws {
        var seen: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = columnKey(name)
            guard !key.isEmpty else { continue }
            if let first = seen[key] {
                throw ExportParseError(
                    file: file, line: header.line,
                    problem: "the header names the column \"\(header.fields[first])\" twice: column \(first + 1) \"\(header.fields[first])\" and column \(index + 1) \"\(name)\"",
                    hint: "each column must appear once; \(hint.lowercasedFirst)")
            }
            seen[key] = index
        }
    }

    /// A last row that lacks columns while the file lacks its final line break was cut off in the middle.
    /// (A shorter row that ends with a line break is legitimate: exports may leave out trailing empty cells.)
    static func checkComplete(lastRow: CSVRecord?, terminated: Bool, header: CSVRecord, file: String, hint: String) throws {
        guard !terminated, let last = lastRow, last.fields.count < header.fields.count else { return }
        throw cutOff(line: last.line, fields: last.fields.count, of: header.fields.count, file: file, hint: hint)
    }

    static func cutOff(line: Int, fields: Int, of columns: Int, file: String, hint: String) -> ExportParseError {
        ExportParseError(
            file: file, line: line,
            problem: "the file is cut off: its last row (line \(line)) has \(fields) of the header's \(columns) columns and no line break after it",
            hint: "the download did not finish; \(hint.lowercasedFirst)")
    }
}

/// RFC 4180 reader shared by the CSV parsers that read a whole file (audit trail, login history; the email log
/// streams through `EmailLogScanner`), on top of `CSVScanner`.
///
/// Written here rather than taken from a library because we need the physical line where each record starts
/// (evidence lines cite it, and errors name it) and a per-line size limit checked before anything is decoded;
/// the CSV libraries available to this package expose neither. It works on bytes: every delimiter is ASCII,
/// so splitting UTF-8 on bytes is safe, and each field is decoded once.
enum CSVReader {
    static let maximumLineBytes = CSVScanner.maximumLineBytes

    /// Reads `data` into a header and rows. An empty file is an error; a header-only file has no rows; a header
    /// that names a column twice, or a last row cut off mid-way, is an error.
    static func table(_ data: Data, file: String, hint: String) throws -> CSVTable {
        let (records, terminated) = try records(data, file: file, hint: hint)
        guard let header = records.first else {
            throw ExportParseError(file: file, problem: "the file is empty (not even a header row)", hint: hint)
        }
        let table = try CSVTable(header: header, rows: Array(records.dropFirst()), file: file, hint: hint)
        try CSVTable.checkComplete(lastRow: table.rows.last, terminated: terminated, header: header, file: file, hint: hint)
        return table
    }

    /// Reads every record of `data`, header included. Blank lines between records are skipped.
    static func read(_ data: Data, file: String, hint: String) throws -> [CSVRecord] {
        try records(data, file: file, hint: hint).records
    }

    /// The records, and whether the last one ends with a line break.
    private static func records(_ data: Data, file: String, hint: String) throws -> (records: [CSVRecord], terminated: Bool) {
        try data.withUnsafeBytes { bytes in
            var index = try CSVScanner.textStart(bytes, file: file)
            try CSVScanner.checkText(bytes, from: index, to: bytes.count, firstLine: 1, file: file, hint: hint)
            var records: [CSVRecord] = []
            var fields: [CSVField] = []
            var line = 1
            var terminated = true
            while index < bytes.count {
                switch CSVScanner.record(bytes, from: index, atEnd: true, into: &fields) {
                case .record(let next, let lineBreaks, let ended):
                    if !CSVScanner.isBlank(fields) {
                        records.append(CSVRecord(line: line, fields: fields.map { CSVScanner.text($0, in: bytes) }))
                        terminated = ended
                    }
                    line += lineBreaks
                    index = next
                case .unterminatedQuote(let lineBreaks):
                    throw CSVScanner.unterminatedQuote(file: file, line: line + lineBreaks)
                case .incomplete:  // never at the end of the bytes; read as a quote left open
                    throw CSVScanner.unterminatedQuote(file: file, line: line)
                }
            }
            return (records, terminated)
        }
    }
}

extension String {
    /// "Download it again" → "download it again", to follow a semicolon.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

/// A CSV file's records as text, for files other modules read (a list of users); RFC 4180, blank lines skipped.
public enum CSVRows {
    public static func parse(_ data: Data, file: String, hint: String) throws -> [[String]] {
        try CSVReader.read(data, file: file, hint: hint).map(\.fields)
    }
}
