import Foundation

/// One field of a CSV record: where its bytes are, and whether it begins with a quote (then its text is unescaped).
struct CSVField: Sendable, Equatable {
    var start: Int
    var end: Int
    var quoted: Bool
}

/// The RFC 4180 record scanner under every CSV parser here: it splits one record into field ranges without copying
/// a byte, so a streaming reader can look at a row's recipient before deciding to decode the row at all.
///
/// Its rules are those of Excel and Salesforce's exports: a field that begins with a quote runs to the next quote
/// that is not doubled; a quote anywhere else is an ordinary character; CRLF, LF and a lone CR each end a record
/// outside quotes and count as one line break inside them.
enum CSVScanner {
    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    enum Outcome: Equatable {
        /// A record: `next` is the offset after its line break (or the end of the bytes), `lineBreaks` the line
        /// breaks it spans including its own, `terminated` whether it ends with a line break.
        case record(next: Int, lineBreaks: Int, terminated: Bool)
        /// The bytes end inside the record and more are coming.
        case incomplete
        /// The bytes end inside a quoted field that began after `lineBreaks` line breaks of the record.
        case unterminatedQuote(lineBreaks: Int)
    }

    /// Scans the record that begins at `start` into `fields` (cleared first). `atEnd` says no more bytes follow.
    static func record(_ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool, into fields: inout [CSVField]) -> Outcome {
        fields.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else { return atEnd ? .record(next: start, lineBreaks: 0, terminated: false) : .incomplete }
        let end = bytes.count
        var index = start
        var fieldStart = start
        var lineBreaks = 0
        while true {
            // A field: quoted, or plain up to the next comma or line break.
            let quoted = index < end && base.load(fromByteOffset: index, as: UInt8.self) == quote
            if quoted {
                let quoteBreaks = lineBreaks
                index += 1
                while true {
                    let rest = end - index
                    guard rest > 0, let found = memchr(base + index, Int32(quote), rest) else {
                        return atEnd ? .unterminatedQuote(lineBreaks: quoteBreaks) : .incomplete
                    }
                    let close = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    lineBreaks += lineBreakCount(base, from: index, to: close)
                    if close + 1 < end, base.load(fromByteOffset: close + 1, as: UInt8.self) == quote {
                        index = close + 2
                        continue
                    }
                    if close + 1 == end && !atEnd { return .incomplete }  // the next byte may be a doubled quote
                    index = close + 1
                    break
                }
                // Anything after the closing quote belongs to the field, as a plain run.
            }
            while index < end {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte == comma || byte == lf || byte == cr { break }
                index += 1
            }
            fields.append(CSVField(start: fieldStart, end: index, quoted: quoted))
            guard index < end else {
                return atEnd ? .record(next: end, lineBreaks: lineBreaks, terminated: false) : .incomplete
            }
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == comma {
                index += 1
                fieldStart = index
                continue
            }
            if byte == cr {
                if index + 1 < end {
                    if base.load(fromByteOffset: index + 1, as: UInt8.self) == lf { index += 1 }
                } else if !atEnd {
                    return .incomplete  // a CR at the end of the bytes may be the first half of CRLF
                }
            }
            return .record(next: index + 1, lineBreaks: lineBreaks + 1, terminated: true)
        }
    }

    /// A blank line: one field with no text (also `""`). Readers skip it.
    static func isBlank(_ fields: [CSVField]) -> Bool {
        fields.count == 1 && (fields[0].end == fields[0].start || (fields[0].quoted && fields[0].end - fields[0].start == 2))
    }

    /// Line breaks in `[from, to)`: LF, CRLF and a lone CR each count once.
    static func lineBreakCount(_ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        var count = 0
        var index = from
        while index < to {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == lf || (byte == cr && !(index + 1 < to && base.load(fromByteOffset: index + 1, as: UInt8.self) == lf)) {
                count += 1
            }
            index += 1
        }
        return count
    }

    /// The field's bytes as text: a quoted field loses its quotes and doubled quotes become one.
    /// The bytes must have been checked as UTF-8 (`checkText`); stray bytes would become U+FFFD.
    static func text(_ field: CSVField, in bytes: UnsafeRawBufferPointer) -> String {
        guard field.end > field.start else { return "" }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.quoted else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: unescaped(raw), as: UTF8.self)
    }

    /// A quoted field's content: `"say ""hi""" there` → `say "hi" there`.
    static func unescaped(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 1  // after the opening quote
        var inQuotes = true
        while index < raw.count {
            let byte = raw[index]
            if inQuotes && byte == quote {
                if index + 1 < raw.count, raw[index + 1] == quote { out.append(quote); index += 2; continue }
                inQuotes = false
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    static let binaryHint = "export it again from Salesforce as CSV; if you re-saved it in a spreadsheet, choose \"CSV UTF-8\""
    static let maximumLineBytes = 1 << 20

    /// Rejects binary data (NUL bytes, text that is not UTF-8) and lines over `maximumLineBytes` in `[from, to)`,
    /// naming the line; `firstLine` is the line `from` is on.
    static func checkText(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int, firstLine: Int, file: String, hint: String) throws {
        var line = firstLine
        var lineStart = from
        var index = from
        func checkLine(end: Int) throws {
            if end - lineStart > maximumLineBytes {
                throw ExportParseError(
                    file: file, line: line, problem: "line \(line) is longer than 1 MiB; this is not a Salesforce export",
                    hint: hint)
            }
            if String(validating: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self) == nil {
                throw ExportParseError(
                    file: file, line: line, problem: "the file is not a text CSV file (it contains binary data: line \(line) is not UTF-8)",
                    hint: binaryHint)
            }
        }
        while index < to {
            let byte = bytes[index]
            if byte == 0 {
                throw ExportParseError(
                    file: file, line: line, problem: "the file is not a text CSV file (it contains binary data)", hint: binaryHint)
            }
            if byte == lf || byte == cr {
                try checkLine(end: index)
                if byte == cr, index + 1 < to, bytes[index + 1] == lf { index += 1 }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        try checkLine(end: to)
    }

    /// The start of a byte-order mark's end: 3 after a UTF-8 BOM, else 0. UTF-16 text is refused.
    static func textStart(_ bytes: UnsafeRawBufferPointer, file: String) throws -> Int {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw ExportParseError(
                file: file, line: 1, problem: "the file is not a text CSV file (it contains binary data: UTF-16 text)",
                hint: binaryHint)
        }
        return bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The error for a quoted field that never closes.
    static func unterminatedQuote(file: String, line: Int) -> ExportParseError {
        ExportParseError(
            file: file, line: line,
            problem: "a quoted field that begins on line \(line) is never closed (unterminated quote)",
            hint: "the file is cut off or was edited by hand; download it again from Salesforce")
    }
}
