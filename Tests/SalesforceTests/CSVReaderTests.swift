import Foundation
import Testing
@testable import Salesforce

@Suite("CSV reader")
struct CSVReaderTests {
    func read(_ text: String) throws -> [CSVRecord] { try CSVReader.read(data(text), file: "x.csv", hint: "h") }

    @Test("quotes, doubled quotes, newlines in quotes and CRLF, with each record's starting line")
    func rfc4180() throws {
        let records = try read("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nlast,,\r\n")
        #expect(records == [
            CSVRecord(line: 1, fields: ["a", "b", "c"]),
            CSVRecord(line: 2, fields: ["x, y", "say \"hi\"", "two\r\nlines"]),
            CSVRecord(line: 4, fields: ["last", "", ""]),
        ])
    }

    @Test("blank lines are skipped but still counted; a last line without newline is read")
    func blankLines() throws {
        #expect(try read("h\n\nrow\n\n\nend") == [
            CSVRecord(line: 1, fields: ["h"]), CSVRecord(line: 3, fields: ["row"]), CSVRecord(line: 6, fields: ["end"]),
        ])
    }

    @Test func emptyFileIsAnError() {
        let error = parseError { try CSVReader.table(Data(), file: "x.csv", hint: "h") }
        #expect(error?.problem.contains("empty") == true)
    }

    @Test("binary data", arguments: [
        Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08]),      // a zip header: NUL bytes
        Data([0x61, 0x2C, 0x62, 0x0A, 0xC3, 0x28, 0x0A]),      // invalid UTF-8 on line 2
        Data([0xFF, 0xFE, 0x61, 0x00]),                         // UTF-16
    ])
    func binary(_ bytes: Data) {
        let binary = parseError { try CSVReader.read(bytes, file: "x.csv", hint: "h") }
        #expect(binary?.problem.contains("is not a text CSV file (it contains binary data") == true)
        #expect(binary?.file == "x.csv")
    }

    @Test func hugeLineNamesTheLine() {
        let text = "header\nsmall\n" + String(repeating: "x", count: 2 << 20) + "\n"
        let error = parseError { try read(text) }
        #expect(error?.line == 3)
        #expect(error?.problem == "line 3 is longer than 1 MiB; this is not a Salesforce export")
    }

    @Test func unterminatedQuoteNamesWhereItBegan() {
        let error = parseError { try read("a,b\n1,2\n3,\"never\nclosed\n") }
        #expect(error?.line == 3)
        #expect(error?.problem.contains("unterminated quote") == true)
    }

    // MARK: Damage the parsers must refuse

    @Test("a header that names a column twice is refused by every CSV parser", arguments: [
        ("audit-trail.csv", "Date,User,Action,Section,user\n9/10/2026 4:21:14 AM PDT,a,b,c,d\n", "column 2 \"User\" and column 5 \"user\""),
        ("login-history.csv", "Login Time,Status,Username,User Name\n11/21/2026 8:00:00 AM PST,Success,a,b\n", "column 3 \"Username\" and column 4 \"User Name\""),
        ("email-log.csv", "Date/Time,Mail Event,Recipient,Sender,SENDER\n11/22/2026 08:51,D,a@b.c,x,y\n", "column 4 \"Sender\" and column 5 \"SENDER\""),
    ])
    func duplicateHeader(_ file: String, _ csv: String, _ expected: String) {
        let error = parseError { try Self.parse(file, csv) }
        #expect(error?.file == file && error?.line == 1)
        #expect(error?.problem.contains("twice: " + expected) == true, "\(error?.problem ?? "no error")")
    }

    @Test("a last row cut off mid-way is refused by every CSV parser", arguments: [
        ("audit-trail.csv", "Date,User,Action,Section\n9/10/2026 4:21:14 AM PDT,a,b,c\n9/10/2026 4:22:14 AM PDT,a"),
        ("login-history.csv", "Login Time,Status,Username\n11/21/2026 8:00:00 AM PST,Success,a\n11/21/2026 8:01:00 AM PST"),
        ("email-log.csv", "Date/Time,Mail Event,Recipient,Sender\n11/22/2026 08:50,D,a@b.c,x\n11/22/2026 08:51,D,a@b"),
    ])
    func cutOff(_ file: String, _ csv: String) throws {
        let error = parseError { try Self.parse(file, csv) }
        #expect(error?.line == 3)
        #expect(error?.problem.hasPrefix("the file is cut off: its last row (line 3) has") == true, "\(error?.problem ?? "no error")")
        // The same rows with their line break are a legitimate short row (or, for the audit trail, a missing date).
        #expect(throws: Never.self) { try Self.parse("email-log.csv", "Date/Time,Mail Event,Recipient,Sender\n11/22/2026 08:51,D,a@b\n") }
    }

    @Test func aLastRowWithEveryColumnNeedsNoLineBreak() throws {
        #expect(try read("a,b\n1,2") == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try CSVReader.table(data("a,b\n1,2"), file: "x.csv", hint: "h").rows.count == 1)
        #expect(try CSVReader.table(data("a,b\n1,2,3"), file: "x.csv", hint: "h").rows.count == 1)
    }

    static func parse(_ file: String, _ csv: String) throws {
        switch file {
        case "audit-trail.csv": _ = try AuditTrailCSV.parse(data(csv), file: file)
        case "login-history.csv": _ = try LoginHistoryCSV.parse(data(csv), file: file)
        default: _ = try EmailLogCSV.parse(data(csv), file: file)
        }
    }
}
