import Foundation
import SalesforceSimulator
@testable import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("resetdoctor-sim executable")
struct ExecutableTests {
    /// The `resetdoctor-sim` built beside the test runner (same scratch path).
    static var binaryPath: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("resetdoctor-sim").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("resetdoctor-sim").path
    }

    /// Waits (bounded) until the output file shows the "listening on" line; returns the port.
    private func waitForPort(logPath: String, process: ChildProcess) async throws -> UInt16? {
        for _ in 0..<1000 where process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: "listening on http://127.0.0.1:"), log[range.upperBound...].contains("\n") {
                return UInt16(log[range.upperBound...].prefix { $0.isNumber })
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return nil
    }

    @Test func startsPrintsItsPortAnswersAndStopsOnSIGTERM() async throws {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("rd-sim-test-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let process = try ChildProcess(
            executable: Self.binaryPath,
            arguments: [
                "--scenario", Fixtures.multiUser.path, "--port", "0", "--page-size", "2", "--verbose",
                "--jwt-public-key", Fixtures.keys.appendingPathComponent("jwt-test-only.pub.pem").path,
                "--fault", "server-error=1",
            ],
            outputPath: logPath)
        defer { process.stop() }
        let port = try #require(try await waitForPort(logPath: logPath, process: process), "no port line")
        let client = RawHTTPClient(port: port)

        let tokenResponse = try await client.postForm("/services/oauth2/token", [
            ("grant_type", "password"), ("client_id", SimulatorCredentials.clientId),
            ("client_secret", SimulatorCredentials.clientSecret), ("username", SimulatorCredentials.username),
            ("password", SimulatorCredentials.password + SimulatorCredentials.securityToken),
        ])
        let token = try #require(tokenResponse.object?["access_token"] as? String)
        let jwtResponse = try await client.postForm("/services/oauth2/token", [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", try TestJWT().signed()),
        ])
        #expect(jwtResponse.status == 200)
        #expect(try await client.get("/services/data/v62.0/query?q=SELECT+Id+FROM+User", token: token).status == 500)
        let query = try await client.get("/services/data/v62.0/query?q=SELECT+Id+FROM+User", token: token)
        #expect(query.status == 200)
        #expect(query.object?["nextRecordsUrl"] != nil, "--page-size 2 applies")
        let reset = try await client.send(
            "DELETE", "/services/data/v62.0/sobjects/User/005SIM0000000D1AAA/password", headers: ["Authorization": "Bearer \(token)"])
        let temporaryPassword = try #require(reset.object?["NewPassword"] as? String)

        process.stop(grace: 10)
        #expect(!process.isRunning)
        #expect(process.exitStatus == 0, "exit 0 after SIGTERM (wait status \(process.exitStatus ?? -1))")

        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        #expect(log.contains("GET /services/data/v62.0/query 500"))
        #expect(log.contains("password reset for user 005SIM0000000D1AAA"))
        for secret in [token, temporaryPassword, SimulatorCredentials.password, SimulatorCredentials.securityToken,
                       SimulatorCredentials.clientSecret, "SELECT"] {
            #expect(!log.contains(secret), "the log must not hold \(secret.prefix(6))…")
        }
    }

    @Test func refusesAMissingScenarioWithUsageExit() async throws {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("rd-sim-test-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let process = try ChildProcess(executable: Self.binaryPath, arguments: ["--port", "0"], outputPath: logPath)
        defer { process.stop() }
        for _ in 0..<500 where process.isRunning { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(!process.isRunning)
        #expect(process.exitStatus.map { ($0 >> 8) & 0xff } == 64)
        #expect(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").contains("--scenario DIR or --users N is required"))
    }
}
