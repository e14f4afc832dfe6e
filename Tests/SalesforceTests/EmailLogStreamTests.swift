import Foundation
import Testing
@testable import Salesforce

/// Bytes handed out `size` at a time, to cut records at every possible place.
struct PiecewiseStream: ByteStream {
    var bytes: [UInt8]
    var size: Int
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(size, buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

@Suite("Email log as a stream")
struct EmailLogStreamTests {
    /// Plain rows, quoted rows (a comma, a doubled quote, a line break inside quotes), CRLF, a blank line, a BOM,
    /// a short row and a long one, rows to the user in several spellings.
    static let log = "\u{FEFF}Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Bytes Transferred,Delivery Stage\r\n"
        + "11/22/2026 08:00,A1,D,bob@acme.example,noreply@salesforce.com,100,\r\n"                       // line 2
        + "11/22/2026 08:01,A2,T,Ada@ACME.example,noreply@salesforce.com,100,\"during RCPT TO, greylisted\"\r\n"  // 3
        + "\r\n"                                                                                          // 4 blank
        + "\"11/22/2026 08:02\",\"A3\",\"T\",\"carol@acme.example\",\"x\",\"7\",\"two\nlines\"\r\n"       // 5–6
        + "11/22/2026 08:03:30,A4,D, ada@acme.example ,noreply@salesforce.com,100,,surplus\n"             // 7
        + "11/21/2026 23:59,A0,R,ada@acme.example\n"                                                      // 8 short
        + "\"11/22/2026 08:04\",A5,D,\"ada@acme.example\",\"say \"\"hi\"\"\",9,\n"                        // 9
        + "11/22/2026 09:00,A6,D,dave@acme.example,noreply@salesforce.com,100,\n"                         // 10

    func scan(_ text: String, keeping rows: EmailLogRows, pieces: Int) throws -> EmailLog {
        var stream = PiecewiseStream(bytes: Array(text.utf8), size: pieces)
        return try EmailLogCSV.scan(&stream, file: "email-log.csv", keeping: rows)
    }

    @Test("every cut through the bytes gives the same log as reading it whole", arguments: [1, 2, 3, 7, 64, 1 << 16])
    func piecesDoNotMatter(_ size: Int) throws {
        let whole = try EmailLogCSV.scan(data(Self.log), file: "email-log.csv", keeping: .all)
        #expect(try scan(Self.log, keeping: .all, pieces: size) == whole)
        #expect(try scan(Self.log, keeping: .to("ada@acme.example"), pieces: size)
            == EmailLogCSV.scan(data(Self.log), file: "email-log.csv", keeping: .to("ada@acme.example")))
    }

    /// Plain rows the one-pass reader handles itself, near misses of the address among them, with Date/Time
    /// before and after Recipient.
    @Test("plain rows: near misses of the address are told apart as the whole-file reader does", arguments: [1, 3, 7, 1 << 16])
    func plainRowsNearMisses(_ size: Int) throws {
        let rows = [
            ("ADA@Acme.Example", "A1"), ("ada@acme.exampla", "A2"), ("adb@acme.example", "A3"), ("ada@acme.ex\u{E4}mple", "A4"),
            ("\tada@acme.example ", "A5"), ("ada@acme.example", "A6"), ("ada@acme.examplee", "A7"), ("bob@acme.example", "A8"),
            ("\u{212A}da@acme.example", "A9"), ("ada@acme.example\u{00A0}", "B1"), ("ada", "B2"), ("", "B3"),
        ]
        let dateFirst = "Date/Time,Internal Message ID,Mail Event,Recipient,Sender\n"
            + rows.enumerated().map { "11/22/2026 08:\(10 + $0.offset),\($0.element.1),D,\($0.element.0),x@acme.example\n" }.joined()
        let recipientFirst = "Recipient,Internal Message ID,Mail Event,Date/Time,Sender\n"
            + rows.enumerated().map { "\($0.element.0),\($0.element.1),D,11/22/2026 08:\(10 + $0.offset),x\n" }.joined()
        for text in [dateFirst, recipientFirst] {
            let whole = try EmailLogCSV.scan(data(text), file: "email-log.csv", keeping: .to("ada@acme.example"))
            let streamed = try scan(text, keeping: .to("ada@acme.example"), pieces: size)
            #expect(streamed == whole)
            #expect(streamed.rowCount == rows.count)
            #expect(streamed.compactMap(\.internalMessageId).sorted() == ["A1", "A5", "A6", "B1"])
        }
    }

    @Test func keepsTheUsersRowsWithTheirLinesAndCountsEveryRow() throws {
        let all = try EmailLogCSV.scan(data(Self.log), file: "email-log.csv", keeping: .all)
        #expect(all.rowCount == 7 && all.count == 7)
        #expect(all.map(\.origin) == [
            "email-log.csv line 8", "email-log.csv line 2", "email-log.csv line 3", "email-log.csv line 5",
            "email-log.csv line 7", "email-log.csv line 9", "email-log.csv line 10",
        ])
        #expect(all.first { $0.internalMessageId == "A3" }?.deliveryStage == "two\nlines")
        #expect(all.first { $0.internalMessageId == "A5" }?.sender == "say \"hi\"")
        #expect(all.first { $0.internalMessageId == "A4" }?.extra == ["column 8": "surplus"])

        let ada = try EmailLogCSV.scan(data(Self.log), file: "email-log.csv", keeping: .to(" ADA@acme.example"))
        #expect(ada.map(\.internalMessageId) == ["A0", "A2", "A4", "A5"])
        #expect(ada.rowCount == 7)
        #expect(ada.span == DateInterval(start: utc("2026-11-21T23:59:00Z"), end: utc("2026-11-22T09:00:00Z")))

        let nobody = try EmailLogCSV.scan(data(Self.log), file: "email-log.csv", keeping: .none)
        #expect(nobody.isEmpty && nobody.rowCount == 7 && nobody.span == ada.span)
    }

    @Test("the byte comparison agrees with the checks' String comparison", arguments: [
        ("ada@acme.example", "ADA@Acme.Example", true),
        ("ada@acme.example", "\tada@acme.example ", true),
        ("ada@acme.example", "ada@acme.exampl", false),
        ("ada@acme.example", "ada@acme.examplee", false),
        ("kim@acme.example", "\u{212A}im@acme.example", true),           // KELVIN SIGN lowercases to k
        ("a;b@acme.example", "a\u{037E}b@acme.example", true),          // GREEK QUESTION MARK is canonically ";"
        ("ada@acme.example", "ada@acme.example\u{00A0}", true),         // a no-break space is trimmed too
        ("jürgen@acme.example", "JÜRGEN@acme.example", true),
        ("jürgen@acme.example", "ju\u{0308}rgen@acme.example", true),   // decomposed ü
        ("ada@acme.example", "", false),
    ])
    func recipientComparison(_ address: String, _ cell: String, _ expected: Bool) {
        let filter = RecipientFilter(address)
        #expect(filter.matches(cell) == expected)
        let bytes = Array(cell.utf8)
        #expect(bytes.withUnsafeBytes { filter.matches($0) } == expected)
        #expect(RecipientFilter(nil).matches(cell) == false)
    }

    @Test("fast date reading agrees with SetupDownloadDates", arguments: [
        "11/22/2026 08:51", "1/2/2026 9:05", "2/29/2024 23:59:59", "12/31/9999 23:59", "1/1/0001 00:00",
    ])
    func fastDates(_ text: String) throws {
        let fast = try #require(Array(text.utf8).withUnsafeBytes { EmailLogScanner.usDate($0) })
        let slow = try SetupDownloadDates.dates([.init(line: 2, text: text)], column: EmailLogCSV.dateColumn, file: "f")
        #expect([Date(timeIntervalSince1970: fast)] == slow)
    }

    @Test("cells the fast reader leaves to SetupDownloadDates", arguments: [
        "2/30/2026 10:00", "13/1/2026 10:00", "11/22/2026 24:00", "11/22/26 08:51", "11/22/99999999999999 08:51",
        "11/22/2026 08:51 PST", " 11/22/2026 08:51", "11/22/2026 8:5", "11/22/2026T08:51", "",
    ])
    func notFast(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { EmailLogScanner.usDate($0) } == nil)
    }

    // MARK: Damage

    static let header = "Date/Time,Internal Message ID,Mail Event,Recipient,Sender\n"

    @Test("a log cut in the middle of its last row is refused, whichever row it is", arguments: [1, 5, 1 << 16])
    func cutLastRow(_ size: Int) {
        // The issue's case: the delivered reset is the row that was cut, so the log would say "never attempted".
        let text = Self.header + "11/22/2026 08:00,A1,D,bob@acme.example,x\n11/22/2026 08:51,A2,D,ada@acme.exa"
        for rows in [EmailLogRows.all, .to("ada@acme.example"), .to("bob@acme.example"), .none] {
            let error = parseError { try scan(text, keeping: rows, pieces: size) }
            #expect(error?.line == 3)
            #expect(error?.problem == "the file is cut off: its last row (line 3) has 4 of the header's 5 columns and no line break after it")
        }
    }

    @Test func shortRowsThatEndWithALineBreakAreFine() throws {
        let text = Self.header + "11/22/2026 08:51,A2,D,ada@acme.example\n11/22/2026 08:52,A3,D,ada@acme.example,x,extra"
        #expect(try scan(text, keeping: .all, pieces: 3).count == 2)
    }

    @Test("an unterminated quote is named where it begins", arguments: [1, 4, 1 << 16])
    func unterminatedQuote(_ size: Int) {
        let text = Self.header + "11/22/2026 08:00,A1,D,bob@acme.example,x\n11/22/2026 08:51,\"A2,D,ada@acme.example,x\n"
        let error = parseError { try scan(text, keeping: .to("bob@acme.example"), pieces: size) }
        #expect(error?.line == 3)
        #expect(error?.problem.contains("unterminated quote") == true)
    }

    @Test func aQuoteLeftOpenForMegabytesIsRefusedWithoutReadingOn() {
        let text = Self.header + "11/22/2026 08:51,\"A2" + String(repeating: "x,y\n", count: 1 << 20)
        let error = parseError { try scan(text, keeping: .none, pieces: 1 << 16) }
        #expect(error?.line == 2)
        #expect(error?.problem.contains("unterminated quote") == true)
    }

    @Test func aHugeLineIsRefused() {
        let text = Self.header + "11/22/2026 08:51," + String(repeating: "x", count: 3 << 20) + "\n"
        let error = parseError { try scan(text, keeping: .none, pieces: 1 << 16) }
        #expect(error?.problem == "line 2 is longer than 1 MiB; this is not a Salesforce export")
    }

    @Test("duplicate columns are named", arguments: [
        ("Date/Time,Mail Event,Recipient,recipient\n", "column 3 \"Recipient\" and column 4 \"recipient\""),
        ("Date/Time,Mail Event,Recipient,Date Time\n", "column 1 \"Date/Time\" and column 4 \"Date Time\""),
        ("Date/Time,Mail Event,Recipient,Bounce,Bounce\n", "column 4 \"Bounce\" and column 5 \"Bounce\""),
        ("Date,Mail Event,Recipient,Date (GMT)\n", "the header has two Date/Time columns: column 1 \"Date\" and column 4 \"Date (GMT)\""),
    ])
    func duplicateColumns(_ header: String, _ expected: String) {
        let error = parseError { try scan(header + "11/22/2026 08:51,D,ada@acme.example,x,y\n", keeping: .all, pieces: 7) }
        #expect(error?.line == 1)
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
    }

    @Test("hostile dates in any row, kept or not, fail with the line", arguments: [
        "99999999999999-11-22T08:50:00.000Z", "11/22/99999999999999 8:50 AM PST", "11/22/" + String(repeating: "9", count: 5000) + " 08:50",
        "-11/22/2026 08:50", "11/-22/2026 08:50", "١١/٢٢/٢٠٢٦ 08:50", "１１/２２/２０２６ 08:50", "11/22/2026 ٠٨:٥٠", "11/22/0000 08:50",
        "11/22/10000 08:50", "9223372036854775807/1/1 00:00", "11/22/2026 99999999999999999999:50", "   ",
    ])
    func hostileDates(_ cell: String) {
        let text = Self.header + "11/22/2026 08:00,A1,D,bob@acme.example,x\n\"\(cell)\",A2,D,ada@acme.example,x\n"
        for rows in [EmailLogRows.all, .none] {
            let error = parseError { try scan(text, keeping: rows, pieces: 1 << 16) }
            #expect(error?.line == 3, "\(cell)")
            #expect(error?.file == "email-log.csv")
        }
    }

    @Test func binaryInAKeptRowIsRefused() {
        let text = Self.header + "11/22/2026 08:51,A\u{0}2,D,ada@acme.example,x\n"
        let error = parseError { try scan(text, keeping: .to("ada@acme.example"), pieces: 5) }
        #expect(error?.problem.contains("binary data") == true)
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        #expect(parseError { try scan("", keeping: .all, pieces: 1) }?.problem.contains("empty") == true)
        #expect(parseError { try scan("\n\n", keeping: .all, pieces: 1) }?.problem.contains("empty") == true)
        let headerOnly = try scan(Self.header, keeping: .all, pieces: 2)
        #expect(headerOnly.isEmpty && headerOnly.rowCount == 0 && headerOnly.span == nil)
    }

    @Test func utf16IsRefused() {
        var stream = PiecewiseStream(bytes: [0xFF, 0xFE, 0x44, 0x00], size: 1)
        let utf16 = parseError { try EmailLogCSV.scan(&stream, file: "email-log.csv", keeping: .all) }
        #expect(utf16?.problem.contains("UTF-16") == true)
    }
}

extension EmailLogStreamTests {
    @Test("line numbers agree with the whole-file reader, lone CRs and quoted line breaks included", arguments: [1, 3, 1 << 16])
    func linesAgreeWithCSVReader(_ size: Int) throws {
        let text = Self.header + "11/22/2026 08:00,A1,D,bob@acme.example,x\r\n11/22/2026 08:01,A2,D,ada@acme.example,x\r"
            + "11/22/2026 08:02,\"A\r\n3\",D,ada@acme.example,x\n\n11/22/2026 08:03,A4,D,ada@acme.example,x\r11/22/2026 08:05,A6,D,carl@acme.example,y\n"
            + "11/22/2026 08:04,A5,D,ada@acme.example,x\n"
        let records = try CSVReader.read(data(text), file: "email-log.csv", hint: "h").dropFirst()
        let expected = records.filter { $0.fields.count > 3 && $0.fields[3] == "ada@acme.example" }.map { "email-log.csv line \($0.line)" }
        let log = try scan(text, keeping: .to("ada@acme.example"), pieces: size)
        #expect(log.map(\.origin) == expected)
        #expect(log.rowCount == records.count)
    }
}

/// Memory read at any offset, to run the two-thread reader on small texts.
struct MemoryBytes: RandomAccessBytes {
    var bytes: [UInt8]
    var count: Int { bytes.count }
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = max(0, min(buffer.count, bytes.count - offset))
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        return count
    }
}

extension EmailLogStreamTests {
    static func rows(_ range: Range<Int>) -> String {
        range.map { "11/22/2026 0\($0 % 10):\(10 + $0 % 50),M\($0),D,\($0 % 7 == 0 ? "ada" : "u\($0)")@acme.example,x\n" }.joined()
    }

    @Test("two threads give the one-pass result, lines included", arguments: [
        header + rows(0..<2000),
        // A quoted line break right across the middle: the halves disagree and it is read in one pass.
        header + rows(0..<1000) + "11/22/2026 08:00,\"M\n" + String(repeating: "x\n", count: 40) + "\",D,ada@acme.example,x\n" + rows(1000..<2000),
    ])
    func twoThreads(_ text: String) throws {
        let bytes = MemoryBytes(bytes: Array(text.utf8))
        let parallel = try EmailLogCSV.scan(bytes, file: "email-log.csv", keeping: .to("ada@acme.example"), parallelFrom: 0)
        let sequential = try EmailLogCSV.scan(data(text), file: "email-log.csv", keeping: .to("ada@acme.example"))
        #expect(parallel == sequential)
        #expect(parallel.rowCount > 1000 && parallel.count > 100)
    }

    @Test func anErrorInTheSecondHalfNamesItsTrueLine() {
        let text = Self.header + Self.rows(0..<2000) + "11/22/99999999999999 08:00,M,D,bob@acme.example,x\n" + Self.rows(0..<10)
        let error = parseError { try EmailLogCSV.scan(MemoryBytes(bytes: Array(text.utf8)), file: "email-log.csv", keeping: .none, parallelFrom: 0) }
        #expect(error?.line == 2002)
    }
}
