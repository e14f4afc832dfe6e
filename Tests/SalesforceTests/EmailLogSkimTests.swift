import Foundation
import Testing
@testable import Salesforce

/// The fast way through runs of plain lines (`EmailLogSkim`) must keep exactly the rows, count and span that
/// reading every row in full gives: the full reading (`.all`, which never skims) is the reference.
@Suite("Email log: skimming plain lines")
struct EmailLogSkimTests {
    static let header = "Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Delivery Stage\n"

    /// A log mixing what a run must stop at, or carry on over, with the plain rows that make up most logs:
    /// the address in every spelling and column, near misses, the rare byte alone, quotes, lone CRs, CRLF,
    /// blank lines, non-ASCII bytes (the Kelvin sign is a "k"), and dates that go back and forth.
    static func log(seed: UInt64, lines: Int) -> String {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((random >> 33) % UInt64(bound))
        }
        var minute = 10, text = header
        for row in 0..<lines {
            if next(8) == 0 { minute = 10 + next(40) }
            let date = next(20) == 0 ? "1/2/2026 9:\(minute)" : "11/22/2026 08:\(minute)"
            let recipients = [
                "kaja.jones@acme.example", "KAJA.Jones@Acme.Example", " kaja.jones@acme.example\t", "\u{212A}aja.jones@acme.example",
                "kaja.jones@acme.exampl", "kaja.jones@acme.examplee", "jo@acme.example", "J@J.J", "o'neil@acme.example",
                "O'NEIL@acme.example", "caf\u{E9}@acme.example", "",
            ]
            let recipient = next(4) == 0 ? recipients[next(recipients.count)] : "user\(next(500))@customer.example"
            let sender = next(30) == 0 ? "kaja.jones@acme.example" : "noreply@salesforce.com"
            var stage = ["", "", "", "\"RCPT TO, greylisted\"", "\"two\nlines\"", "say \"hi\"", "J"][next(7)]
            if next(50) == 0 { stage = "\"\"\"kaja.jones@acme.example\"\"\"" }
            let dateCell = next(40) == 0 ? "\"\(date)\"" : date
            let ending = ["\n", "\n", "\n", "\r\n", "\r"][next(5)]
            text += "\(dateCell),M\(row),D,\(recipient),\(sender),\(stage)\(ending)"
            if next(60) == 0 { text += ["\n", "\r\n"][next(2)] }
        }
        return text
    }

    /// What reading `text` in full and filtering its rows as the checks do gives.
    static func expected(_ text: String, keeping rows: EmailLogRows) throws -> EmailLog {
        let all = try EmailLogCSV.scan(Data(text.utf8), file: "email-log.csv", keeping: .all)
        let kept: [EmailLogEntry]
        switch rows {
        case .all: kept = all.rows
        case .none: kept = []
        case .to(let address): kept = all.rows.filter { RecipientFilter(address).matches($0.recipient) }
        }
        return EmailLog(rows: kept, rowCount: all.rowCount, span: all.span)
    }

    static let keepings: [EmailLogRows] = [.to("kaja.jones@acme.example"), .to("o'neil@acme.example"), .to("J@j.j"), .none]

    @Test("skimmed and fully read logs agree, cut anywhere", arguments: [1, 7, 64, 4096, 1 << 16])
    func agreesWithFullReading(_ pieces: Int) throws {
        for seed: UInt64 in [1, 2, 3] {
            let text = Self.log(seed: seed, lines: 400)
            for rows in Self.keepings {
                var stream = PiecewiseStream(bytes: Array(text.utf8), size: pieces)
                let skimmed = try EmailLogCSV.scan(&stream, file: "email-log.csv", keeping: rows)
                #expect(skimmed == (try Self.expected(text, keeping: rows)), "seed \(seed), \(rows)")
            }
        }
    }

    /// A byte over 0x7F in most lines: runs stop at almost every line, so tries are spaced out; rows are still
    /// read the same.
    @Test("lines that nearly all stop a run", arguments: [7, 1 << 16])
    func nearlyEveryLineStops(_ pieces: Int) throws {
        let text = Self.log(seed: 5, lines: 3000).replacingOccurrences(of: "noreply", with: "n\u{F6}reply")
        for rows in Self.keepings {
            var stream = PiecewiseStream(bytes: Array(text.utf8), size: pieces)
            let skimmed = try EmailLogCSV.scan(&stream, file: "email-log.csv", keeping: rows)
            #expect(skimmed == (try Self.expected(text, keeping: rows)), "\(rows)")
        }
    }

    @Test func theLogHoldsWhatTheRunsMustStopAt() throws {
        let text = Self.log(seed: 1, lines: 400)
        let kept = try EmailLogCSV.scan(Data(text.utf8), file: "email-log.csv", keeping: .to("kaja.jones@acme.example"))
        #expect(kept.count > 20 && kept.rowCount == 400)
        #expect(kept.contains { $0.recipient.hasPrefix("\u{212A}") } && kept.contains { $0.recipient.hasPrefix("KAJA") })
    }

    @Test("two threads agree with the full reading") func twoThreads() throws {
        let text = Self.log(seed: 4, lines: 3000)
        for rows in Self.keepings {
            let bytes = MemoryBytes(bytes: Array(text.utf8))
            let parallel = try EmailLogCSV.scan(bytes, file: "email-log.csv", keeping: rows, parallelFrom: 0)
            #expect(parallel == (try Self.expected(text, keeping: rows)))
        }
    }

    @Test("a bad date inside a run of one minute's rows is named with its line", arguments: [1, 1 << 16])
    func badDateInARun(_ pieces: Int) {
        let plain = String(repeating: "11/22/2026 08:10,M,D,user@customer.example,x,\n", count: 50)
        for bad in ["13/45/2026 08:10,", "11/22/2026 08:10x,", " ,", "11/22/2026 08:10"] {
            let text = Self.header + plain + bad + "M,D,user@customer.example,x,\n" + plain
            for rows in Self.keepings {
                var stream = PiecewiseStream(bytes: Array(text.utf8), size: pieces)
                let error = parseError { try EmailLogCSV.scan(&stream, file: "email-log.csv", keeping: rows) }
                let reference = parseError { try EmailLogCSV.scan(Data(text.utf8), file: "email-log.csv", keeping: .all) }
                #expect(error?.line == 52 && error?.line == reference?.line && error?.problem == reference?.problem, "\(bad)")
            }
        }
    }
}
