import Foundation
import Testing

/// Runs the live commands against the simulator and scans everything they leave (stdout, stderr, every file of a
/// captured bundle, the reset ledger, the simulator's own output) for any secret: the access tokens the simulator
/// issues (all start with its org prefix), the test password, security token and client secret, and the temporary
/// passwords resets return.
@Suite("No secret in any output", .serialized)
struct SecretScanTests {
    static let user = "priya.natarajan@acme.example"
    static let tokenMarker = "!SIM."

    @Test("no command prints, writes or logs a secret")
    func scanEverything() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let token = try await sim.issueAccessToken()
        let state = LiveScenario.scratch("secret-state")
        let folder = LiveScenario.scratch("secret-out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = ["SF_ACCESS_TOKEN": token, "SF_INSTANCE_URL": sim.baseURL, "RESETDOCTOR_STATE_DIR": state.path]
        var outputs: [String] = []
        func run(_ arguments: [String], _ extra: [String: String] = [:]) async throws {
            let result = try await RunBinary.run(arguments, environment: env.merging(extra) { $1 })
            outputs += [result.stdout, result.stderr]
        }
        let password = ["--username", LiveSim.username, "--client-id", LiveSim.clientId, "--login-url", sim.baseURL]
        let passwordEnv = ["SF_PASSWORD": LiveSim.password, "SF_SECURITY_TOKEN": LiveSim.securityToken,
                           "SF_CLIENT_SECRET": LiveSim.clientSecret, "SF_ACCESS_TOKEN": ""]
        try await run(["diagnose", Self.user, "--no-dns", "--format", "json"])
        try await run(["diagnose", Self.user, "--no-dns", "--format", "markdown", "--probe-deliverability"] + password, passwordEnv)
        try await run(["diagnose", Self.user, "--no-dns", "--client-id", LiveSim.clientId, "--instance-url", sim.baseURL],
                ["SF_CLIENT_SECRET": LiveSim.clientSecret, "SF_ACCESS_TOKEN": ""])
        try await run(["bundle", Self.user, "--out", folder.appendingPathComponent("b").path, "--no-dns"] + password, passwordEnv)
        try await run(["bundle", Self.user, "--out", folder.appendingPathComponent("b.tar.gz").path, "--no-dns", "--probe-deliverability"])
        try await run(["reset", Self.user, "--no-dns", "--dry-run"])
        try await run(["reset", Self.user, "--no-dns", "--yes"] + password, passwordEnv)
        try await run(["reset", Self.user, "--no-dns", "--yes", "--force"])
        // The bulk path: its lines as it goes, its summary in text and JSON, its ledger.
        let list = folder.appendingPathComponent("users.txt")
        try Data((Self.user + "\n").utf8).write(to: list)
        try await run(["reset", "--users", list.path, "--no-dns", "--dry-run"])
        try await run(["reset", "--users", list.path, "--no-dns", "--yes", "--force"])
        try await run(["reset", "--users", list.path, "--no-dns", "--yes", "--force", "--format", "json"] + password, passwordEnv)
        env["SF_ACCESS_TOKEN"] = "00DSIM000000001!SIM.expired-on-purpose"
        try await run(["diagnose", Self.user, "--no-dns"])
        sim.stop()

        var files: [String: String] = ["simulator output": sim.log]
        for root in [folder, state] {
            for name in (try? FileManager.default.subpathsOfDirectory(atPath: root.path)) ?? [] {
                let path = root.appendingPathComponent(name).path
                if let data = FileManager.default.contents(atPath: path) {
                    // Archives are compressed: scan their unpacked text too.
                    if name.hasSuffix(".tar.gz") {
                        let listing = try await RunBinary.run(["-xzOf", path], executable: "/usr/bin/tar", timeout: 20)
                        files[name + " (unpacked)"] = listing.stdout
                    }
                    files[name] = String(decoding: data, as: UTF8.self)
                }
            }
        }
        #expect(files.keys.contains("b/user.json") && files.keys.contains("resets.json"), "\(files.keys.sorted())")
        let secrets = [token, LiveSim.password, LiveSim.securityToken, LiveSim.clientSecret, Self.tokenMarker] + LiveSimSecrets.temporaryPasswords(in: sim)
        for (index, text) in outputs.enumerated() {
            for secret in secrets { #expect(!text.contains(secret), "output \(index) contains a secret (\(secret.prefix(4))…)") }
        }
        for (name, text) in files where name != "simulator output" {
            for secret in secrets { #expect(!text.contains(secret), "\(name) contains a secret (\(secret.prefix(4))…)") }
        }
        for secret in [token, LiveSim.password, LiveSim.securityToken, LiveSim.clientSecret] {
            #expect(!sim.log.contains(secret), "the simulator's output contains a secret (\(secret.prefix(4))…)")
        }
    }
}

/// The simulator's reset answer is {"NewPassword":"<random>"} and it never logs the value, so from outside the
/// process the temporary password is recognised by the key that carries it: any echo of that body names it.
enum LiveSimSecrets {
    static func temporaryPasswords(in sim: LiveSim) -> [String] { ["NewPassword"] }
}
