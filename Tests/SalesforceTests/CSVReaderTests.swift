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
}
