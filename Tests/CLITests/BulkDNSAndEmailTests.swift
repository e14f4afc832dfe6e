import Foundation
import MailDNS
import ResetDoctor
import Testing
@testable import TestSupport

/// `dns check` of many domains and `email check -` of a large input, run as a user runs them: every domain in flight
/// together must say what one at a time says, in the same order; every input line gets its line of output.
@Suite(.serialized)
struct BulkDNSAndEmailTests {
    static let domains = (1...48).map { $0 % 9 == 0 ? "nx\($0).bench.test" : "d\($0).bench.test" }

    @Test func manyDomainsAtOnceSayWhatOneAtATimeSays() async throws {
        try await withSlowDNS(delayMilliseconds: 5) { server in
            let nameserver = ["--nameserver", server.address.description]
            let text = try await RunBinary.run(["dns", "check"] + Self.domains + nameserver)
            let json = try await RunBinary.run(["dns", "check", "--json"] + Self.domains + nameserver)
            #expect(text.status == 1 && json.status == 1, "the nx domains are findings: \(text.stderr)\(json.stderr)")

            // One lookup at a time, one domain after another.
            let serial = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 5, retries: 1, maxInFlight: 1))
            defer { serial.shutDown() }
            var reports: [DomainDNSReport] = []
            for domain in Self.domains {
                reports.append(await DomainDNSChecker(resolver: serial).check(try MailDomainName(parsing: domain)))
            }
            #expect(serial.workerThreads == 1)
            #expect(text.stdout == reports.map(\.text).joined(separator: "\n\n") + "\n")
            #expect(json.stdout == DomainDNSCheckDocument.render(reports))
        }
    }

    @Test func manyAddressesWithDNSAskEachDomainOnceAndKeepTheirOrder() async throws {
        try await withSlowDNS(delayMilliseconds: 5) { server in
            let input = (0..<3000).map { "user\($0)@d\($0 % 150).bench.test" }
            let run = try await RunBinary.run(
                ["email", "check", "-", "--nameserver", server.address.description], input: input.joined(separator: "\n"))
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == input.count)
            for (line, address) in zip(lines, input) where !line.contains("\"input\":\"\(address)\"") {
                Issue.record("out of order: \(address) answered by \(line)")
                break
            }
            #expect(lines.allSatisfy { $0.contains("\"acceptsMail\":true") })
        }
    }

    /// Lines in the order of the input, with what the old JSONEncoder rendering gave for each: blank lines, CRLF,
    /// invalid UTF-8, a line far longer than an address and lines across the reader's chunk boundaries.
    @Test func aLargeStandardInputGetsOneIdenticalLinePerInputLine() async throws {
        var lines: [[UInt8]] = []
        for index in 0..<60_000 {
            switch index % 10 {
            case 0: lines.append([])
            case 1: lines.append(Array("x\(index)@gmial.com\r".utf8))
            case 2: lines.append(Array("bad\(index)".utf8) + [0xFF] + Array("@acme.example".utf8))
            case 3: lines.append(Array("\"quoted \\\" \(index)\"@acme.example".utf8))
            case 4: lines.append(Array("jörg\(index)@bücher.example".utf8))
            case 5 where index % 10_000 == 5: lines.append([UInt8](repeating: UInt8(ascii: "a"), count: 300_000))
            default: lines.append(Array("user.\(index)@acme.example".utf8))
            }
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-email-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputPath = scratch.appendingPathComponent("input").path
        try Data(lines.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(fileURLWithPath: inputPath))
        let run = try await RunBinary.run(
            ["-c", "\"$0\" email check --no-dns - < \"$1\"", RunBinary.binaryPath, inputPath], executable: "/bin/sh",
            timeout: 120)
        #expect(run.status == 1, "\(run.stderr)")

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var expected = ""
        for line in lines {
            var bytes = line[...]
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            let kept = Array(bytes.prefix(AddressLine.maximumBytes + 1))
            let report = await AddressChecker(resolver: nil).check(line: kept, length: bytes.count)
            expected += String(decoding: try encoder.encode(report.json), as: UTF8.self) + "\n"
        }
        let got = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(got.count == lines.count + 1)
        #expect(run.stdout == expected)
    }
}
