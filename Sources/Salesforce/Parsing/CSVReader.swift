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

    /// Column names compared by letters and digits only, case-insensitively, so "Date/Time", "date time"
    /// and "DATE_TIME" are the same column.
    static func columnKey(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The index of the first column whose name matches one of `names`, alone or followed by its zone
    /// ("Login Time (GMT)").
    func column(_ names: [String]) -> Int? {
        let keys = Set(names.map(Self.columnKey).flatMap { [$0, $0 + "gmt", $0 + "utc"] })
        return header.fields.firstIndex { keys.contains(Self.columnKey($0)) }
    }

    func column(_ names: String...) -> Int? { column(names) }
}

/// RFC 4180 reader shared by the three CSV parsers (audit trail, login history, email log).
///
/// Written here rather than taken from a library because we need the physical line where each record starts
/// (evidence lines cite it, and errors name it) and a per-line size limit checked before anything is decoded;
/// the CSV libraries available to this package expose neither. It works on bytes: every delimiter is ASCII,
/// so splitting UTF-8 on bytes is safe, and each field is decoded once.
enum CSVReader {
    static let maximumLineBytes = 1 << 20

    /// Reads `data` into a header and rows. An empty file is an error; a header-only file has no rows.
    static func table(_ data: Data, file: String, hint: String) throws -> CSVTable {
        let records = try read(data, file: file, hint: hint)
        guard let header = records.first else {
            throw ExportParseError(file: file, problem: "the file is empty (not even a header row)", hint: hint)
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }

    /// Reads every record of `data`, header included. Blank lines between records are skipped.
    static func read(_ data: Data, file: String, hint: String) throws -> [CSVRecord] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try checkIsText(bytes, file: file, hint: hint)

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoteLine: Int? = nil  // set while inside a quoted field
        var fieldStarted = false   // any byte (or quote) seen in the current field
        var index = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll()
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoteLine != nil {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte); index += 2; continue
                    }
                    quoteLine = nil
                } else {
                    if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && !(index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"))) {
                        line += 1
                    }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\""):
                if fieldStarted { field.append(byte) } else { quoteLine = line }
                fieldStarted = true
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
            }
            index += 1
        }
        if let start = quoteLine {
            throw ExportParseError(
                file: file, line: start,
                problem: "a quoted field that begins on line \(start) is never closed (unterminated quote)",
                hint: "the file is cut off or was edited by hand; download it again from Salesforce")
        }
        if fieldStarted || !fields.isEmpty { endRecord() }
        return records
    }

    /// Rejects binary data (NUL bytes, text that is not UTF-8) and lines over `maximumLineBytes`, naming the line.
    private static func checkIsText(_ bytes: [UInt8], file: String, hint: String) throws {
        let binaryHint = "export it again from Salesforce as CSV; if you re-saved it in a spreadsheet, choose \"CSV UTF-8\""
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ExportParseError(
                file: file, line: 1, problem: "the file is not a text CSV file (it contains binary data: UTF-16 text)",
                hint: binaryHint)
        }
        var line = 1
        var lineStart = 0
        var index = 0
        func checkLine(end: Int) throws {
            if end - lineStart > maximumLineBytes {
                throw ExportParseError(
                    file: file, line: line, problem: "line \(line) is longer than 1 MiB; this is not a Salesforce export",
                    hint: hint)
            }
            if String(validating: bytes[lineStart..<end], as: UTF8.self) == nil {
                throw ExportParseError(
                    file: file, line: line, problem: "the file is not a text CSV file (it contains binary data: line \(line) is not UTF-8)",
                    hint: binaryHint)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 {
                throw ExportParseError(
                    file: file, line: line, problem: "the file is not a text CSV file (it contains binary data)", hint: binaryHint)
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try checkLine(end: index)
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        try checkLine(end: bytes.count)
    }
}
