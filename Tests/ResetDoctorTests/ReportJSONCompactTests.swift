import Foundation
import Testing
@testable import ResetDoctor

/// The hand-written compact JSON gives JSONEncoder's bytes (sorted keys, unescaped slashes), so JSON Lines output
/// did not change when it replaced JSONEncoder.
struct ReportJSONCompactTests {
    static func encoderText(_ value: ReportJSON) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let everyASCIICharacter = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })

    @Test func valuesOfEveryKindMatchJSONEncoder() throws {
        let value = ReportJSON.object([
            "b": .int(-42), "Z": .bool(true), "a10": .bool(false), "a9": .null, "A": .array([]), "_x": .object([:]),
            "é": .string("ünïcödé \u{2028} \u{7F} \u{FFFD} 😀"), "e": .string(Self.everyASCIICharacter),
            "ab": .array([.int(0), .string("/path/"), .object(["y": .null, "x": .strings(["", "\"", "\\"])])]),
            "aB": .int(Int.max), "": .string(""),
        ])
        #expect(value.rendered(pretty: false) == (try Self.encoderText(value)))
    }

    @Test(arguments: [
        "ada@acme.example", "", "x@@y", "bob@gmial.com", "jörg@bücher.example", "\"quoted \\\" name\"@acme.example",
        "a\tb@c.example", "user@[192.0.2.1]", "<ada@acme.example>", String(repeating: "a", count: 70) + "@x.example",
        " ada@acme.example ", "a\u{1}b@acme.example", "ada@ACME.example", "ada@acme.invalid", "(x)@acme.example",
    ])
    func addressRecordsMatchJSONEncoder(address: String) throws {
        let report = AddressChecker.checkSyntax(address)
        var bytes: [UInt8] = []
        report.json.appendCompact(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == (try Self.encoderText(report.json)))
        var line: [UInt8] = []
        report.appendJSONLine(to: &line)
        #expect(line == bytes, "the record written without a dictionary")
    }

    @Test func invalidUTF8LinesMatchJSONEncoder() async throws {
        let report = await AddressChecker(resolver: nil).check(line: [0x61, 0xFF, 0x0A, 0x40, 0x62])
        #expect(report.json.rendered(pretty: false) == (try Self.encoderText(report.json)))
    }
}
