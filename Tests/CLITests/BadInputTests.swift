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
    ])
    func malformedBundleExits65AndWritesNothing(_ badCase: Case) throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in badCase.files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let before = Self.listing(folder)
        let run = try RunBinary.run(["diagnose", "--bundle", folder.path], currentDirectory: folder.path)
        #expect(run.status == 65, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stderr.contains(badCase.mentions), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty, "no partial report")
        #expect(Self.listing(folder) == before, "nothing written")
    }

    @Test func missingBundleAndNotAnArchive() throws {
        let missing = try RunBinary.run(["diagnose", "--bundle", "/nonexistent/ticket"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("/nonexistent/ticket"))
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: file)
        let notArchive = try RunBinary.run(["diagnose", "--bundle", file.path])
        #expect(notArchive.status == 65)
        #expect(notArchive.stderr.contains("notes.txt"))
        let fakeArchive = folder.appendingPathComponent("ticket.tar.gz")
        try Data("not gzip".utf8).write(to: fakeArchive)
        let badArchive = try RunBinary.run(["diagnose", "--bundle", fakeArchive.path])
        #expect(badArchive.status == 65)
    }

    @Test func badEmailLogOptionExits65() throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.csv")
        try Data("just,some,columns\n1,2,3\n".utf8).write(to: log)
        let run = try RunBinary.run(["diagnose", "--demo", "in-spam", "--email-log", log.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("log.csv"))
    }

    @Test func brokenUserRulesExit65() throws {
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("- id: [unclosed\n".utf8).write(to: folder.appendingPathComponent("mine.yaml"))
        let run = try RunBinary.run(["diagnose", "--demo", "in-spam", "--rules", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("mine.yaml"))
    }
}
