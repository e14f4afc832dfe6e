import Foundation
import Testing

/// `resetdoctor scan` against the simulator serving the acme org plus generated users, pages small enough that the
/// users come in several pages and the per-user queries in several chunks: the scan is the one it was before the
/// queries were pipelined and the login history filtered (Tests/Golden/live-scan, made by the sequential version),
/// what a refused object costs, and the requests a scan makes.
@Suite("Live scan of a generated org", .serialized)
struct LiveScanGeneratedOrgTests {
    static let org = ["--users", "250", "--domains", "20", "--page-size", "60"]
    static let asOf = LiveScanTests.asOf

    /// 200 generated users, some named twice (in the other user query of 100 names), acme users by username and
    /// by Id, and a name that matches nobody.
    static var names: String {
        let generated = (0..<200).map { "user\($0)@d\($0 % 20).gen-org.example" }
        let again = stride(from: 0, to: 200, by: 7).map { "user\($0)@d\($0 % 20).gen-org.example" }
        return (generated + again + ["tom.baker@acme.example", "priya.natarajan@acme.example", "0055e0000000003QAA", "nobody@nowhere.example"])
            .joined(separator: "\n") + "\n"
    }

    @Test("the scan of a generated org, all users or a list of them, is the one the sequential gathering gave")
    func sameScanAsBefore() async throws {
        let sim = try LiveSim(scenario: LiveScanTests.acme, arguments: Self.org)
        defer { sim.stop() }
        let env = try await sim.tokenEnvironment()
        let onboarding = try await RunBinary.run(
            ["scan", "--no-dns", "--format", "json", "--purpose", "onboarding", "--include-inactive"] + Self.asOf, environment: env)
        #expect(onboarding.status == 1, "\(onboarding.stderr)")
        try GoldenOutputTests.compare(GoldenOutputTests.normalized(onboarding.stdout), with: "live-scan/generated.onboarding.json")

        let list = LiveScenario.scratch("names")
        defer { try? FileManager.default.removeItem(at: list) }
        try Data(Self.names.utf8).write(to: list)
        let named = try await RunBinary.run(["scan", "--no-dns", "--format", "csv", "--users", list.path] + Self.asOf, environment: env)
        #expect(named.status == 1, "\(named.stderr)")
        try GoldenOutputTests.compare(named.stdout, with: "live-scan/generated.users.csv")
    }

    @Test("a scan's requests: its user pages, the org parts, and three per 200 users, however many users")
    func requestsPerPageAndChunk() async throws {
        let sim = try LiveSim(scenario: LiveScanTests.acme, arguments: ["--users", "1200", "--domains", "30", "--page-size", "500"])
        defer { sim.stop() }
        let run = try await RunBinary.run(["scan", "--no-dns", "--format", "json"] + Self.asOf, environment: try sim.tokenEnvironment(), timeout: 120)
        #expect(run.status == 1, "\(run.stderr)")
        let users = try LiveScanTests.users(run.stdout).count
        #expect(users > 1_000)
        let requests = sim.log.components(separatedBy: "\n").filter { $0.contains("GET /services/data/") }.count
        // No per-user answer reaches a page of 500 rows (the login history leaves browser logins out), so each
        // query is one request: 3 user pages, the 5 org-wide parts, UserLogin, permission sets, logins per chunk.
        let pages = (users + 499) / 500, chunks = (users + 199) / 200
        #expect(requests == pages + 5 + 3 * chunks, "\(requests) requests for \(users) users")
    }

    @Test("a refused object loses only its file and says what to grant; an expired session stops the capture (77)")
    func refusals() async throws {
        let sim = try LiveSim(scenario: LiveScanTests.acme, arguments: Self.org + ["--fault", "forbidden=PermissionSetAssignment"])
        defer { sim.stop() }
        let env = try await sim.tokenEnvironment()
        let folder = LiveScenario.scratch("refused-capture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = try await RunBinary.run(["bundle", "--scope", "org", "--out", folder.path, "--no-dns"] + Self.asOf, environment: env)
        #expect(capture.status == 0, "\(capture.stderr)")
        #expect(capture.stderr.contains("PermissionSetAssignment") && capture.stderr.contains("View Setup and Configuration"), "\(capture.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(!files.contains("permissions.json"))
        #expect(files.isSuperset(of: ["user.json", "user-login.json", "login-history.json", "audit-trail.json", "manifest.json"]), "\(files)")
        let logins = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("user-login.json"))) as? [String: Any]
        let users = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("user.json"))) as? [String: Any]
        #expect((logins?["records"] as? [Any])?.count == (users?["records"] as? [Any])?.count)

        let expired = try LiveSim(scenario: LiveScanTests.acme, arguments: Self.org + ["--fault", "token-expired=1"])
        defer { expired.stop() }
        let stopped = try await RunBinary.run(["scan", "--no-dns", "--format", "json"] + Self.asOf, environment: try await expired.tokenEnvironment())
        #expect(stopped.status == 77 && stopped.stdout.isEmpty, "\(stopped.status): \(stopped.stderr)")
    }
}
