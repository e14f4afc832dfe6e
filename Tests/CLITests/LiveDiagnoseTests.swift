import Foundation
import Testing

/// `resetdoctor diagnose USER` against the Salesforce simulator, through the built binaries.
@Suite("Live diagnose through the simulator", .serialized)
struct LiveDiagnoseTests {
    @Test("live diagnosis (environment token) finds what the demo bundle finds")
    func liveMatchesDemoBundle() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("inactive-user"))
        defer { sim.stop() }
        let demo = LiveScenario.demo("inactive-user")
        let live = try await RunBinary.run(
            // --as-of the demo's capturedAt: the scenario's dates are fixed, so the live window must be too.
            ["diagnose", "tom.becker@acme.example", "--no-dns", "--format", "json", "--probe-deliverability",
             "--as-of", "2026-11-22T09:30:00Z", "--email-log", demo.appendingPathComponent("email-log.csv").path],
            environment: try sim.tokenEnvironment())
        let bundle = try await RunBinary.run(["diagnose", "--bundle", demo.path, "--no-dns", "--format", "json"])
        #expect([0, 1, 2].contains(live.status), "\(live.stderr)")
        let liveDigest = try ReportDigest(json: live.stdout)
        let bundleDigest = try ReportDigest(json: bundle.stdout)
        #expect(liveDigest.codes == bundleDigest.codes, "live \(liveDigest) vs bundle \(bundleDigest)")
        #expect(liveDigest.verdict == bundleDigest.verdict)
    }

    @Test("--as-of is for diagnosis only, and must be a past ISO date")
    func asOfValidation() async throws {
        let reset = try await RunBinary.run(["reset", "x@acme.example", "--as-of", "2026-11-22T09:30:00Z"])
        #expect(reset.status == 64)
        #expect(reset.stderr.contains("--as-of"))
        let future = try await RunBinary.run(["diagnose", "x@acme.example", "--as-of", "2999-01-01T00:00:00Z"])
        #expect(future.status == 64)
        let garbage = try await RunBinary.run(["diagnose", "x@acme.example", "--as-of", "yesterday"])
        #expect(garbage.status == 64)
        #expect(garbage.stderr.contains("ISO 8601"))
    }

    @Test("several users share the email: exit 64 listing them")
    func ambiguousEmail() async throws {
        let scenario = try LiveScenario.copy(of: "in-spam", replacing: ["user.json": LiveUsers.withTwins])
        let sim = try LiveSim(scenario: scenario)
        defer { sim.stop() }
        let run = try await RunBinary.run(["diagnose", "twin@acme.example", "--no-dns"], environment: try sim.tokenEnvironment())
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("twin.one@acme.example") && run.stderr.contains("twin.two@acme.example"))
        #expect(run.stderr.contains("0055e000009Tw001AA") && run.stderr.contains("inactive"))
        #expect(run.stderr.contains("pass the username or Id"))
    }

    @Test("a username with a quote and a backslash is found through SOQL escaping")
    func escapedUsername() async throws {
        let scenario = try LiveScenario.copy(of: "in-spam", replacing: ["user.json": LiveUsers.withTwins])
        let sim = try LiveSim(scenario: scenario)
        defer { sim.stop() }
        let run = try await RunBinary.run(
            ["diagnose", LiveUsers.trickyUsername, "--no-dns", "--format", "json"], environment: try sim.tokenEnvironment())
        #expect([0, 1, 2].contains(run.status), "\(run.stderr)")
        #expect(run.stdout.contains("0055e000009Tw003AA"), "\(run.stdout.prefix(600))")
    }

    @Test("no user matches: user.not-found, not an error")
    func notFound() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let run = try await RunBinary.run(["diagnose", "nobody@acme.example", "--no-dns", "--format", "json"], environment: try sim.tokenEnvironment())
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try ReportDigest(json: run.stdout).codes.contains("user.not-found"))
    }

    @Test("nothing configured: exit 64 with the ways to log in")
    func noAuth() async throws {
        let run = try await RunBinary.run(["diagnose", "x@acme.example", "--no-dns"], environment: ["SF_ACCESS_TOKEN": "", "SF_INSTANCE_URL": ""])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--org ALIAS") && run.stderr.contains("SF_ACCESS_TOKEN"))
    }

    @Test("the org cannot be reached: exit 69")
    func unreachable() async throws {
        let run = try await RunBinary.run(
            ["diagnose", "x@acme.example", "--no-dns"],
            environment: ["SF_ACCESS_TOKEN": "00DSIM000000001!SIM.unused", "SF_INSTANCE_URL": "http://127.0.0.1:\(LiveUsers.closedPort())"])
        #expect(run.status == 69, "\(run.stderr)")
    }
}

enum LiveUsers {
    static let trickyUsername = #"o'brien\ops@acme.example"#

    /// A port nobody listens on: bound, then closed.
    static func closedPort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        close(fd)
        return UInt16(bigEndian: address.sin_port)
    }

    static func user(_ id: String, _ username: String, _ email: String, _ name: String, active: Bool = true) -> String {
        let escapedName = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let escapedUsername = username.replacingOccurrences(of: "\\", with: "\\\\")
        return """
        {"attributes":{"type":"User","url":"/services/data/v62.0/sobjects/User/\(id)"},"Id":"\(id)","Username":"\(escapedUsername)",
         "Email":"\(email)","Name":"\(escapedName)","IsActive":\(active),"UserType":"Standard","ProfileId":"00e5e000000Q2xPAAS",
         "Profile":{"attributes":{"type":"Profile"},"Name":"Standard User"},"ContactId":null,"IsPortalEnabled":false,
         "FederationIdentifier":null,"LastLoginDate":"2026-11-18T06:30:00.000+0000","LastPasswordChangeDate":"2026-08-29T09:30:00.000+0000"}
        """
    }

    /// The in-spam user plus two users sharing one address, and one whose username and name hold a quote and a backslash.
    static var withTwins: String {
        let records = [
            user("0055e000009Ab01QAA", "priya.natarajan@acme.example", "priya.natarajan@acme.example", "Priya Natarajan"),
            user("0055e000009Tw001AA", "twin.one@acme.example", "twin@acme.example", "Twin One", active: false),
            user("0055e000009Tw002AA", "twin.two@acme.example", "twin@acme.example", "Twin Two"),
            user("0055e000009Tw003AA", trickyUsername, "obrien@acme.example", #"Siobhán O'Brien \ Ops"#),
        ]
        return #"{"totalSize":4,"done":true,"records":["# + records.joined(separator: ",") + "]}"
    }
}
