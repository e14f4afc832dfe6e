import Foundation
import Testing

/// `resetdoctor scan` and `bundle --scope org` against the simulator serving the acme demo org over real HTTP:
/// capture = replay, the users' causes as the demo's, and --where (a generated org: LiveScanGeneratedOrgTests).
@Suite("Live scan through the simulator", .serialized)
struct LiveScanTests {
    static let acme = LiveScenario.demo("orgs/acme")
    static let asOf = ["--as-of", "2026-11-22T09:30:00Z"]

    static func users(_ json: String) throws -> [String: (status: String, codes: [String])] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        var result: [String: (String, [String])] = [:]
        for user in object?["users"] as? [[String: Any]] ?? [] {
            result[user["username"] as? String ?? ""] = (user["status"] as? String ?? "", user["codes"] as? [String] ?? [])
        }
        return result
    }

    @Test("a live scan finds each user's own causes as the demo does, and its capture replays to the same scan")
    func captureIsReplay() async throws {
        let sim = try LiveSim(scenario: Self.acme)
        defer { sim.stop() }
        let env = try await sim.tokenEnvironment()
        let live = try await RunBinary.run(["scan", "--no-dns", "--format", "json"] + Self.asOf, environment: env)
        #expect(live.status == 1, "\(live.stderr)")
        let demo = try await RunBinary.run(["scan", "--demo", "acme", "--no-dns", "--format", "json"])
        let liveUsers = try Self.users(live.stdout), demoUsers = try Self.users(demo.stdout)
        #expect(Set(liveUsers.keys) == Set(demoUsers.keys))
        let orgWide: Set<String> = ["org.deliverability.unknown", "org.deliverability.no-access"]
        for (name, user) in demoUsers {
            #expect(liveUsers[name]?.codes.filter { !orgWide.contains($0) } == user.codes.filter { !orgWide.contains($0) }, "\(name)")
        }

        let folder = LiveScenario.scratch("org-capture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = try await RunBinary.run(["bundle", "--scope", "org", "--out", folder.path, "--no-dns"] + Self.asOf, environment: env)
        #expect(capture.status == 0, "\(capture.stderr)")
        #expect(capture.stdout.contains("about 11 users"), "\(capture.stdout)")
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"scope\" : \"org\"") && !manifest.contains("subject"))
        let replay = try await RunBinary.run(["scan", "--bundle", folder.path, "--no-dns", "--format", "json"])
        #expect(try Self.users(replay.stdout).mapValues(\.codes) == liveUsers.mapValues(\.codes))
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(!text.contains(env["SF_ACCESS_TOKEN"] ?? "<no token>"), "\(file) holds the token")
        }
    }

    @Test("--where filters the org's users; one that is not a single condition is exit 64 before any query")
    func whereCondition() async throws {
        let sim = try LiveSim(scenario: Self.acme)
        defer { sim.stop() }
        let env = try await sim.tokenEnvironment()
        let one = try await RunBinary.run(["scan", "--no-dns", "--format", "csv", "--where", "Name = 'Tom Baker'"] + Self.asOf, environment: env)
        #expect(one.status == 1, "\(one.stderr)")
        // No API reads the deliverability setting, so the live org adds org.deliverability.unknown to every user.
        #expect(one.stdout.split(separator: "\r\n").count == 2 && one.stdout.contains("tom.baker@acme.example,blocked,") && one.stdout.contains("user.frozen"))
        let quoted = try await RunBinary.run(["scan", "--no-dns", "--format", "csv", "--where", #"Name = 'O\'Brien'"#] + Self.asOf, environment: env)
        #expect(quoted.status == 0 && quoted.stdout == "Id,Username,Email,Status,Codes\r\n", "\(quoted.stderr)")
        let refused = try await RunBinary.run(["scan", "--no-dns", "--where", "IsActive = true LIMIT 1"] + Self.asOf, environment: env)
        #expect(refused.status == 64 && refused.stderr.contains("LIMIT"), "\(refused.stderr)")
    }
}
