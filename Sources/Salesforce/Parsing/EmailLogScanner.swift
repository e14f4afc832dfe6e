import Foundation

/// Reads an Email Log File piece by piece and keeps what the checks need: the rows to one recipient, decoded in
/// full, and the row count and time span of the whole file.
///
/// Most rows are neither quoted nor the user's, and most share their minute with the row before: when Date/Time
/// is the first column, runs of those are only counted (`EmailLogSkim`). For the other plain rows (a line with
/// no quote and no lone CR, found with `memchr`) it finds the Date/Time and Recipient cells in one pass over
/// 8-byte words, rules the recipient out by its length or compares its bytes, and reads the date from its bytes
/// (a run of rows in one minute shares one parse), so no String is made. Any other record goes through
/// `CSVScanner` as the whole-file readers do, and every kept row (and the header) is checked as text before it
/// is decoded. Rows that are not kept are not checked byte by byte: only their date and recipient are read.
struct EmailLogScanner {
    let file: String
    /// Nil keeps every row.
    private(set) var filter: RecipientFilter?
    private(set) var columns: EmailLogCSV.Columns?
    /// The line the next record starts on.
    private var line = 1
    private var started = false
    private var rowCount = 0
    private var first = Double.infinity, last = -Double.infinity
    private var kept: [EmailLogEntry] = []
    /// The line of each kept row, to renumber them when this scanner read the second part of a file.
    private var keptLines: [Int] = []
    private var fields: [CSVField] = []
    /// The last date cell read (up to 24 bytes, as three words) and its moment: consecutive rows share their minute.
    private var cachedCell: (UInt64, UInt64, UInt64, Int) = (0, 0, 0, -2)  // matches no cell
    private var cachedDate = 0.0
    /// Whether the cached cell holds no comma or line break, so that a plain line's first cell can be compared with it.
    private var cachedCellIsPlain = false
    /// The fast way through plain lines when Date/Time is the first column; nil when it does not apply.
    private var skim: EmailLogSkim?
    /// Records to read without trying `skim` first, and how many the next failed try sets aside: it doubles while
    /// tries fail, so a log where every line stops a run (a non-ASCII column, say) costs little more than before.
    private var skimPause = 0, skimBackoff = 1
    private var sawHeader = false
    /// The hot loop's view of `columns` and `filter`, as plain numbers.
    private var dateColumn = 0, recipientColumn = 0
    /// What a plain row needs to be compared at all: the address's length when it is ASCII (a cell of another
    /// length matches only with a byte over 0x7F), -1 when every cell must be compared, nil when no row is kept.
    private var compareLength: Int?
    /// The address's first 8 bytes with 0x20 set in each (ASCII case folded the cheap way), when it is ASCII and
    /// that long: a plain cell of the right length whose first 8 bytes differ from it this way is not the address.
    private var addressPrefix: UInt64?
    private var keepsEvery = false

    /// Bytes read from the stream at once; the buffer grows only for a record longer than this.
    static let readSize = 64 << 10
    /// The longest record (quoted line breaks included) held in memory while waiting for its end.
    static let maximumRecordBytes = 2 * CSVScanner.maximumLineBytes

    init(file: String, keeping rows: EmailLogRows) {
        self.file = file
        switch rows {
        case .all: filter = nil
        case .to(let address): filter = RecipientFilter(address)
        case .none: filter = RecipientFilter(nil)
        }
        keepsEvery = filter == nil
        compareLength = filter?.address.map { $0.utf8.allSatisfy { $0 < 0x80 } ? $0.utf8.count : -1 }
        if let compareLength, compareLength >= 8, let address = filter?.address {
            addressPrefix = Array(address.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } | Self.lowBits * 0x20
        }
    }

    /// Reads `stream` to its end through `scanner`. With `final` false the stream is the first part of a file:
    /// its last bytes are not taken as the file's end, and the result is how many were left unread (0 when the
    /// part ends at a record's end).
    @discardableResult
    static func feed(_ stream: inout some ByteStream, to scanner: inout EmailLogScanner, final: Bool = true) throws -> Int {
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
            let consumed = try scanner.process(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), atEnd: atEnd && final)
            if atEnd { return filled - consumed }
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
        // The first quote and CR at or after `index` (`end` when none; stale when below `index`): a line with a
        // quote, or a CR other than its CRLF, is read by `general`. `nextStop` likewise ends `skim`'s runs.
        var nextQuote = -1, nextCR = -1, nextStop = -1, skimQuote = -1, skimCR = -1
        while index < end {
            guard sawHeader else {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            if skimPause > 0 {
                skimPause &-= 1
            } else if let skim {
                if nextStop < index { nextStop = skim.nextStop(base, from: index, end: end, quote: &skimQuote, loneCR: &skimCR) }
                if cachedCellIsPlain {
                    let run = EmailLogSkim.sameDateLines(base, from: index, limit: nextStop, cell: cachedCell)
                    if run.lines > 0 {
                        count(cachedDate, rows: run.lines)
                        line &+= run.lines
                        index = run.next
                        skimBackoff = 1
                        continue
                    }
                }
                // A plain line with another date: only its first cell is read, as `plainLine` would.
                if let (cellEnd, lineEnd) = EmailLogSkim.plainLine(base, from: index, limit: nextStop) {
                    count(try date(UnsafeRawBufferPointer(start: base + index, count: cellEnd &- index), line: line))
                    line &+= 1
                    index = lineEnd &+ 1
                    skimBackoff = 1
                    continue
                }
                // A stop in the line (not just the buffer's end, where the line is cut) is a failed try.
                if nextStop < end { (skimPause, skimBackoff) = (skimBackoff, min(2 * skimBackoff, 1024)) }
            }
            if nextQuote < index {
                nextQuote = memchr(base + index, Int32(CSVScanner.quote), end - index).map { UnsafeRawPointer($0) - base } ?? end
            }
            if nextCR < index {
                nextCR = memchr(base + index, Int32(CSVScanner.cr), end - index).map { UnsafeRawPointer($0) - base } ?? end
            }
            if let lineEnd = try quickLine(base, from: index, end: end, nextQuote: nextQuote, nextCR: nextCR) {
                line &+= 1
                index = lineEnd &+ 1
                continue
            }
            guard let found = memchr(base + index, Int32(CSVScanner.lf), end - index) else {
                if !atEnd { return index }
                guard let next = try general(bytes, from: index, atEnd: true) else { return index }
                index = next
                continue
            }
            let lineEnd = UnsafeRawPointer(found) - base
            if nextQuote < lineEnd || nextCR < lineEnd - 1 {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            if try !plainLine(base, from: index, to: lineEnd) {
                guard let next = try general(bytes, from: index, atEnd: atEnd) else { return index }
                index = next
                continue
            }
            line += 1
            index = lineEnd + 1
        }
        return index
    }

    /// A scanner for the second part of a file whose header `self` has read: it starts at a record boundary on
    /// line 1 of its own (`merge` puts its lines in place).
    func continuation() -> EmailLogScanner {
        var next = EmailLogScanner(file: file, keeping: .all)
        next.filter = filter; next.keepsEvery = keepsEvery; next.compareLength = compareLength
        next.addressPrefix = addressPrefix; next.skim = skim
        next.columns = columns; next.sawHeader = sawHeader; next.started = true
        next.dateColumn = dateColumn; next.recipientColumn = recipientColumn
        return next
    }

    /// Takes in what `other` read from the part that follows this scanner's: its rows' lines follow this one's.
    mutating func merge(_ other: EmailLogScanner) {
        let offset = line - 1
        for (entry, entryLine) in zip(other.kept, other.keptLines) {
            var entry = entry
            entry.origin = "\(file) line \(entryLine + offset)"
            kept.append(entry)
            keptLines.append(entryLine + offset)
        }
        rowCount += other.rowCount
        first = min(first, other.first); last = max(last, other.last)
        line += other.line - 1
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

    /// The common row in one pass: a plain line (no quote, no lone CR) whose Date/Time and Recipient cells both
    /// end with a comma, to another recipient. Finds those commas a word at a time (counting commas per word, so
    /// there is no branch per comma), then the line feed with `memchr` from there; counts and dates the row and
    /// returns its line feed's offset. Nil, having changed nothing, for any other line: `plainLine` or `general`
    /// reads it from its start.
    @inline(__always)
    private mutating func quickLine(_ base: UnsafeRawPointer, from start: Int, end: Int, nextQuote: Int, nextCR: Int) throws -> Int? {
        guard let addressPrefix, let compareLength else { return nil }
        var cursor = CommaCursor(base: base, start: start, end: end)
        let dateStart: Int, dateEnd: Int, recipientStart: Int, recipientEnd: Int
        if dateColumn < recipientColumn {
            guard let date = cursor.cell(dateColumn), let recipient = cursor.cell(recipientColumn) else { return nil }
            (dateStart, dateEnd, recipientStart, recipientEnd) = (date.0, date.1, recipient.0, recipient.1)
        } else {
            guard let recipient = cursor.cell(recipientColumn), let date = cursor.cell(dateColumn) else { return nil }
            (dateStart, dateEnd, recipientStart, recipientEnd) = (date.0, date.1, recipient.0, recipient.1)
        }
        let after = max(dateEnd, recipientEnd) &+ 1
        guard let found = memchr(base + after, Int32(CSVScanner.lf), end &- after) else { return nil }
        let lineEnd = UnsafeRawPointer(found) - base
        if lineEnd &- start > CSVScanner.maximumLineBytes || nextQuote < lineEnd || nextCR < lineEnd &- 1 { return nil }
        // The words read cover the recipient: without a byte over 0x7F the address matches only an ASCII cell of
        // its length, byte for byte ignoring case.
        if cursor.highBits & (Self.lowBits * 0x80) != 0 { return nil }
        var cellStart = recipientStart, cellEnd = recipientEnd
        while cellStart < cellEnd, Self.isSpaceOrTab(base.load(fromByteOffset: cellStart, as: UInt8.self)) { cellStart &+= 1 }
        while cellEnd > cellStart, Self.isSpaceOrTab(base.load(fromByteOffset: cellEnd &- 1, as: UInt8.self)) { cellEnd &-= 1 }
        if cellEnd &- cellStart == compareLength,
           base.loadUnaligned(fromByteOffset: cellStart, as: UInt64.self) | Self.lowBits * 0x20 == addressPrefix,
           filter?.matches(UnsafeRawBufferPointer(start: base + cellStart, count: compareLength)) == true {
            return nil
        }
        count(try date(UnsafeRawBufferPointer(start: base + dateStart, count: dateEnd &- dateStart), line: line))
        return lineEnd
    }

    /// Walks a line's 8-byte words from its start for the commas that end its cells, stopping at a line feed.
    private struct CommaCursor {
        let base: UnsafeRawPointer
        let start: Int, end: Int
        /// The word being read, and its commas not yet passed (all those before them are counted in `seen`).
        var index: Int, commas: UInt64 = 0, seen = 0
        var highBits: UInt64 = 0
        /// The last comma found, by number and offset.
        var lastNumber = -1, lastOffset = 0
        var loaded = false

        init(base: UnsafeRawPointer, start: Int, end: Int) {
            self.base = base; self.start = start; self.end = end; index = start
        }

        /// `[start, end)` of cell `column`, which a comma ends; nil when the line (or the bytes) end first.
        @inline(__always)
        mutating func cell(_ column: Int) -> (Int, Int)? {
            let cellStart: Int
            if column == 0 { cellStart = start } else {
                guard let comma = comma(column &- 1) else { return nil }
                cellStart = comma &+ 1
            }
            guard let cellEnd = comma(column) else { return nil }
            return (cellStart, cellEnd)
        }

        /// The offset of comma `number` (0 for the first) of the line; numbers asked for never decrease.
        @inline(__always)
        mutating func comma(_ number: Int) -> Int? {
            if number == lastNumber { return lastOffset }
            while true {
                if !loaded {
                    guard index &+ 8 <= end else { return nil }
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if EmailLogScanner.lineFeedBytes(word) != 0 { return nil }
                    highBits |= word
                    commas = EmailLogScanner.commaBytes(word)
                    loaded = true
                }
                // Most words hold no comma: skip counting them (`nonzeroBitCount` is no single instruction on
                // baseline x86-64).
                let inWord = commas == 0 ? 0 : commas.nonzeroBitCount
                if seen &+ inWord > number {
                    for _ in 0..<(number &- seen) { commas &= commas &- 1 }
                    let offset = index &+ commas.trailingZeroBitCount / 8
                    commas &= commas &- 1
                    seen = number &+ 1
                    (lastNumber, lastOffset) = (number, offset)
                    return offset
                }
                seen &+= inWord
                index &+= 8
                loaded = false
            }
        }
    }

    static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// 0x80 in each byte of `word` that is a line feed, 0 elsewhere (exact).
    @inline(__always)
    static func lineFeedBytes(_ word: UInt64) -> UInt64 {
        let x = UInt64(littleEndian: word) ^ 0x0A0A_0A0A_0A0A_0A0A
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// A line without quotes in `[start, lineEnd)`: counted and dated from its bytes. False when the row may be
    /// kept (or looks odd), so that `general` reads it in full.
    @inline(__always)
    private mutating func plainLine(_ base: UnsafeRawPointer, from start: Int, to lineEnd: Int) throws -> Bool {
        var contentEnd = lineEnd
        if contentEnd > start, base.load(fromByteOffset: contentEnd - 1, as: UInt8.self) == CSVScanner.cr { contentEnd -= 1 }
        if contentEnd == start { return true }  // a blank line
        if lineEnd - start > CSVScanner.maximumLineBytes { return false }  // `general` names the error
        if keepsEvery { return false }
        // Field boundaries from one pass over the line's words: each comma found is the end of the next field.
        var dateStart = -1, dateEnd = -1, recipientStart = -1, recipientEnd = -1
        var column = 0, fieldStart = start
        let lastNeeded = max(dateColumn, recipientColumn)
        var index = start
        var highBits: UInt64 = 0  // any byte over 0x7F in the words read
        scan: while true {
            var commas: UInt64
            if index + 8 <= contentEnd {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                highBits |= word
                commas = Self.commaBytes(word)
            } else {
                commas = 0
                for offset in 0..<(contentEnd - index) {
                    let byte = base.load(fromByteOffset: index + offset, as: UInt8.self)
                    highBits |= UInt64(byte)
                    if byte == CSVScanner.comma { commas |= 0x80 << (8 * UInt64(offset)) }
                }
            }
            while true {
                let fieldEnd: Int
                if commas != 0 {
                    fieldEnd = index + commas.trailingZeroBitCount / 8
                    commas &= commas &- 1
                } else if index + 8 >= contentEnd {
                    fieldEnd = contentEnd
                } else {
                    break
                }
                if column == dateColumn { dateStart = fieldStart; dateEnd = fieldEnd }
                if column == recipientColumn { recipientStart = fieldStart; recipientEnd = fieldEnd }
                if column == lastNeeded || fieldEnd == contentEnd { break scan }
                column += 1
                fieldStart = fieldEnd + 1
            }
            index += 8
        }
        if let compareLength {
            let (cellStart, cellEnd) = recipientStart >= 0 ? (recipientStart, recipientEnd) : (start, start)
            // The words read cover the recipient: without a byte over 0x7F only its length can rule it out.
            if compareLength < 0 || highBits & 0x8080_8080_8080_8080 != 0
                || Self.trimmedLength(base, from: cellStart, to: cellEnd) == compareLength,
               filter?.matches(UnsafeRawBufferPointer(start: base + cellStart, count: cellEnd - cellStart)) == true {
                return false
            }
        }
        guard dateStart >= 0 else { return false }
        count(try date(UnsafeRawBufferPointer(start: base + dateStart, count: dateEnd - dateStart), line: line))
        return true
    }

    @inline(__always)
    static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// 0x80 in each byte of `word` that is a comma, 0 elsewhere (exact: no borrow between bytes).
    @inline(__always)
    static func commaBytes(_ word: UInt64) -> UInt64 {
        let x = UInt64(littleEndian: word) ^ 0x2C2C_2C2C_2C2C_2C2C
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// The length of `[from, to)` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmedLength(_ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        var start = from, end = to
        while start < end, isSpaceOrTab(base.load(fromByteOffset: start, as: UInt8.self)) { start += 1 }
        while end > start, isSpaceOrTab(base.load(fromByteOffset: end - 1, as: UInt8.self)) { end -= 1 }
        return end - start
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
                let columns = try EmailLogCSV.Columns(header, file: file)
                self.columns = columns
                sawHeader = true
                (dateColumn, recipientColumn) = (columns.date, columns.recipient)
                skim = columns.date == 0 && !keepsEvery ? EmailLogSkim(address: filter?.address) : nil
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
                keptLines.append(line)
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

    private mutating func count(_ date: Double, rows: Int = 1) {
        rowCount += rows
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
        let words = Self.words(cell)
        if words == cachedCell { return cachedDate }
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
        if words.3 >= 0 {
            cachedCell = words
            cachedDate = seconds
            cachedCellIsPlain = !cell.contains { $0 == CSVScanner.comma || $0 == CSVScanner.lf || $0 == CSVScanner.cr }
        }
        return seconds
    }

    /// A cell of up to 24 bytes as three words that cover it (overlapping when shorter) and its length: equal
    /// keys mean equal bytes. Length -1 for a longer cell.
    @inline(__always)
    static func words(_ cell: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, Int) {
        guard cell.count <= 24, let base = cell.baseAddress else { return (0, 0, 0, cell.count <= 24 ? 0 : -1) }
        let count = cell.count
        if count >= 8 {
            let first = base.loadUnaligned(as: UInt64.self), last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            return (first, count >= 16 ? base.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0, last, count)
        }
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
        return (word, 0, 0, count)
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
