import Foundation
import Testing

@Suite(.serialized)
struct OtherCommandsTests {
    @Test func checksListsEveryCheckWithItsCodes() async throws {
        let run = try await RunBinary.run(["checks"])
        #expect(run.status == 0)
        for id in ["user.active", "audit.reset", "log.delivery", "general.spam"] { #expect(run.stdout.contains(id)) }
    }

    @Test func explainKnownAndUnknownCodes() async throws {
        let known = try await RunBinary.run(["explain", "user.email.change-pending"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("72"), "explains the 72-hour verification link: \(known.stdout)")
        #expect(known.stdout.contains("https://"))
        #expect(known.stdout.contains("Role: cause") && known.stdout.contains("Journey stage: recipient"))
        let sandbox = try await RunBinary.run(["explain", "user.email.sandbox-suffix"])
        #expect(sandbox.status == 0)
        #expect(sandbox.stdout.contains(".invalid") && sandbox.stdout.contains("Raised by: address.syntax"))
        #expect(sandbox.stdout.contains("Default severity: blocker"))
        let caution = try await RunBinary.run(["explain", "user.integration-user"])
        #expect(caution.stdout.contains("Role: caution"))
        let unknown = try await RunBinary.run(["explain", "user.nope"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("resetdoctor checks") || unknown.stderr.contains("Did you mean"))
    }

    @Test func rulesLintIsCleanAndCatchesUserMistakes() async throws {
        let clean = try await RunBinary.run(["rules", "lint"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rd-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rule = """
        - id: mine
          codes: [user.not-a-code]
          title: Something
          impact: 3
          effort: 1
          steps: [Do it]
        """
        try Data(rule.utf8).write(to: folder.appendingPathComponent("mine.yaml"))
        let bad = try await RunBinary.run(["rules", "lint", "--rules", folder.path])
        #expect(bad.status == 65)
        #expect(bad.stdout.contains("user.not-a-code"))
    }

    @Test func helpAndVersion() async throws {
        let help = try await RunBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("diagnose"))
        let version = try await RunBinary.run(["--version"])
        #expect(version.status == 0)
    }
}
