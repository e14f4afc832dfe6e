import Foundation
import Testing
@testable import TestSupport

/// `diagnose --probe-relay` as a user runs it: the built binary, a bundle whose relay is a real SMTP server on
/// 127.0.0.1 (scripts/test_smtp_server.py) presenting an expired certificate.
@Suite(.serialized)
struct RelayProbeCLITests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demos/relay-misconfigured")

    /// A copy of the relay demo whose one relay is 127.0.0.1:`port` with RequiredVerify and SMTP AUTH.
    static func bundle(relayPort: Int, in folder: URL) throws -> URL {
        let bundle = folder.appendingPathComponent("ticket")
        try FileManager.default.copyItem(at: demo, to: bundle)
        let relays = bundle.appendingPathComponent("email-relays.json")
        let text = try String(contentsOf: relays, encoding: .utf8)
            .replacingOccurrences(of: "\"203.0.113.25\"", with: "\"127.0.0.1\"")
            .replacingOccurrences(of: "\"Port\": \"587\"", with: "\"Port\": \"\(relayPort)\"")
        try text.write(to: relays, atomically: true, encoding: .utf8)
        return bundle
    }

    @Test("--probe-relay finds the relay's expired certificate, a confirmed failure under RequiredVerify")
    func probeFindsExpiredCertificate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSMTPServer(certificate: "expired", auth: "PLAIN") { server in
            let bundle = try Self.bundle(relayPort: server.port, in: folder)
            let run = try await RunBinary.run(["diagnose", "--bundle", bundle.path, "--format", "json",
                                               "--probe-relay", "--relay-ca-file", SMTPTestServer.testCA])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "stderr: \(run.stderr)")
            let checks = try #require(report["checks"] as? [[String: Any]])
            let probe = try #require(checks.first { $0["id"] as? String == "relay.probe" })
            #expect(probe["status"] as? String == "fail", "\(probe)")
            let findings = try #require(report["findings"] as? [[String: Any]])
            let certificate = findings.first { $0["code"] as? String == "relay.tls-certificate-invalid" }
            #expect(certificate?["confidence"] as? String == "confirmed")
            #expect(certificate?["severity"] as? String == "blocker")
        }
    }

    @Test("--relay-ca-file alone is a usage error")
    func caFileNeedsTheProbe() async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "relay-misconfigured", "--relay-ca-file", SMTPTestServer.testCA])
        #expect(run.status == 64, "stderr: \(run.stderr)")
    }
}
