import Foundation
@testable import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The built `resetdoctor-sim`, started on a free port for one test and stopped after it.
/// Credentials are the simulator's test-only ones (Tests/Fixtures/test-only-keys/README.md).
final class LiveSim: @unchecked Sendable {
    static let clientId = "sim-consumer-key"
    static let clientSecret = "sim-client-secret"
    static let username = "admin@sim.example"
    static let password = "sim-password"
    static let securityToken = "SIMTOKEN123"

    let process: ChildProcess
    let port: UInt16
    let logPath: String
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static var binaryPath: String {
        URL(fileURLWithPath: RunBinary.binaryPath).deletingLastPathComponent().appendingPathComponent("resetdoctor-sim").path
    }

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var jwtKeyDirectory: URL { repoRoot.appendingPathComponent("Tests/Fixtures/test-only-keys") }

    /// Starts the simulator on `scenario` with extra arguments (faults, latency); waits for its "listening on" line.
    init(scenario: URL, arguments: [String] = []) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("rd-sim-\(UUID().uuidString).log").path
        let publicKey = Self.jwtKeyDirectory.appendingPathComponent("jwt-test-only.pub.pem").path
        process = try ChildProcess(
            executable: Self.binaryPath,
            arguments: ["--scenario", scenario.path, "--port", "0", "--jwt-public-key", publicKey, "--verbose"] + arguments,
            outputPath: logPath)
        let deadline = Date().addingTimeInterval(20)
        var found: UInt16?
        while found == nil && Date() < deadline && process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: "listening on http://127.0.0.1:") {
                found = UInt16(log[range.upperBound...].prefix { $0.isNumber })
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            process.stop()
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw HarnessError(problem: "resetdoctor-sim did not start: \(output)")
        }
        port = found
    }

    deinit { process.stop() }

    func stop() { process.stop() }

    /// Everything the simulator printed (stdout and stderr).
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// An access token issued by the simulator through the username-password flow (what a user would export).
    func issueAccessToken() async throws -> String {
        let run = try await RunBinary.run([
            "-s", "-X", "POST", "\(baseURL)/services/oauth2/token",
            "--data-urlencode", "grant_type=password", "--data-urlencode", "client_id=\(Self.clientId)",
            "--data-urlencode", "client_secret=\(Self.clientSecret)", "--data-urlencode", "username=\(Self.username)",
            "--data-urlencode", "password=\(Self.password)\(Self.securityToken)",
        ], executable: "/usr/bin/curl", timeout: 20)
        guard let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
              let token = object["access_token"] as? String
        else { throw HarnessError(problem: "no token from the simulator: \(run.stdout) \(run.stderr)") }
        return token
    }

    /// The environment of the environment-token flow.
    func tokenEnvironment() async throws -> [String: String] {
        await ["SF_ACCESS_TOKEN": try issueAccessToken(), "SF_INSTANCE_URL": baseURL]
    }
}

struct HarnessError: Error, CustomStringConvertible { var problem: String; var description: String { problem } }

/// Scenario folders for the simulator, made from the demo bundles.
enum LiveScenario {
    static func demo(_ name: String) -> URL { LiveSim.repoRoot.appendingPathComponent("demos/\(name)") }

    /// A temporary copy of demos/NAME, with `removing` left out and `replacing` files written over.
    static func copy(of name: String, removing: [String] = [], replacing: [String: String] = [:]) throws -> URL {
        let target = scratch("scenario-\(name)")
        try FileManager.default.copyItem(at: demo(name), to: target)
        for file in removing { try? FileManager.default.removeItem(at: target.appendingPathComponent(file)) }
        for (file, text) in replacing { try Data(text.utf8).write(to: target.appendingPathComponent(file)) }
        return target
    }

    static func scratch(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rd-live-\(label)-\(UUID().uuidString.prefix(8))")
    }
}

/// What a JSON report says, reduced to what capture = replay must keep.
struct ReportDigest: Equatable, CustomStringConvertible {
    var verdict: String
    var findings: [String]

    init(json: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw HarnessError(problem: "not a JSON report: \(json.prefix(400))")
        }
        verdict = object["verdict"] as? String ?? "?"
        findings = (object["findings"] as? [[String: Any]] ?? []).map { finding in
            "\(finding["code"] ?? "?") \(finding["severity"] ?? "?") \(finding["moot"] ?? "?")"
        }
    }

    var codes: [String] { findings.map { String($0.split(separator: " ")[0]) } }
    var description: String { "\(verdict): \(findings.joined(separator: ", "))" }
}
