import Foundation
import Testing
@testable import TestSupport

/// `--timeout`: a live run ends by its deadline, whatever the org does. Only the outcome is asserted (exit 69 and
/// the message); the generous RunBinary bound is there so a regression fails instead of hanging.
@Suite("Live run deadline (--timeout)", .serialized)
struct LiveDeadlineTests {
    static func silentOrgEnvironment(_ server: HTTPTestServer, state: URL? = nil) -> [String: String] {
        var environment = ["SF_ACCESS_TOKEN": "test-only-token", "SF_INSTANCE_URL": server.baseURL.absoluteString]
        if let state { environment["RESETDOCTOR_STATE_DIR"] = state.path }
        return environment
    }

    static func expectDeadline(_ run: BinaryRun, _ label: String) {
        #expect(run.status == 69, "\(label): \(run.stderr)")
        #expect(run.stderr.contains("before the run's 2 s deadline"), "\(label): \(run.stderr)")
        #expect(run.stderr.contains("the query on User got no answer"), "\(label) names the call it waited for: \(run.stderr)")
        #expect(run.stderr.contains("raise --timeout (now 2 s)"), "\(label): \(run.stderr)")
    }

    @Test("an org that accepts the connection and never answers: diagnose, bundle and reset end at --timeout with exit 69")
    func silentOrg() async throws {
        try await HTTPTestServer.with({ _ in .neverAnswer }) { server in
            let diagnose = try await RunBinary.run(["diagnose", "ada@acme.example", "--no-dns", "--timeout", "2"],
                                             environment: Self.silentOrgEnvironment(server), timeout: 90)
            Self.expectDeadline(diagnose, "diagnose")

            let out = LiveScenario.scratch("deadline-bundle").appendingPathExtension("tar.gz")
            let bundle = try await RunBinary.run(["bundle", "ada@acme.example", "--out", out.path, "--no-dns", "--timeout", "2"],
                                           environment: Self.silentOrgEnvironment(server), timeout: 90)
            Self.expectDeadline(bundle, "bundle")
            #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is left behind")

            let state = LiveScenario.scratch("deadline-state")
            let reset = try await RunBinary.run(["reset", "ada@acme.example", "--no-dns", "--yes", "--timeout", "2"],
                                          environment: Self.silentOrgEnvironment(server, state: state), timeout: 90)
            Self.expectDeadline(reset, "reset")
            #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("resets.json").path))
            #expect(server.requests.allSatisfy { $0.method == "GET" }, "no reset was sent")
        }
    }

    @Test("a slow org (the simulator's latency fault) ends at --timeout with exit 69")
    func slowOrg() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--latency-ms", "4000"])
        defer { sim.stop() }
        let run = try await RunBinary.run(["diagnose", "priya.natarajan@acme.example", "--no-dns", "--timeout", "2"],
                                    environment: try sim.tokenEnvironment(), timeout: 90)
        Self.expectDeadline(run, "diagnose")
    }

    @Test("a reset the org never answers may have been carried out: exit 69, it is recorded, and a retry needs --force")
    func unansweredReset() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        // Reads pass through to the simulator; the DELETE …/password is never answered.
        try await HTTPTestServer.with({ request in
            request.method == "GET" ? ForwardToSimulator.answer(request, baseURL: sim.baseURL) : .neverAnswer
        }) { proxy in
            let state = LiveScenario.scratch("unanswered-state")
            var environment = try await sim.tokenEnvironment()
            environment["SF_INSTANCE_URL"] = proxy.baseURL.absoluteString
            environment["RESETDOCTOR_STATE_DIR"] = state.path
            let first = try await RunBinary.run(["reset", "priya.natarajan@acme.example", "--no-dns", "--yes", "--timeout", "3"],
                                          environment: environment, timeout: 90)
            #expect(first.status == 69, "\(first.stderr)")
            #expect(first.stderr.contains("the password reset of 0055e000009Ab01QAA got no answer"), "\(first.stderr)")
            #expect(first.stderr.contains("may have been carried out") && first.stderr.contains("Setup Audit Trail"), "\(first.stderr)")
            #expect(try ResetLedgerFile.entries(state) == 1, "recorded as if sent")
            let second = try await RunBinary.run(["reset", "priya.natarajan@acme.example", "--no-dns", "--yes", "--timeout", "3"],
                                           environment: environment, timeout: 90)
            #expect(second.status == 1 && second.stderr.contains("--force"), "\(second.stderr)")
            #expect(proxy.requests.filter { $0.method == "DELETE" }.count == 1)
        }
    }

    @Test("--timeout must be positive, and is for a live org only")
    func timeoutValidation() async throws {
        for value in ["0", "-5", "nan", "100000"] {
            let run = try await RunBinary.run(["diagnose", "ada@acme.example", "--timeout", value])
            #expect(run.status == 64, "--timeout \(value): \(run.stderr)")
        }
        let bundle = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--timeout", "5"])
        #expect(bundle.status == 64 && bundle.stderr.contains("--timeout"), "\(bundle.stderr)")
    }
}

/// Forwards one GET to the simulator with curl and hands its answer back (status, body, content type).
enum ForwardToSimulator {
    static func answer(_ request: HTTPTestServer.Request, baseURL: String) -> HTTPTestServer.Behavior {
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("rd-forward-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: body) }
        let run = try? RunBinary.runBlocking(
            ["-s", "-o", body.path, "-w", "%{http_code}", "-H", "Authorization: \(request.headers["authorization"] ?? "")",
             baseURL + request.target],
            executable: "/usr/bin/curl", timeout: 20)
        guard let run, let status = Int(run.stdout), let data = try? Data(contentsOf: body) else { return .respond(status: 502) }
        return .respond(status: status, headers: [("Content-Type", "application/json")], body: data)
    }
}
