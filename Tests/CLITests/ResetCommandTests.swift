import Foundation
import Testing

/// `resetdoctor reset USER` against the simulator: the guard, the confirmation, the plan, the ledger.
@Suite("Reset command through the simulator", .serialized)
struct ResetCommandTests {
    static let priya = "priya.natarajan@acme.example"

    func environment(_ sim: LiveSim, state: URL) async throws -> [String: String] {
        var environment = try await sim.tokenEnvironment()
        environment["RESETDOCTOR_STATE_DIR"] = state.path
        return environment
    }

    @Test("refuses an inactive user (exit 1) and names the blocker; --force proceeds")
    func refusesInactive() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("inactive-user"))
        defer { sim.stop() }
        let state = LiveScenario.scratch("state")
        let env = try await environment(sim, state: state)
        let refused = try await RunBinary.run(["reset", "tom.becker@acme.example", "--no-dns", "--yes"], environment: env)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("user.inactive") && refused.stderr.contains("--force"))
        #expect(!sim.log.contains("password reset"), "nothing may be reset: \(sim.log)")

        let forced = try await RunBinary.run(["reset", "tom.becker@acme.example", "--no-dns", "--yes", "--force"], environment: env)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("Reset sent: Salesforce emailed a reset link to tom.becker@acme.example"))
    }

    @Test("no terminal and no --yes: exit 64 asking for --yes")
    func needsYes() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let run = try await RunBinary.run(["reset", Self.priya, "--no-dns"], environment: try environment(sim, state: LiveScenario.scratch("state")))
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("pass --yes"))
    }

    @Test("--dry-run prints the plan and resets nothing")
    func dryRun() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let state = LiveScenario.scratch("state")
        let run = try await RunBinary.run(["reset", Self.priya, "--no-dns", "--dry-run"], environment: try environment(sim, state: state))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Plan (dry run") && run.stdout.contains("/password"))
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("resets.json").path))
        #expect(LiveSimResets.count(in: sim) == 0, "\(sim.log)")
    }

    @Test("a reset records the ledger (0600, ids and times only); a second within 15 minutes needs --force")
    func ledgerGuardsRepeat() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let state = LiveScenario.scratch("state")
        let env = try await environment(sim, state: state)
        let first = try await RunBinary.run(["reset", Self.priya, "--no-dns", "--yes"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Reset sent: Salesforce emailed a reset link to priya.natarajan@acme.example"))
        let ledger = state.appendingPathComponent("resets.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: ledger.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOf: ledger, encoding: .utf8)
        #expect(text.contains("0055e000009Ab01QAA") && !text.contains("priya"))
        #expect(LiveSimResets.count(in: sim) == 1, "\(sim.log)")

        let second = try await RunBinary.run(["reset", Self.priya, "--no-dns", "--yes"], environment: env)
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("15 minutes") && second.stderr.contains("--force"))
        let forced = try await RunBinary.run(["reset", Self.priya, "--no-dns", "--yes", "--force"], environment: env)
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test("five concurrent `reset --yes` of one user send exactly one reset; the other four refuse (exit 1)")
    func concurrentResetsSendOne() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let state = LiveScenario.scratch("state")
        let outputs = LiveScenario.scratch("concurrent")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        // One shell starts all five at once and waits for them; each leaves its stdout, stderr and exit code.
        let script = """
        for i in 1 2 3 4 5; do
          ( "$0" reset \(Self.priya) --no-dns --yes > "$1/out.$i" 2> "$1/err.$i"; echo $? > "$1/rc.$i" ) &
        done
        wait
        """
        let run = try await RunBinary.run(["-c", script, RunBinary.binaryPath, outputs.path], environment: try environment(sim, state: state),
                                    executable: "/bin/sh", timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        func read(_ name: String) -> String {
            (try? String(contentsOf: outputs.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        let codes = (1...5).map { Int32(read("rc.\($0)").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        let transcript = (1...5).map { "#\($0) exit \(codes[$0 - 1]): \(read("out.\($0)")) \(read("err.\($0)"))" }.joined(separator: "\n")
        #expect(codes.sorted() == [0, 1, 1, 1, 1], "\(transcript)")
        #expect(LiveSimResets.count(in: sim) == 1, "exactly one DELETE …/password: \(sim.log)")
        for index in 1...5 where codes[index - 1] == 1 {
            let stderr = read("err.\(index)")
            #expect(stderr.contains("was reset") && stderr.contains("15 minutes") && stderr.contains("--force"), "\(transcript)")
        }
        let entries = try ResetLedgerFile.entries(state)
        #expect(entries == 1, "one reset recorded")
    }

    @Test("an integration user gets a warning about the password and security token")
    func integrationWarning() async throws {
        let scenario = try LiveScenario.copy(of: "in-spam", replacing: ["login-history.json": LiveLogins.apiLogin(userId: "0055e000009Ab01QAA")])
        let sim = try LiveSim(scenario: scenario)
        defer { sim.stop() }
        let run = try await RunBinary.run(["reset", Self.priya, "--no-dns", "--dry-run"], environment: try environment(sim, state: LiveScenario.scratch("state")))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("integration user") && run.stderr.contains("security token"))
    }
}

enum LiveLogins {
    /// One API login an hour ago (relative to the real clock, so it falls inside the live window).
    static func apiLogin(userId: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let time = formatter.string(from: Date().addingTimeInterval(-3_600)).replacingOccurrences(of: "Z", with: ".000+0000")
        return """
        {"totalSize":1,"done":true,"records":[{"attributes":{"type":"LoginHistory"},"Id":"0Ya5e00000API01AAA","UserId":"\(userId)",
         "LoginTime":"\(time)","LoginType":"Remote Access 2.0","SourceIp":"203.0.113.9","Status":"Success",
         "Application":"Data Loader","LoginUrl":"login.salesforce.com"}]}
        """
    }
}

/// How many resets the simulator performed, from its log. (Adapted to what resetdoctor-sim prints.)
enum LiveSimResets {
    static func count(in sim: LiveSim) -> Int {
        sim.log.components(separatedBy: "\n").filter { $0.localizedCaseInsensitiveContains("password reset") }.count
    }
}

enum ResetLedgerFile {
    /// How many resets the ledger in `state` holds.
    static func entries(_ state: URL) throws -> Int {
        let data = try Data(contentsOf: state.appendingPathComponent("resets.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["resets"] as? [Any])?.count ?? -1
    }
}
