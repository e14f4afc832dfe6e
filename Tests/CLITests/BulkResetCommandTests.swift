import Foundation
import Testing

/// `resetdoctor reset --users FILE | --from-scan SCAN.json` against the simulator serving the acme demo org: the
/// guard per user, the dry run, --max, --yes, resuming after an interruption, the API-limit stop, --only ok, and
/// names with quotes and backslashes reaching SOQL as data.
@Suite("Bulk reset through the simulator", .serialized)
struct BulkResetCommandTests {
    /// The acme users nothing blocks (with --no-dns): frozen tom, SSO kenji and inactive ex.employee are left out.
    static let resettable = [
        "priya.natarajan@acme.example", "lena.fischer@acme.example", "omar.haddad@acme.example", "integration@acme.example",
        "maria.garcia@acme.example", "sam.okafor@acme.example", "jo.lee@acme.example", "ruth.klein@acme.example",
        "dana.white@acme.example",
    ]
    static let acme = LiveScenario.demo("orgs/acme")

    func start(_ scenario: URL = acme, _ arguments: [String] = []) async throws -> (sim: LiveSim, env: [String: String], state: URL) {
        let sim = try LiveSim(scenario: scenario, arguments: arguments)
        let state = LiveScenario.scratch("bulk-state")
        var env = try await sim.tokenEnvironment()
        env["RESETDOCTOR_STATE_DIR"] = state.path
        return (sim, env, state)
    }

    func list(_ names: [String]) throws -> String {
        let file = LiveScenario.scratch("users").appendingPathExtension("txt")
        try Data((names.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file.path
    }

    /// User Ids the simulator reset, in order, from its log.
    static func resets(_ sim: LiveSim) -> [String] {
        sim.log.components(separatedBy: "\n").compactMap { line in
            line.range(of: "password reset for user ").map { String(line[$0.upperBound...].prefix { $0.isLetter || $0.isNumber }) }
        }
    }

    @Test("--dry-run lists who would be reset and who is refused and why; nothing is sent or recorded")
    func dryRunListsRefusals() async throws {
        let (sim, env, state) = try await start()
        defer { sim.stop() }
        let names = ["priya.natarajan@acme.example", "tom.baker@acme.example", "kenji.sato@acme.example", "nobody@acme.example"]
        let run = try await RunBinary.run(["reset", "--users", try list(names), "--no-dns", "--dry-run"], environment: env)
        #expect(run.status == 1, "refusals make exit 1: \(run.stderr)")
        #expect(run.stdout.contains("Would reset (1):\n  priya.natarajan@acme.example"), "\(run.stdout)")
        #expect(run.stdout.contains("tom.baker@acme.example <tom.baker@acme.example>  user.frozen"))
        #expect(run.stdout.contains("kenji.sato@acme.example <kenji.sato@acme.example>  user.sso-delegated"))
        #expect(run.stdout.contains("nobody@acme.example  user.not-found"))
        #expect(run.stdout.contains("Summary: 1 would be reset, 3 refused (user.frozen 1, user.not-found 1, user.sso-delegated 1)"))
        #expect(Self.resets(sim).isEmpty && !sim.log.contains("DELETE"), "\(sim.log)")
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("resets.json").path))

        let json = try await RunBinary.run(["reset", "--users", try list(names), "--no-dns", "--yes", "--format", "json"], environment: env)
        #expect(json.status == 1, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let counts = object?["counts"] as? [String: Any]
        #expect(object?["schema"] as? String == "resetdoctor.bulk-reset/1" && counts?["reset"] as? Int == 1 && counts?["refused"] as? Int == 3, "\(json.stdout)")
        #expect(Self.resets(sim) == ["0055e0000000001QAA"], "only priya is reset: \(sim.log)")
    }

    @Test("on a terminal it asks once for the whole batch, showing the count; an integration user is warned about")
    func terminalConfirmsOnce() async throws {
        let scenario = LiveScenario.scratch("acme")
        try FileManager.default.copyItem(at: Self.acme, to: scenario)
        try Data(LiveLogins.apiLogin(userId: "0055e0000000005QAA").utf8).write(to: scenario.appendingPathComponent("login-history.json"))
        let (sim, env, _) = try await start(scenario)
        defer { sim.stop() }
        let names = try list(["priya.natarajan@acme.example", "integration@acme.example", "tom.baker@acme.example"])
        let command = "\(RunBinary.binaryPath) reset --users \(names) --no-dns"
        let declined = try await RunBinary.run(["-qec", command, "/dev/null"], input: "n\n", environment: env, executable: "/usr/bin/script")
        #expect(declined.stdout.contains("Reset the passwords of these 2 users") && declined.stdout.contains("Not reset."), "\(declined.stdout)")
        #expect(declined.stdout.contains("integration@acme.example looks like an integration user"), "\(declined.stdout)")
        #expect(Self.resets(sim).isEmpty, "\(sim.log)")

        let accepted = try await RunBinary.run(["-qec", command, "/dev/null"], input: "y\n", environment: env, executable: "/usr/bin/script")
        #expect(accepted.stdout.components(separatedBy: "[y/N]").count == 2, "asked once: \(accepted.stdout)")
        #expect(Set(Self.resets(sim)) == ["0055e0000000001QAA", "0055e0000000005QAA"], "\(sim.log)")
    }

    @Test("more than 20 users needs --max N with N at least their number (exit 64, before any login)")
    func moreThanTwentyNeedsMax() async throws {
        let names = (1...21).map { "user\($0)@acme.example" }
        let without = try await RunBinary.run(["reset", "--users", try list(names), "--yes"])
        #expect(without.status == 64 && without.stderr.contains("--max 21"), "\(without.stderr)")
        let tooLow = try await RunBinary.run(["reset", "--users", try list(names), "--yes", "--max", "20"])
        #expect(tooLow.status == 64 && tooLow.stderr.contains("--max 20 is less than the 21 users"), "\(tooLow.stderr)")
        let onlyWithoutScan = try await RunBinary.run(["reset", "--users", try list(names), "--only", "ok"])
        #expect(onlyWithoutScan.status == 64, "\(onlyWithoutScan.stderr)")
    }

    @Test("off a terminal without --yes: exit 64 asking for --yes; nothing is reset")
    func needsYesOffTerminal() async throws {
        let (sim, env, _) = try await start()
        defer { sim.stop() }
        let run = try await RunBinary.run(["reset", "--users", try list(Self.resettable), "--no-dns"], environment: env)
        #expect(run.status == 64 && run.stderr.contains("pass --yes to reset these 9 users"), "\(run.stderr)")
        #expect(Self.resets(sim).isEmpty, "\(sim.log)")
    }

    /// SIGINT lets the resets in flight finish; SIGKILL is a crash. Either way the same command run again resets
    /// everyone left and nobody twice: each reset was in the ledger before it was sent.
    @Test("an interrupted run resumes without resetting anyone twice", arguments: ["INT", "KILL"])
    func resumesAfterInterruption(signal: String) async throws {
        let (sim, env, _) = try await start(Self.acme, ["--latency-ms", "500"])
        defer { sim.stop() }
        let names = try list(Self.resettable)
        let scratch = LiveScenario.scratch("interrupted")
        // Start the run, wait (bounded) for the simulator's first reset, then signal the run and wait for it.
        let script = """
        "$0" reset --users "$1" --no-dns --yes > "$3.out" 2> "$3.err" &
        pid=$!
        i=0
        while ! grep -q "password reset" "$2" && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
        kill -\(signal) $pid
        wait $pid
        echo $? > "$3.rc"
        """
        let shell = try await RunBinary.run(["-c", script, RunBinary.binaryPath, names, sim.logPath, scratch.path],
                                      environment: env, executable: "/bin/sh", timeout: 120)
        func read(_ suffix: String) async -> String { (try? String(contentsOfFile: scratch.path + suffix, encoding: .utf8)) ?? "" }
        let first = await (rc: read(".rc").trimmingCharacters(in: .whitespacesAndNewlines), out: read(".out"), err: read(".err"))
        if signal == "INT" {
            #expect(first.rc == "130" && first.out.contains("interrupted"), "\(shell.stderr) \(first)")
            #expect(first.out.contains("Not attempted"), "the run stopped before the end: \(first)")
        }
        let before = Self.resets(sim)
        #expect(!before.isEmpty && before.count < Self.resettable.count, "\(first) \(sim.log)")

        let second = try await RunBinary.run(["reset", "--users", names, "--no-dns", "--yes"], environment: env)
        #expect(second.status == 0, "\(second.stdout) \(second.stderr)")
        let all = Self.resets(sim)
        #expect(Set(all).count == all.count, "nobody is reset twice: \(all)")
        #expect(second.stdout.contains("Already reset in the last 15 minutes"), "\(second.stdout)")
        let summary = second.stdout.components(separatedBy: "\n").first { $0.hasPrefix("Summary: ") } ?? ""
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 3 && numbers[0] + numbers[2] == Self.resettable.count, "reset now + already reset = all: \(summary)")
        if signal == "INT" { #expect(all.count == Self.resettable.count, "\(all)") }
    }

    @Test("the run stops before the org's daily API limit, keeping the reserve (exit 69)")
    func stopsBeforeAPILimit() async throws {
        let (sim, env, state) = try await start(Self.acme, ["--api-limit", "2000", "--api-usage", "1890"])
        defer { sim.stop() }
        let run = try await RunBinary.run(["reset", "--users", try list(Self.resettable), "--no-dns", "--yes"], environment: env)
        #expect(run.status == 69, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("daily API limit is near") && run.stdout.contains("Not attempted"), "\(run.stdout)")
        let resets = Self.resets(sim)
        #expect(resets.count < Self.resettable.count)
        let dataCalls = sim.log.components(separatedBy: "\n").filter { $0.contains(" /services/data") }.count
        // 100 requests (5% of 2000) stay for the org's other work; answers racing each other may misreport by those in flight.
        #expect(1890 + dataCalls <= 2000 - 100 + 3, "\(dataCalls) calls")
        #expect(try ResetLedgerFile.entries(state) == resets.count || resets.isEmpty)
    }

    @Test("--from-scan --only ok takes the users the scan found ok, and checks each live again")
    func fromScanOnlyOK() async throws {
        let (sim, env, _) = try await start()
        defer { sim.stop() }
        let scanFile = LiveScenario.scratch("scan").appendingPathExtension("json")
        let scan = try await RunBinary.run(["scan", "--no-dns", "--format", "json", "--out", scanFile.path], environment: env)
        #expect([0, 1, 2].contains(scan.status), "\(scan.stderr)")
        // A stale scan: priya and frozen tom were ok then, everyone else not.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: scanFile)) as? [String: Any])
        let users = (object["users"] as? [[String: Any]] ?? []).map { user -> [String: Any] in
            var user = user
            let ok = ["priya.natarajan@acme.example", "tom.baker@acme.example"].contains(user["username"] as? String ?? "")
            user["status"] = ok ? "ok" : "warning"
            return user
        }
        object["users"] = users
        try JSONSerialization.data(withJSONObject: object).write(to: scanFile)

        let run = try await RunBinary.run(["reset", "--from-scan", scanFile.path, "--only", "ok", "--no-dns", "--dry-run"], environment: env)
        #expect(run.status == 1, "tom is refused now: \(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("Would reset (1):\n  priya.natarajan@acme.example"), "\(run.stdout)")
        #expect(run.stdout.contains("tom.baker@acme.example <tom.baker@acme.example>  user.frozen"))
        #expect(!run.stdout.contains("sam.okafor"), "\(run.stdout)")

        try Data("not a scan".utf8).write(to: scanFile)
        let bad = try await RunBinary.run(["reset", "--from-scan", scanFile.path, "--no-dns", "--dry-run"], environment: env)
        #expect(bad.status == 65 && bad.stderr.contains("resetdoctor.scan/1"), "\(bad.stderr)")
    }

    @Test("names with quotes and backslashes in --users reach SOQL as data")
    func soqlEscapingOfNames() async throws {
        let scenario = LiveScenario.scratch("acme")
        try FileManager.default.copyItem(at: Self.acme, to: scenario)
        let userFile = scenario.appendingPathComponent("user.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: userFile)) as? [String: Any])
        var records = object["records"] as? [[String: Any]] ?? []
        for (id, name) in [("0055e0000000013QAA", "o'brien@x.example"), ("0055e0000000014QAA", "back\\slash@x.example")] {
            var record = records[0]
            record["Id"] = id; record["Username"] = name; record["Email"] = name
            records.append(record)
        }
        object["records"] = records; object["totalSize"] = records.count
        try JSONSerialization.data(withJSONObject: object).write(to: userFile)
        let (sim, env, _) = try await start(scenario)
        defer { sim.stop() }
        let names = ["o'brien@x.example", "back\\slash@x.example", "x' OR Username != '"]
        let run = try await RunBinary.run(["reset", "--users", try list(names), "--no-dns", "--dry-run"], environment: env)
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        // Both found by the query; the backslash is no valid address character, so the guard refuses that one.
        #expect(run.stdout.contains("Would reset (1):\n  o'brien@x.example <o'brien@x.example>"), "\(run.stdout)")
        #expect(run.stdout.contains("  back\\slash@x.example <back\\slash@x.example>  user.email.invalid"), "\(run.stdout)")
        #expect(run.stdout.contains("x' OR Username != '  user.not-found"), "the quote stays data: \(run.stdout)")
    }
}
