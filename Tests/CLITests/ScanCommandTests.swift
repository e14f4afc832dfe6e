import Foundation
import Testing

/// `resetdoctor scan` as a user runs it: the built binary over the demo org and org bundles on disk.
@Suite("Scan command")
struct ScanCommandTests {
    static let demoOrg = LiveSim.repoRoot.appendingPathComponent("demos/orgs/acme")

    static func scratchFolder() throws -> URL {
        let folder = LiveScenario.scratch("scan")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("--redact masks every username and address in every format; Ids, domains, codes and the exit stay", arguments: ["text", "json", "csv"])
    func redactedScan(format: String) async throws {
        let plain = try await RunBinary.run(["scan", "--demo", "acme", "--format", "json"])
        let users = try #require((try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])?["users"] as? [[String: Any]])
        let redacted = try await RunBinary.run(["scan", "--demo", "acme", "--format", format, "--redact"])
        #expect(redacted.status == plain.status, "\(redacted.stderr)")
        for user in users {
            for key in ["username", "email"] {
                let value = try #require(user[key] as? String)
                let localPart = String(value.split(separator: "@").first ?? "")
                #expect(!redacted.stdout.contains(localPart + "@"), "\(key) \(value) is not masked in \(format)")
            }
            if format != "text", let id = user["id"] as? String { #expect(redacted.stdout.contains(id)) }
        }
        #expect(redacted.stdout.contains("***@acme.example"))
    }

    @Test("a folder org bundle scans as its demo does; JSON is resetdoctor.scan/1; exit 1 with blocked users")
    func bundleMatchesDemo() async throws {
        let fromBundle = try await RunBinary.run(["scan", "--bundle", Self.demoOrg.path, "--format", "json"])
        let fromDemo = try await RunBinary.run(["scan", "--demo", "acme", "--format", "json"])
        #expect(fromBundle.status == 1 && fromDemo.status == 1, "\(fromBundle.stderr)")
        #expect(fromBundle.stdout == fromDemo.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(fromBundle.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "resetdoctor.scan/1")
        let failOnError = try await RunBinary.run(["scan", "--demo", "acme", "--fail-on", "error", "--users", try Self.list(["priya.natarajan@acme.example"]).path])
        #expect(failOnError.status == 0, "a user with nothing wrong: \(failOnError.stdout)")
    }

    @Test("--users picks users by username, email or Id; unmatched entries are noted")
    func usersFile() async throws {
        let list = try Self.list(["tom.baker@acme.example", "lena.fischer@gmial.com", "0055e0000000004QAA", "nobody@acme.example"])
        let run = try await RunBinary.run(["scan", "--demo", "acme", "--users", list.path, "--format", "csv"])
        #expect(run.status == 1, "\(run.stderr)")
        let usernames: [String] = run.stdout.split(separator: "\r\n").map { $0.split(separator: ",").dropFirst().first.map(String.init) ?? "" }
        #expect(usernames == ["Username", "tom.baker@acme.example", "lena.fischer@acme.example", "omar.haddad@acme.example"])
        let text = try await RunBinary.run(["scan", "--demo", "acme", "--users", list.path])
        #expect(text.stdout.contains("1 entry of the user list matches no user: nobody@acme.example"))
    }

    @Test("--out writes atomically and never replaces a file without --replace (exit 73)")
    func outFile() async throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("scan.json")
        let first = try await RunBinary.run(["scan", "--demo", "acme", "--format", "json", "--out", target.path])
        #expect(first.status == 1 && first.stdout.isEmpty, "\(first.stderr)")
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.contains("\"schema\" : \"resetdoctor.scan/1\""))

        try Data("keep me".utf8).write(to: target)
        let refused = try await RunBinary.run(["scan", "--demo", "acme", "--out", target.path])
        #expect(refused.status == 73 && refused.stderr.contains("--replace"), "\(refused.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me")
        let replaced = try await RunBinary.run(["scan", "--demo", "acme", "--format", "csv", "--out", target.path, "--replace"])
        #expect(replaced.status == 1)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("Id,Username,Email,Status,Codes"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        let noFolder = try await RunBinary.run(["scan", "--demo", "acme", "--out", folder.appendingPathComponent("missing/scan.txt").path])
        #expect(noFolder.status == 73)
    }

    @Test("bad input: a ticket bundle, a damaged org bundle, a bad list, --where without an org")
    func badInput() async throws {
        let ticket = try await RunBinary.run(["scan", "--bundle", LiveSim.repoRoot.appendingPathComponent("demos/in-spam").path])
        #expect(ticket.status == 65 && ticket.stderr.contains("resetdoctor diagnose"), "\(ticket.stderr)")

        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let damaged = folder.appendingPathComponent("org")
        try FileManager.default.copyItem(at: Self.demoOrg, to: damaged)
        let users = damaged.appendingPathComponent("user.json")
        let text = try String(contentsOf: users, encoding: .utf8)
        try Data(text.prefix(text.count / 2).utf8).write(to: users)
        let cut = try await RunBinary.run(["scan", "--bundle", damaged.path])
        #expect(cut.status == 65 && cut.stderr.contains("user.json"), "\(cut.stderr)")

        let badList = folder.appendingPathComponent("users.csv")
        try Data("a,b\n1,2\n".utf8).write(to: badList)
        let list = try await RunBinary.run(["scan", "--demo", "acme", "--users", badList.path])
        #expect(list.status == 65 && list.stderr.contains("Username, Email or Id"), "\(list.stderr)")

        let fifo = folder.appendingPathComponent("fifo")
        mkfifo(fifo.path, 0o600)
        let pipe = try await RunBinary.run(["scan", "--demo", "acme", "--users", fifo.path], timeout: 20)
        #expect(pipe.status == 65 && pipe.stderr.contains("not a regular file"), "\(pipe.stderr)")

        let condition = try await RunBinary.run(["scan", "--demo", "acme", "--where", "IsActive = true"])
        #expect(condition.status == 64 && condition.stderr.contains("--users FILE"), "\(condition.stderr)")
        let purpose = try await RunBinary.run(["scan", "--demo", "acme", "--purpose", "everything"])
        #expect(purpose.status == 64)
        let unknownDemo = try await RunBinary.run(["scan", "--demo", "globex"])
        #expect(unknownDemo.status == 65 && unknownDemo.stderr.contains("acme"))
    }

    @Test("--no-dns: the recipient checks cannot run, so no user is ok, and the exit says incomplete when nothing else is found")
    func noDNS() async throws {
        let list = try Self.list(["priya.natarajan@acme.example"])
        let run = try await RunBinary.run(["scan", "--demo", "acme", "--no-dns", "--users", list.path, "--format", "json"])
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stdout.contains("\"status\" : \"unknown\""))
    }

    @Test("diagnose USER --bundle ORG-BUNDLE diagnoses that user; without USER it says to name one or scan (65)")
    func diagnoseOneUserOfAnOrgBundle() async throws {
        let one = try await RunBinary.run(["diagnose", "tom.baker@acme.example", "--bundle", Self.demoOrg.path, "--no-dns", "--format", "json"])
        #expect(one.status == 1, "\(one.stderr)")
        #expect(one.stdout.contains("\"user.frozen\""))
        let nobody = try await RunBinary.run(["diagnose", "--bundle", Self.demoOrg.path])
        #expect(nobody.status == 65 && nobody.stderr.contains("resetdoctor scan --bundle"), "\(nobody.stderr)")
        let unknown = try await RunBinary.run(["diagnose", "who@acme.example", "--bundle", Self.demoOrg.path])
        #expect(unknown.status == 65 && unknown.stderr.contains("no user of the org bundle matches"), "\(unknown.stderr)")
    }

    static func list(_ names: [String]) throws -> URL {
        let folder = try scratchFolder()
        let file = folder.appendingPathComponent("users.txt")
        try Data((names.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file
    }
}
