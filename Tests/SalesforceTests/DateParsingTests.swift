import Foundation
import Testing
@testable import Salesforce

@Suite("Dates")
struct DateParsingTests {
    @Test("REST and manifest date-times", arguments: [
        ("2026-11-22T08:30:00.000+0000", "2026-11-22T08:30:00Z"),
        ("2026-11-22T08:30:00Z", "2026-11-22T08:30:00Z"),
        ("2026-11-22T08:30:00.000Z", "2026-11-22T08:30:00Z"),
        ("2026-11-22T09:30:00+01:00", "2026-11-22T08:30:00Z"),
        ("2026-11-22T01:30:00-0700", "2026-11-22T08:30:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func salesforceDate(_ text: String, _ expected: String) {
        #expect(SalesforceDate.parse(text) == utc(expected))
    }

    /// The API form's fast reader says exactly what the general reader says, for valid and invalid dates alike.
    @Test func theAPIFormReaderAgreesWithTheGeneralReader() {
        var generator = SystemRandomNumberGenerator()
        var texts = ["2024-02-29T23:59:60.999-1400", "2025-02-29T00:00:00.000+0000", "0000-01-01T00:00:00.000+0000",
                     "2026-11-22T08:30:00.000+1500", "2026-11-22T08:30:00.000+0060", "2026-1a-22T08:30:00.000+0000"]
        for _ in 0..<20_000 {
            let parts = [Int.random(in: 0...9999, using: &generator), Int.random(in: 0...13, using: &generator),
                         Int.random(in: 0...32, using: &generator), Int.random(in: 0...25, using: &generator),
                         Int.random(in: 0...61, using: &generator), Int.random(in: 0...61, using: &generator),
                         Int.random(in: 0...999, using: &generator), Int.random(in: 0...16, using: &generator),
                         Int.random(in: 0...61, using: &generator)]
            let sign = Bool.random(using: &generator) ? "+" : "-"
            texts.append(String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
                         + sign + String(format: "%02d%02d", parts[7], parts[8]))
        }
        for text in texts {
            #expect(SalesforceDate.parseAPIForm(text) == SalesforceDate.parseAnyForm(text), "\(text)")
        }
    }

    @Test func fractionalSecondsAreKept() {
        #expect(SalesforceDate.parse("2026-11-22T08:30:00.250Z") == utc("2026-11-22T08:30:00Z").addingTimeInterval(0.25))
    }

    @Test("not Salesforce date-times", arguments: [
        "", "2026-11-22", "2026-11-22T08:30:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-11-22T24:00:00Z", "22/11/2026 08:30", "2026-11-22T08:30:00+0000 trailing", "2026-11-22T08:30:00.Z",
    ])
    func rejected(_ text: String) {
        #expect(SalesforceDate.parse(text) == nil)
    }

    @Test("time-zone abbreviations and offsets", arguments: [
        ("PDT", -7 * 3600), ("CEST", 2 * 3600), ("IST", 5 * 3600 + 1800), ("GMT+02:00", 2 * 3600),
        ("GMT-7", -7 * 3600), ("UTC+5:30", 5 * 3600 + 1800), ("+0200", 2 * 3600), ("-03:00", -3 * 3600), ("nzdt", 13 * 3600),
    ])
    func zones(_ text: String, _ seconds: Int) {
        #expect(TimeZoneOffsets.offset(text) == seconds)
    }

    static let column = SetupDownloadDates.Column(name: "Date", example: "9/10/2026, 4:21:14 AM PDT", hint: "h")

    func dates(_ texts: [String], column: SetupDownloadDates.Column = column) throws -> [Date] {
        try SetupDownloadDates.dates(
            texts.enumerated().map { .init(line: $0.offset + 2, text: $0.element) }, column: column, file: "f.csv")
    }

    @Test("one cell, any locale Salesforce writes", arguments: [
        ("9/10/2026, 4:21:14 AM PDT", "2026-09-10T11:21:14Z"),         // 12-hour → month first
        ("12/8/2025, 11:54:14 CEST", "2025-08-12T09:54:14Z"),          // 24-hour → day first
        ("9/10/2026 4:21:14 PM PDT", "2026-09-10T23:21:14Z"),          // no comma
        ("12/1/2026, 12:05:00 AM EST", "2026-12-01T05:05:00Z"),        // 12 AM is midnight
        ("2026-11-22 09:30:00 GMT", "2026-11-22T09:30:00Z"),
        ("2026-11-22T09:30:00Z", "2026-11-22T09:30:00Z"),
        ("2026-11-22 09:30:00.000Z", "2026-11-22T09:30:00Z"),
        ("2026-11-22T10:30:00+01:00", "2026-11-22T09:30:00Z"),
        ("9/10/2026 4:21:14AM PDT", "2026-09-10T11:21:14Z"),
        ("2026/11/22 9:30:00 JST", "2026-11-22T00:30:00Z"),
        ("22.11.2026, 10:30 GMT+01:00", "2026-11-22T09:30:00Z"),
    ])
    func singleCell(_ text: String, _ expected: String) throws {
        #expect(try dates([text]) == [utc(expected)])
    }

    @Test("a part over 12 settles the order for the whole column")
    func settledByColumn() throws {
        // 24-hour clock would mean day first, but 11/21 can only be month first, so 3/4 is March 4.
        #expect(try dates(["3/4/2026 08:00:00 GMT", "11/21/2026 08:00:00 GMT"]) == [
            utc("2026-03-04T08:00:00Z"), utc("2026-11-21T08:00:00Z"),
        ])
        // 12-hour clock would mean month first, but 22/11 is day first (en_AU).
        #expect(try dates(["3/4/2026, 8:00:00 AM AEDT", "22/11/2026, 8:00:00 AM AEDT"]) == [
            utc("2026-04-02T21:00:00Z"), utc("2026-11-21T21:00:00Z"),
        ])
    }

    @Test func mixedOrdersAreAnError() throws {
        let error = parseError { try dates(["13/1/2026, 10:00:00 CET", "1/2/2026, 10:00:00 CET", "1/13/2026, 10:00:00 CET"]) }
        #expect(error?.line == 4)
        #expect(error?.problem.contains("mixes date orders") == true)
        #expect(error?.problem.contains("line 2") == true)
    }

    @Test func ambiguousMixedClocksAreAnError() throws {
        let error = parseError { try dates(["3/4/2026, 8:00:00 AM PST", "3/5/2026, 20:00:00 PST"]) }
        #expect(error?.line == 3)
        #expect(error?.problem.contains("ambiguous") == true)
    }

    @Test func unknownZoneIsNamed() {
        let error = parseError { try dates(["9/10/2026, 4:21:14 AM XYZT"]) }
        #expect(error?.line == 2)
        #expect(error?.problem.contains("unknown time-zone abbreviation \"XYZT\"") == true)
    }

    @Test("unreadable or impossible cells", arguments: [
        "yesterday", "9/10/2026", "9/10/2026, 13:00:00 PM PDT", "2/30/2026, 10:00:00 AM PST", "9/10/2026, 4:21:14 AM",
    ])
    func badCells(_ text: String) {
        let error = parseError { try dates([text]) }
        #expect(error?.line == 2)
        #expect(error?.file == "f.csv")
    }

    @Test func emailLogDatesAreGMTMonthFirst() throws {
        var column = Self.column
        column.order = .monthFirst
        column.defaultOffset = 0
        #expect(try dates(["3/06/2009 13:37", "3/06/2009 13:37:05", "2026-11-22T09:30:00Z"], column: column) == [
            utc("2009-03-06T13:37:00Z"), utc("2009-03-06T13:37:05Z"), utc("2026-11-22T09:30:00Z"),
        ])
    }

    // MARK: Hostile dates: any length, any digits, never a crash

    static let hostile = [
        "99999999999999-11-22T08:50:00.000Z", "11/22/99999999999999 8:50 AM PST", "11/22/" + String(repeating: "9", count: 4000) + " 8:50 AM PST",
        String(repeating: "1", count: 30) + "/2/2026 8:50 AM PST", "-5/22/2026 8:50 AM PST", "+5/22/2026 8:50 AM PST", "",
        "١١/٢٢/٢٠٢٦ 8:50 AM PST", "１１/２２/２０２６ 8:50 AM PST", "11/22/2026 ８:５０ AM PST", "11/22/0000 8:50 AM PST",
        "11/22/10000 8:50 AM PST", "0000-11-22T08:50:00Z", "10000-11-22T08:50:00Z", "9223372036854775807-01-01 00:00:00 GMT",
        "11/22/2026 " + String(repeating: "9", count: 40) + ":50 AM PST",
    ]

    @Test("hostile cells in a Setup download column fail with the line", arguments: hostile)
    func hostileSetupCells(_ text: String) {
        let error = parseError { try dates(["9/10/2026, 4:21:14 AM PDT", text]) }
        #expect(error?.line == 3)
        #expect((error?.problem.count ?? 0) < 400, "the message quotes a long cell only in part")
    }

    @Test("hostile REST date-times are refused", arguments: hostile + ["2026-11-22T08:50:00+99:00", "٢٠٢٦-11-22T08:50:00Z"])
    func hostileRESTDates(_ text: String) {
        #expect(SalesforceDate.parse(text) == nil)
    }

    @Test("a year outside 1–9999 says so", arguments: ["11/22/99999999999999 8:50 AM PST", "99999999999999-11-22T08:50:00.000Z", "11/22/0000 8:50 AM PST"])
    func yearOutOfRange(_ text: String) {
        #expect(parseError { try dates([text]) }?.problem.contains("names a year outside 1–9999") == true)
    }

    @Test func aLongFractionIsOnlyAFraction() {
        #expect(SalesforceDate.parse("2026-11-22T08:50:00." + String(repeating: "5", count: 5000) + "Z") != nil)
    }

    @Test func civilTimeNeverOverflows() {
        for year in [Int.min, -1, 0, 10_000, Int.max] {
            #expect(CivilTime(year: year, month: 1, day: 1, hour: 0, minute: 0, second: 0).date(offsetSeconds: 0) == nil)
        }
        #expect(CivilTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0).date(offsetSeconds: Int.max) == nil)
        #expect(CivilTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59).date(offsetSeconds: 0) != nil)
    }

    @Test("hostile dates in the JSON files and the manifest are errors, not crashes", arguments: hostile)
    func hostileJSONDates(_ text: String) throws {
        let audit = #"{"totalSize":1,"done":true,"records":[{"attributes":{"type":"SetupAuditTrail"},"Id":"0Ym1","Action":"resetpassword","Section":"Manage Users","Display":"x","CreatedDate":"\#(text)"}]}"#
        #expect(parseError { try AuditTrailQuery.parse(data(audit), file: "audit-trail.json") }?.problem.contains("CreatedDate") == true)
        let manifest = #"{"format":"resetdoctor-bundle/1","capturedAt":"\#(text)","subject":"a@b.c"}"#
        #expect(parseError { try ManifestFile.parse(data(manifest), file: "manifest.json") }?.problem.contains("capturedAt") == true)
    }
}
