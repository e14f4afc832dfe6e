import Foundation
import Testing

/// Every login flow through the built binary, against the simulator; and the faults of issue 4.
@Suite("Live login flows and faults through the simulator", .serialized)
struct LiveAuthFlowTests {
    static let user = "priya.natarajan@acme.example"
    static let diagnose = ["diagnose", user, "--no-dns", "--format", "json"]

    static func passwordEnvironment() -> [String: String] {
        ["SF_PASSWORD": LiveSim.password, "SF_SECURITY_TOKEN": LiveSim.securityToken, "SF_CLIENT_SECRET": LiveSim.clientSecret,
         "SF_ACCESS_TOKEN": "", "SF_INSTANCE_URL": ""]
    }

    static func passwordArguments(_ sim: LiveSim) -> [String] {
        ["--username", LiveSim.username, "--client-id", LiveSim.clientId, "--login-url", sim.baseURL]
    }

    static func jwtArguments(_ sim: LiveSim) -> [String] {
        ["--jwt-key", LiveSim.jwtKeyDirectory.appendingPathComponent("jwt-test-only.key").path,
         "--client-id", LiveSim.clientId, "--username", LiveSim.username, "--login-url", sim.baseURL]
    }

    func expectReport(_ run: BinaryRun, _ flow: String) {
        #expect([0, 1, 2].contains(run.status), "\(flow): \(run.stderr)")
        #expect(run.stdout.contains("\"subject\"") && run.stdout.contains("0055e000009Ab01QAA"), "\(flow): \(run.stdout.prefix(300))")
    }

    @Test("environment token, username-password, client credentials, JWT bearer and sf CLI all reach the org")
    func everyFlow() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        expectReport(try await RunBinary.run(Self.diagnose, environment: try sim.tokenEnvironment()), "environment token")
        expectReport(try await RunBinary.run(Self.diagnose + Self.passwordArguments(sim), environment: Self.passwordEnvironment()), "password")
        expectReport(try await RunBinary.run(Self.diagnose + ["--client-id", LiveSim.clientId, "--instance-url", sim.baseURL],
                                       environment: ["SF_CLIENT_SECRET": LiveSim.clientSecret]), "client credentials")
        expectReport(try await RunBinary.run(Self.diagnose + Self.jwtArguments(sim), environment: [:]), "JWT")

        let bin = LiveScenario.scratch("sf-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let token = try await sim.issueAccessToken()
        let script = """
        #!/bin/sh
        echo '{"status":0,"result":{"accessToken":"\(token)","instanceUrl":"\(sim.baseURL)","username":"\(LiveSim.username)"}}'
        """
        let sf = bin.appendingPathComponent("sf")
        try Data(script.utf8).write(to: sf)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sf.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        expectReport(try await RunBinary.run(Self.diagnose + ["--org", "sim"], environment: ["PATH": path, "SF_ACCESS_TOKEN": ""]), "sf CLI")
    }

    @Test("an expired environment token: exit 77 with how to get a new one")
    func expiredEnvironmentToken() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "token-expired"])
        defer { sim.stop() }
        let run = try await RunBinary.run(Self.diagnose, environment: try sim.tokenEnvironment())
        #expect(run.status == 77, "\(run.stderr)")
        #expect(run.stderr.contains("SF_ACCESS_TOKEN"))
    }

    @Test("an expired session is renewed by the password and JWT flows")
    func expiredRenewed() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "token-expired"])
        defer { sim.stop() }
        expectReport(try await RunBinary.run(Self.diagnose + Self.passwordArguments(sim), environment: Self.passwordEnvironment()), "password renewed")
        expectReport(try await RunBinary.run(Self.diagnose + Self.jwtArguments(sim), environment: [:]), "JWT renewed")
    }

    @Test("403 on SetupAuditTrail: the audit trail is missing and the report names the permission")
    func forbiddenAuditTrail() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "forbidden=SetupAuditTrail"])
        defer { sim.stop() }
        let run = try await RunBinary.run(["diagnose", Self.user, "--no-dns"], environment: try sim.tokenEnvironment())
        #expect([1, 2].contains(run.status), "\(run.stderr)")
        #expect(run.stderr.contains("View Setup and Configuration"), "\(run.stderr)")
        #expect(run.stdout.contains("View Setup and Configuration"), "the report's unknown checks say why: \(run.stdout)")
    }

    @Test("a single cut body is retried to success")
    func cutBodyRetried() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "cut-body"])
        defer { sim.stop() }
        expectReport(try await RunBinary.run(Self.diagnose, environment: try sim.tokenEnvironment()), "cut body once")
    }

    @Test("429 is retried to success")
    func rateLimitedRetried() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "rate-limited"])
        defer { sim.stop() }
        expectReport(try await RunBinary.run(Self.diagnose, environment: try sim.tokenEnvironment()), "429")
    }

    /// Every call fails (N larger than the retries), so the retrying client gives up.
    @Test("500 and a cut body on every attempt: exit 69", arguments: ["server-error=50", "cut-body=50"])
    func serverFaults(fault: String) async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", fault])
        defer { sim.stop() }
        let run = try await RunBinary.run(Self.diagnose, environment: try sim.tokenEnvironment())
        #expect(run.status == 69, "\(fault): \(run.stderr)")
    }
}
