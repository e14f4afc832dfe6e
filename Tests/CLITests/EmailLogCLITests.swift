import Foundation
import Testing

/// Email logs of any size, damaged CSV and hostile dates through the binary.
@Suite(.serialized)
struct EmailLogCLITests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demos/in-spam")
    static let header = "Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Remote Host,Bytes Transferred,User ID,Message ID Header,Retry Count,Seconds in Queue,Delivery Stage,Relay Address,TLS_Cipher,TLS_Verified\n"
    static let resetRow = "11/22/2026 08:51,3E/A7-20983-88E21E84,D,priya.natarajan@acme.example,noreply@salesforce.com,13.110.6.214,11856,0055e000003Kq1HAAS,<3EA72098388E21E84@sfdc.net>,0,1,,,TLSv1.3:TLS_AES_256_GCM_SHA384,Verified\n"

    /// A copy of the in-spam demo whose email-log.csv is `log`.
    static func bundle(log: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rd-log-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: demo, to: folder)
        let logURL = folder.appendingPathComponent("email-log.csv")
        try FileManager.default.removeItem(at: logURL)
        if let log { try Data(log.utf8).write(to: logURL) }
        return folder
    }

    static func otherRows(_ count: Int) -> String {
        (0..<count).map { "11/2\($0 % 2)/2026 0\($0 % 10):\(10 + $0 % 50),0D/83-\($0),D,user\($0)@customer.example,reports@acme.example,13.110.6.214,100,0055e000004Lr7QAAS,<\($0)@sfdc.net>,0,1,,,TLSv1.3:TLS_AES_256_GCM_SHA384,Verified\n" }.joined()
    }

    @Test func aBigLogFindsTheResetRowAndCitesItsLine() async throws {
        // 20,000 rows to others, then the user's delivered reset on line 20,002.
        let log = Self.header + Self.otherRows(20_000) + Self.resetRow
        let folder = try Self.bundle(log: log)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fromFolder = try await RunBinary.run(["diagnose", "--bundle", folder.path, "--no-dns"])
        #expect(fromFolder.stdout.contains("email-log.csv line 20002"), "\(fromFolder.stdout)")
        let demo = try await RunBinary.run(["diagnose", "--bundle", Self.demo.path, "--no-dns"])
        #expect(fromFolder.status == demo.status)

        let logFile = folder.appendingPathComponent("email-log.csv").path
        let fromOption = try await RunBinary.run(["diagnose", "--bundle", Self.demo.path, "--no-dns", "--email-log", logFile])
        #expect(fromOption.stdout.contains("email-log.csv line 20002"), "\(fromOption.stdout)")
        #expect(fromOption.status == demo.status)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var log: String?
        var other: [String: String] = [:]
        var mentions: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        // The case: the delivered reset was cut, so the log alone would say "never attempted — confirmed".
        Case(name: "email log cut in the reset row", log: header + otherRows(3) + String(resetRow.prefix(60)),
             mentions: ["email-log.csv", "line 5", "cut off"]),
        Case(name: "email log with a column twice", log: header.replacingOccurrences(of: "Sender,", with: "Sender,sender,") + resetRow,
             mentions: ["email-log.csv", "\"Sender\" twice"]),
        Case(name: "14-digit year in the email log", log: header + otherRows(2) + resetRow.replacingOccurrences(of: "/2026", with: "/99999999999999"),
             mentions: ["email-log.csv", "line 4", "year outside 1–9999"]),
        Case(name: "14-digit year in a row to someone else", log: header + "11/22/99999999999999 8:50 AM PST" + otherRows(1).drop { $0 != "," } + resetRow,
             mentions: ["email-log.csv", "line 2"]),
        Case(name: "audit trail download with a column twice", log: header + resetRow,
             other: ["audit-trail.csv": "Date,User,Action,Section,Action\n9/10/2026 4:21:14 AM PDT,a,b,c,d\n"],
             mentions: ["audit-trail.csv", "\"Action\" twice"]),
        Case(name: "login history download cut mid-row", log: header + resetRow,
             other: ["login-history.csv": "Login Time,Status,Username\n11/21/2026 8:00:00 AM PST,Success,a\n11/21/2026 8:01:00 AM PST,Succ"],
             mentions: ["login-history.csv", "line 3", "cut off"]),
    ])
    func damagedCSVExits65(_ badCase: Case) async throws {
        let folder = try Self.bundle(log: badCase.log)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in badCase.other {
            // A JSON part wins over its CSV download: drop it so the CSV is read.
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name.replacingOccurrences(of: ".csv", with: ".json")))
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let run = try await RunBinary.run(["diagnose", "--bundle", folder.path, "--no-dns"])
        #expect(run.status == 65, "stdout: \(run.stdout) stderr: \(run.stderr)")
        for text in badCase.mentions { #expect(run.stderr.contains(text), "stderr: \(run.stderr)") }
        #expect(run.stdout.isEmpty, "no partial report")
    }

    @Test func aFIFONamedLikeALogIsRefusedNotWaitedOn() async throws {
        let folder = try Self.bundle(log: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("email-log.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let inBundle = try await RunBinary.run(["diagnose", "--bundle", folder.path, "--no-dns"], timeout: 20)
        #expect(inBundle.status == 65 && inBundle.stderr.contains("email-log.csv"), "\(inBundle.stderr)")
        let option = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--no-dns", "--email-log", fifo], timeout: 20)
        #expect(option.status == 65 && option.stderr.contains("not a regular file"), "\(option.stderr)")
    }

    @Test("hostile --as-of and --since are usage errors, not crashes", arguments: [
        ["--as-of", "99999999999999-11-22T08:50:00Z"], ["--as-of", "2026-13-45T08:50:00Z"],
        ["--since", "99999999999999-11-15"], ["--since", "٢٠٢٦-11-15"], ["--since", "1e400d"], ["--as-of", ""],
    ])
    func hostileDateOptions(_ options: [String]) async throws {
        let run = try await RunBinary.run(["diagnose", "ada@acme.example"] + options)
        #expect(run.status == 64, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stderr.contains(options[0]), "\(run.stderr)")
    }

    @Test func aPastAsOfAndSinceStillWork() async throws {
        let works = await AsOfReading.works(["--as-of", "2026-11-22T09:30:00Z", "--since", "2026-11-15"])
        #expect(works)
    }
}

/// `--as-of` and `--since` accepted: the run gets past option checking (it then stops at the missing login: 64
/// with a message about logging in, not about the dates).
enum AsOfReading {
    static func works(_ options: [String]) async -> Bool {
        guard let run = try? await RunBinary.run(["diagnose", "ada@acme.example"] + options, environment: ["SF_ACCESS_TOKEN": ""]) else { return false }
        return !run.stderr.contains("--as-of") && !run.stderr.contains("--since")
    }
}
