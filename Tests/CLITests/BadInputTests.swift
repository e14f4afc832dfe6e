#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Bad input through the binary: a clear message naming the file, exit 65, nothing written.
@Suite(.serialized)
struct BadInputTests {
    static func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rd-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func listing(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    static let manifest = #"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"ada@acme.example"}"#
    static let user = #"{"totalSize":1,"done":true,"records":[{"attributes":{"type":"User"},"Id":"005000000000001AAA","Username":"ada@acme.example","Email":"ada@acme.example","Name":"Ada","IsActive":true}]}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var mentions: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "no manifest", files: ["user.json": user], mentions: "manifest.json"),
        Case(name: "malformed JSON", files: ["manifest.json": manifest, "user.json": "{\"records\": ["], mentions: "user.json"),
        Case(name: "wrong format version", files: ["manifest.json": manifest.replacingOccurrences(of: "bundle/1", with: "bundle/9"), "user.json": user], mentions: "resetdoctor-bundle/9"),
        Case(name: "CSV that is not an email log", files: ["manifest.json": manifest, "user.json": user, "email-log.csv": "Name,Phone\nAda,123\n"], mentions: "email-log.csv"),
        Case(name: "binary garbage", files: ["manifest.json": manifest, "user.json": user, "audit-trail.csv": "Date,User\n\u{0}\u{1}\u{2}\u{0}garbage"], mentions: "audit-trail.csv"),
        Case(name: "huge line", files: ["manifest.json": manifest, "user.json": user, "email-log.csv": "Date/Time,Mail Event,Recipient\n" + String(repeating: "x", count: 2 << 20) + "\n"], mentions: "email-log.csv"),
        // Damaged or inconsistent evidence: refused, naming the file and the place.
        Case(name: "totalSize disagrees with the records", files: ["manifest.json": manifest, "user.json": user.replacingOccurrences(of: "\"totalSize\":1", with: "\"totalSize\":3")], mentions: "user.json: \"totalSize\" says 3 records but the file holds 1"),
        Case(name: "duplicate JSON key", files: ["manifest.json": manifest, "user.json": user.replacingOccurrences(of: "\"IsActive\":true", with: "\"IsActive\":false,\"IsActive\":true")], mentions: "the key \"IsActive\" appears twice in records[0]"),
        Case(name: "a number where text is expected", files: ["manifest.json": manifest, "user.json": user.replacingOccurrences(of: "\"Email\":\"ada@acme.example\"", with: "\"Email\":42")], mentions: "record 1 field Email is the number 42, expected text"),
        Case(name: "done as text", files: ["manifest.json": manifest, "user.json": user.replacingOccurrences(of: "\"done\":true", with: "\"done\":\"false\"")], mentions: "\"done\" is the text \"false\""),
        Case(name: "flag as text", files: ["manifest.json": manifest, "user.json": user.replacingOccurrences(of: "\"IsActive\":true", with: "\"IsActive\":\"true\"")], mentions: "field IsActive is the text \"true\", expected true or false"),
        Case(name: "reversed window", files: ["manifest.json": manifest.replacingOccurrences(of: "}", with: ",\"window\":{\"from\":\"2026-11-22T09:30:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}}"), "user.json": user], mentions: "manifest.json: \"window.from\""),
        Case(name: "subject not in user.json", files: ["manifest.json": manifest.replacingOccurrences(of: "ada@acme.example", with: "grace@acme.example"), "user.json": user], mentions: "\"grace@acme.example\""),
        Case(name: "zone record of class CH", files: ["manifest.json": manifest, "user.json": user, "dns/acme.example.zone": "@ IN MX 10 mx\nmx CH A 192.0.2.1\n"], mentions: "dns/acme.example.zone: line 2:"),
        Case(name: "zone quote left open", files: ["manifest.json": manifest, "user.json": user, "dns/acme.example.zone": "@ IN TXT \"v=spf1 -all\n@ IN MX 10 mx\n"], mentions: "dns/acme.example.zone: line 1: a quote"),
    ])
    func malformedBundleExits65AndWritesNothing(_ badCase: Case) async throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in badCase.files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let before = Self.listing(folder)
        let run = try await RunBinary.run(["diagnose", "--bundle", folder.path], currentDirectory: folder.path)
        #expect(run.status == 65, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stderr.contains(badCase.mentions), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty, "no partial report")
        #expect(Self.listing(folder) == before, "nothing written")
    }

    /// `folder/ticket` holding the two files a bundle needs (manifest.json, user.json).
    static func minimalBundle(in folder: URL) throws -> URL {
        let bundle = folder.appendingPathComponent("ticket")
        try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: bundle.appendingPathComponent("manifest.json"))
        try Data(user.utf8).write(to: bundle.appendingPathComponent("user.json"))
        return bundle
    }

    /// A bundle folder with `make` applied to it; the run must exit 65 naming `mentions`, and never hang.
    func expectRefused(mentions: String, _ make: (URL) throws -> Void) async throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try Self.minimalBundle(in: folder)
        try make(folder)
        let run = try await RunBinary.run(["diagnose", "--bundle", bundle.path])
        #expect(run.status == 65, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stderr.contains(mentions), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty, "no partial report")
    }

    @Test func fifoNamedLikeABundleFileExits65WithoutHanging() async throws {
        try await expectRefused(mentions: "user-login.json: it is a named pipe (FIFO), not a regular file") { folder in
            #expect(mkfifo(folder.appendingPathComponent("ticket/user-login.json").path, 0o600) == 0)
        }
    }

    @Test func symlinkOutOfTheBundleExits65NamingItsTarget() async throws {
        try await expectRefused(mentions: "permissions.json: it is a symbolic link to ../secrets.json") { folder in
            try Data("{}".utf8).write(to: folder.appendingPathComponent("secrets.json"))
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("ticket/permissions.json").path, withDestinationPath: "../secrets.json")
        }
    }

    @Test func archiveWithABadCRCExits65() async throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try Self.minimalBundle(in: folder)
        let archive = folder.appendingPathComponent("ticket.tar.gz")
        #expect(try await RunBinary.run(["czf", archive.path, "-C", bundle.path, "."], executable: "/bin/tar").status == 0)
        var bytes = [UInt8](try Data(contentsOf: archive))
        #expect(try await RunBinary.run(["diagnose", "--bundle", archive.path]).status != 65, "the intact archive reads")
        bytes[bytes.count - 8] ^= 0xFF
        try Data(bytes).write(to: archive)
        let run = try await RunBinary.run(["diagnose", "--bundle", archive.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("ticket.tar.gz: the gzip data is damaged (incorrect data check)"), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func missingBundleAndNotAnArchive() async throws {
        let missing = try await RunBinary.run(["diagnose", "--bundle", "/nonexistent/ticket"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("/nonexistent/ticket"))
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: file)
        let notArchive = try await RunBinary.run(["diagnose", "--bundle", file.path])
        #expect(notArchive.status == 65)
        #expect(notArchive.stderr.contains("notes.txt"))
        let fakeArchive = folder.appendingPathComponent("ticket.tar.gz")
        try Data("not gzip".utf8).write(to: fakeArchive)
        let badArchive = try await RunBinary.run(["diagnose", "--bundle", fakeArchive.path])
        #expect(badArchive.status == 65)
    }

    @Test func badEmailLogOptionExits65() async throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.csv")
        try Data("just,some,columns\n1,2,3\n".utf8).write(to: log)
        let run = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--email-log", log.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("log.csv"))
    }

    @Test func brokenUserRulesExit65() async throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("- id: [unclosed\n".utf8).write(to: folder.appendingPathComponent("mine.yaml"))
        let run = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--rules", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("mine.yaml"))
    }
}
