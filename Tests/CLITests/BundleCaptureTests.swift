import Foundation
import Testing
@testable import TestSupport

/// `resetdoctor bundle USER --out …` against the simulator, and the replay of what it wrote.
@Suite("Bundle capture through the simulator", .serialized)
struct BundleCaptureTests {
    static let user = "priya.natarajan@acme.example"

    @Test("capture into a directory, then replay: same findings and verdict as the live run", arguments: ["dir", "tar.gz"])
    func captureReplay(kind: String) async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let env = try await sim.tokenEnvironment()
        let folder = LiveScenario.scratch("capture")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent(kind == "dir" ? "ticket" : "ticket.tar.gz").path
        let emailLog = LiveScenario.demo("in-spam").appendingPathComponent("email-log.csv").path

        let capture = try await RunBinary.run(["bundle", Self.user, "--out", out, "--no-dns", "--email-log", emailLog], environment: env)
        #expect(capture.status == 0, "\(capture.stderr)")
        #expect(capture.stdout.contains(out))
        let live = try await RunBinary.run(["diagnose", Self.user, "--no-dns", "--format", "json", "--email-log", emailLog], environment: env)
        let replay = try await RunBinary.run(["diagnose", "--bundle", out, "--no-dns", "--format", "json"])
        #expect([0, 1, 2].contains(replay.status), "\(replay.stderr)")
        #expect(try ReportDigest(json: live.stdout) == ReportDigest(json: replay.stdout))
        // Nothing but the bundle is left in the folder (no partial files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [(out as NSString).lastPathComponent])

        if kind == "dir" {
            let names = Set(try FileManager.default.subpathsOfDirectory(atPath: out))
            for name in ["manifest.json", "user.json", "user-login.json", "permissions.json", "audit-trail.json",
                         "login-history.json", "email-relays.json", "email-domain-filters.json", "email-domain-keys.json", "email-log.csv"] {
                #expect(names.contains(name), "missing \(name) in \(names.sorted())")
            }
            #expect(!names.contains("org-settings.json"), "written only when the probe ran")
            let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
            #expect(manifest.contains("resetdoctor-bundle/1") && manifest.contains("\"subject\" : \"\(Self.user)\"") && manifest.contains("capturedAt"))
        }
    }

    @Test("an existing target is refused with exit 64 and left alone")
    func refusesExisting() async throws {
        let folder = LiveScenario.scratch("exists")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try await RunBinary.run(["bundle", Self.user, "--out", folder.path, "--no-dns"],
                                    environment: ["SF_ACCESS_TOKEN": "00DSIM000000001!SIM.unused", "SF_INSTANCE_URL": "http://127.0.0.1:9"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("choose another path or remove it"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a failed capture leaves nothing behind")
    func failureLeavesNothing() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"), arguments: ["--fault", "server-error"])
        defer { sim.stop() }
        let folder = LiveScenario.scratch("fail")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try await RunBinary.run(["bundle", Self.user, "--out", folder.appendingPathComponent("t.tar.gz").path, "--no-dns"],
                                    environment: try sim.tokenEnvironment())
        #expect(run.status == 69, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("--probe-deliverability writes org-settings.json with source apex-probe")
    func probeWritesOrgSettings() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let out = LiveScenario.scratch("probe").path
        let run = try await RunBinary.run(["bundle", Self.user, "--out", out, "--no-dns", "--probe-deliverability"], environment: try sim.tokenEnvironment())
        #expect(run.status == 0, "\(run.stderr)")
        let settings = try String(contentsOfFile: out + "/org-settings.json", encoding: .utf8)
        #expect(settings.contains("apex-probe"))
    }

    /// The DNS server down: the capture still writes the bundle (exit 0, as before) but says so on stderr, and the
    /// replay says unknown for DNS instead of answering from anything else.
    @Test("capture with the DNS server down warns, and the replay's DNS checks are unknown")
    func captureWithDNSDown() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        try await withSilentServer { dns in
            let out = LiveScenario.scratch("dns-down").path
            defer { try? FileManager.default.removeItem(atPath: out) }
            let capture = try await RunBinary.run(
                ["bundle", Self.user, "--out", out, "--nameserver", dns.address.description, "--dns-timeout", "0.2"],
                environment: try sim.tokenEnvironment())
            #expect(capture.status == 0, "\(capture.stderr)")
            #expect(capture.stderr.contains("warning: "), "\(capture.stderr)")
            #expect(capture.stderr.contains("could not be captured"), "\(capture.stderr)")
            try await Self.expectDNSUnknownOnReplay(out)
        }
    }

    @Test("capture behind a broken resolver writes no DNS answers and says why")
    func captureBehindABrokenResolver() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        try await withHostileDNS(mode: "nxdomain-all") { dns in
            let out = LiveScenario.scratch("dns-broken").path
            defer { try? FileManager.default.removeItem(atPath: out) }
            let capture = try await RunBinary.run(
                ["bundle", Self.user, "--out", out, "--nameserver", dns.address.description, "--dns-timeout", "1"],
                environment: try sim.tokenEnvironment())
            #expect(capture.status == 0, "\(capture.stderr)")
            #expect(capture.stderr.contains("warning: no DNS answers were captured: the resolver at \(dns.address) says com. does not exist"), "\(capture.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + "/dns"))
            try await Self.expectDNSUnknownOnReplay(out)
        }
    }

    static func expectDNSUnknownOnReplay(_ bundle: String) async throws {
        let replay = try await RunBinary.run(["diagnose", "--bundle", bundle, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any], "\(replay.stderr)")
        let checks = try #require(report["checks"] as? [[String: Any]])
        let recipient = try #require(checks.first { $0["id"] as? String == "dns.recipient" })
        #expect(recipient["status"] as? String == "unknown", "\(recipient)")
        for finding in try #require(report["findings"] as? [[String: Any]]) {
            #expect(!(finding["check"] as? String ?? "").hasPrefix("dns."), "\(finding)")
        }
    }
}
