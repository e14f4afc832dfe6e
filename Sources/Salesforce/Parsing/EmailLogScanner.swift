import Foundation

/// Reads an Email Log File piece by piece and keeps what the checks need: the rows to one recipient, decoded in
/// full, and the row count and time span of the whole file.
///
/// Most rows are neither quoted nor the user's. For those (a line with no quote) it finds the Date/Time and
/// Recipient cells with `memchr`, compares the recipient's bytes, and reads the date from its bytes (a run of
/// rows in one minute shares one parse), so no String is made. Any other record goes through `CSVScanner` as the
/// whole-file readers do, and every kept row (and the header) is checked as text before it is decoded.
/// Rows that are not kept are not checked byte by byte: only their date and recipient are read.
struct EmailLogScanner {
    let file: String
    let filter: RecipientFilter?
    private(set) var columns: EmailLogCSV.Columns?
    /// The line the next record starts on.
    private var line = 1
    private var started = false
    private var rowCount = 0
    private var first = Double.infinity, last = -Double.infinity
    private var kept: [EmailLogEntry] = []
    private var fields: [CSVField] = []
    /// The last date cell read and its moment: consecutive rows share their minute.
    private var cachedCell: [UInt8] = []
    private var cachedDate = 0.0
    private var sawHeader: Bool { columns != nil }

    /// Bytes read from the stream at once; the buffer grows only for a record longer than this.
    static let readSize = 64 << 10
    /// The longest record (quoted line breaks included) held in memory while waiting for its end.
    static let maximumRecordBytes = 2 * CSVScanner.maximumLineBytes

    init(file: String, recipient: String?) {
        self.file = file
        filter = recipient.map(RecipientFilter.init)
    }

    /// Reads `stream` to its end through `scanner`.
    static func feed(_ stream: inout some ByteStream, to scanner: inout EmailLogScanner) throws {
        var capacity = 2 * readSize
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        while true {
            if capacity - filled < readSize {
                guard filled <= maximumRecordBytes else { throw scanner.recordTooLong(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
                capacity *= 2
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                buffer.deallocate()
                buffer = bigger
            }
            let count = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + readSize)]))
            filled += count
            let atEnd = count == 0
            let consumed = try scanner.process(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), atEnd: atEnd)
            if atEnd { return }
            if consumed > 0 {
                let base = buffer.baseAddress!
                memmove(base, base + consumed, filled - consumed)
                filled -= consumed
            }
        }
    }

    /// Reads every complete record of `bytes` (all of them when `atEnd`); returns how many bytes it consumed.
    mutating func process(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let end = bytes.count
        var index = 0
        if !started {
            guard end >= 3 || atEnd else { return 0 }
            index = try CSVScanner.textStart(bytes, file: file)
            started = true
        }
        var nextQuote = -1  // the first quote at or after `index`, `end` when none; stale when below `index`
        while index < end {
            guard let columns else {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            guard let found = memchr(base + index, Int32(CSVScanner.lf), end - index) else {
                if !atEnd { return index }
                guard let next = try general(bytes, from: index, atEnd: true) else { return index }
                index = next
                continue
            }
            let lineEnd = UnsafeRawPointer(found) - base
            if nextQuote < index {
                nextQuote = memchr(base + index, Int32(CSVScanner.quote), end - index).map { UnsafeRawPointer($0) - base } ?? end
            }
            if nextQuote < lineEnd {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            if try !plainLine(bytes, from: index, to: lineEnd, columns: columns) {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            line += 1
            index = lineEnd + 1
        }
        return index
    }

    /// The result once every byte was processed.
    func finish() throws -> EmailLog {
        guard sawHeader else {
            throw ExportParseError(file: file, problem: "the file is empty (not even a header row)", hint: EmailLogCSV.hint)
        }
        let span = rowCount == 0 ? nil
            : DateInterval(start: Date(timeIntervalSince1970: first), end: Date(timeIntervalSince1970: last))
        return EmailLog(rows: kept.oldestFirst(by: \.date), rowCount: rowCount, span: span)
    }

    // MARK: - Rows

    /// A line without quotes in `[start, lineEnd)`: counted and dated from its bytes. False when the row is kept
    /// (or looks odd), so that `general` reads it in full.
    private mutating func plainLine(_ bytes: UnsafeRawBufferPointer, from start: Int, to lineEnd: Int, columns: EmailLogCSV.Columns) throws -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var contentEnd = lineEnd
        if contentEnd > start, bytes[contentEnd - 1] == CSVScanner.cr { contentEnd -= 1 }
        if contentEnd == start { return true }  // a blank line
        if lineEnd - start > CSVScanner.maximumLineBytes { return false }  // `general` names the error
        var date: Range<Int>?, recipient: Range<Int>?
        var column = 0, fieldStart = start
        let lastNeeded = max(columns.date, columns.recipient)
        while true {
            let fieldEnd = memchr(base + fieldStart, Int32(CSVScanner.comma), contentEnd - fieldStart)
                .map { UnsafeRawPointer($0) - base } ?? contentEnd
            if column == columns.date { date = fieldStart..<fieldEnd }
            if column == columns.recipient { recipient = fieldStart..<fieldEnd }
            if column == lastNeeded || fieldEnd == contentEnd { break }
            column += 1
            fieldStart = fieldEnd + 1
        }
        guard let filter else { return false }  // every row is kept
        if filter.matches(recipient.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) } ?? UnsafeRawBufferPointer(start: nil, count: 0)) {
            return false
        }
        guard let date else { return false }
        count(try self.date(UnsafeRawBufferPointer(rebasing: bytes[date]), line: line))
        return true
    }

    /// Any record, through `CSVScanner`: the header, a quoted row, a kept row, the last line. Nil when `bytes`
    /// end inside the record and more are coming.
    private mutating func general(_ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool) throws -> Int? {
        switch CSVScanner.record(bytes, from: start, atEnd: atEnd, into: &fields) {
        case .incomplete:
            return nil
        case .unterminatedQuote(let lineBreaks):
            // Binary data is the better explanation when there is some.
            try CSVScanner.checkText(bytes, from: start, to: bytes.count, firstLine: line, file: file, hint: EmailLogCSV.hint)
            throw CSVScanner.unterminatedQuote(file: file, line: line + lineBreaks)
        case .record(let next, let lineBreaks, let terminated):
            defer { line += lineBreaks }
            if CSVScanner.isBlank(fields) { return next }
            guard let columns else {
                try CSVScanner.checkText(bytes, from: start, to: next, firstLine: line, file: file, hint: EmailLogCSV.hint)
                let header = CSVRecord(line: line, fields: fields.map { CSVScanner.text($0, in: bytes) })
                self.columns = try EmailLogCSV.Columns(header, file: file)
                return next
            }
            if !terminated, fields.count < columns.header.count {
                throw CSVTable.cutOff(line: line, fields: fields.count, of: columns.header.count, file: file, hint: EmailLogCSV.hint)
            }
            let keep = filter.map { filter in
                columns.recipient < fields.count && Self.cell(fields[columns.recipient], in: bytes) { filter.matches($0) }
            } ?? true
            if keep {
                try CSVScanner.checkText(bytes, from: start, to: next, firstLine: line, file: file, hint: EmailLogCSV.hint)
            } else if let end = fields.last?.end {
                // Every line of the record stays under the limit, kept or not.
                try checkLineLengths(bytes, from: start, to: end)
            }
            guard columns.date < fields.count else { throw noDate() }
            let recordLine = line
            let date = try Self.cell(fields[columns.date], in: bytes) { try self.date($0, line: recordLine) }
            count(date)
            if keep {
                let texts = fields.map { CSVScanner.text($0, in: bytes) }
                kept.append(try EmailLogCSV.entry(texts, line: line, date: Date(timeIntervalSince1970: date), columns: columns, file: file))
            }
            return next
        }
    }

    /// Runs `body` on the bytes of `field`, unquoted.
    private static func cell<Result>(_ field: CSVField, in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.quoted else { return try body(raw) }
        return try CSVScanner.unescaped(raw).withUnsafeBytes(body)
    }

    private mutating func count(_ date: Double) {
        rowCount += 1
        if date < first { first = date }
        if date > last { last = date }
    }

    private func noDate() -> ExportParseError {
        ExportParseError(file: file, line: line, problem: "the row has no Date/Time", hint: EmailLogCSV.hint)
    }

    // MARK: - Dates

    /// Seconds since 1970 for a Date/Time cell: "11/22/2026 09:30" from its bytes, anything else through
    /// `SetupDownloadDates` (which names the problem when there is one).
    private mutating func date(_ cell: UnsafeRawBufferPointer, line: Int) throws -> Double {
        if cell.count == cachedCell.count, cell.elementsEqual(cachedCell) { return cachedDate }
        let seconds: Double
        if let fast = Self.usDate(cell) {
            seconds = fast
        } else {
            guard let text = String(validating: cell, as: UTF8.self) else {
                throw ExportParseError(
                    file: file, line: line, problem: "the file is not a text CSV file (it contains binary data: line \(line) is not UTF-8)",
                    hint: CSVScanner.binaryHint)
            }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw noDate() }
            let cells = [SetupDownloadDates.Cell(line: line, text: text)]
            guard let date = try SetupDownloadDates.dates(cells, column: EmailLogCSV.dateColumn, file: file).first else { throw noDate() }
            seconds = date.timeIntervalSince1970
        }
        if cell.count <= 64 {
            cachedCell.removeAll(keepingCapacity: true)
            cachedCell.append(contentsOf: cell)
            cachedDate = seconds
        }
        return seconds
    }

    /// "M/D/YYYY H:MM" or "M/D/YYYY H:MM:SS" in GMT, as Salesforce writes the email log; nil for anything else,
    /// including an impossible date, which `SetupDownloadDates` then explains.
    static func usDate(_ cell: UnsafeRawBufferPointer) -> Double? {
        var index = 0
        func number(maxDigits: Int, exactly: Bool = false) -> Int? {
            var value = 0, digits = 0
            while index < cell.count, digits < maxDigits, cell[index] >= 0x30, cell[index] <= 0x39 {
                value = value * 10 + Int(cell[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits == 0 || (exactly && digits != maxDigits) ? nil : value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < cell.count, cell[index] == byte else { return false }
            index += 1
            return true
        }
        guard let month = number(maxDigits: 2), skip(0x2F), let day = number(maxDigits: 2), skip(0x2F),
              let year = number(maxDigits: 4, exactly: true), skip(0x20),
              let hour = number(maxDigits: 2), skip(0x3A), let minute = number(maxDigits: 2, exactly: true)
        else { return nil }
        var second = 0
        if skip(0x3A) {
            guard let value = number(maxDigits: 2, exactly: true) else { return nil }
            second = value
        }
        guard index == cell.count,
              let date = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).date(offsetSeconds: 0)
        else { return nil }
        return date.timeIntervalSince1970
    }

    // MARK: - Limits

    private func checkLineLengths(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) throws {
        guard end - start > CSVScanner.maximumLineBytes else { return }
        try CSVScanner.checkText(bytes, from: start, to: end, firstLine: line, file: file, hint: EmailLogCSV.hint)
    }

    /// The error for `pending` bytes that hold no whole record although they exceed `maximumRecordBytes`.
    func recordTooLong(_ pending: UnsafeRawBufferPointer) -> ExportParseError {
        if pending.firstIndex(where: { $0 == CSVScanner.lf || $0 == CSVScanner.cr }) == nil {
            return ExportParseError(
                file: file, line: line, problem: "line \(line) is longer than 1 MiB; this is not a Salesforce export",
                hint: EmailLogCSV.hint)
        }
        return ExportParseError(
            file: file, line: line,
            problem: "the record that begins on line \(line) runs on for more than 2 MiB: a quoted field is never closed (unterminated quote)",
            hint: "the file is cut off or was edited by hand; download it again from Salesforce")
    }
}
