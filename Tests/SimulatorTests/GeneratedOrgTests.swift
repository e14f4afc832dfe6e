import Foundation
import SalesforceAPI
import SalesforceSimulator
import Testing

@Suite("Simulator: generated orgs")
struct GeneratedOrgTests {
    static let org = GeneratedUsers(count: 3_000, domains: 7, seed: 42)

    @Test func usersAreSpreadOverTheDomainsInEveryState() async throws {
        let sim = try await RunningSimulator.generated(Self.org, pageSize: 5_000)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()

        let users = try await sim.query("SELECT Id, Email FROM User", token: token)
        #expect(users.records.count == 3_000)
        #expect(Set(users.strings("Id")).count == 3_000)
        let domains = Set(users.strings("Email").compactMap { $0.split(separator: "@").last.map(String.init) })
        #expect(domains == Set((0..<7).map(GeneratedUsers.domain)))

        func count(_ soql: String) async throws -> Int {
            let response = try await sim.query(soql, token: token)
            #expect(response.status == 200, "\(soql): \(response.bodyText.prefix(300))")
            return response.object?["totalSize"] as? Int ?? -1
        }
        let inactive = try await count("SELECT COUNT() FROM User WHERE IsActive = false")
        let frozen = try await count("SELECT COUNT() FROM UserLogin WHERE IsFrozen = true")
        let locked = try await count("SELECT COUNT() FROM UserLogin WHERE IsPasswordLocked = true")
        let sso = try await count("SELECT COUNT() FROM PermissionSetAssignment WHERE PermissionSet.PermissionsIsSsoEnabled = true")
        let integration = try await count("SELECT COUNT() FROM User WHERE Profile.Name = 'Salesforce API Only System Integrations'")
        let apiLogins = try await count("SELECT COUNT() FROM LoginHistory WHERE LoginType = 'Remote Access 2.0'")
        let portal = try await count("SELECT COUNT() FROM User WHERE ContactId != null AND IsPortalEnabled = true")
        let neverLoggedIn = try await count("SELECT COUNT() FROM User WHERE LastLoginDate = null")
        let recent = try await count("SELECT COUNT() FROM User WHERE CreatedDate >= 2026-11-15T09:30:00Z")
        // The default mix per thousand: 40 inactive, 20 frozen, 20 locked, 50 SSO, 20 integration, 50 Experience
        // Cloud, 50 never logged in, 30 created recently: of 3,000 users each share is there, roughly in proportion.
        for (share, perThousand) in [(inactive, 40), (frozen, 20), (locked, 20), (sso, 50), (integration, 20), (portal, 50), (recent, 30)] {
            #expect(share > perThousand * 3 / 2 && share < perThousand * 3 * 2, "\(share) vs \(perThousand)‰")
        }
        #expect(apiLogins >= integration)
        #expect(neverLoggedIn > 80 * 3 / 2, "never logged in and created recently: \(neverLoggedIn)")
        #expect(try await count("SELECT COUNT() FROM PermissionSetAssignment") == 6_000)
        #expect(try await count("SELECT COUNT() FROM UserLogin") == 3_000)
    }

    @Test func theSameSeedServesTheSameOrg() async throws {
        let first = try await RunningSimulator.generated(GeneratedUsers(count: 200, domains: 3, seed: 9))
        let second = try await RunningSimulator.generated(GeneratedUsers(count: 200, domains: 3, seed: 9))
        let other = try await RunningSimulator.generated(GeneratedUsers(count: 200, domains: 3, seed: 10))
        defer { Task { await first.stop(); await second.stop(); await other.stop() } }
        let soql = "SELECT Id FROM User WHERE IsActive = false OR LastLoginDate = null"
        let a = try await first.query(soql, token: try await first.login())
        let b = try await second.query(soql, token: try await second.login())
        let c = try await other.query(soql, token: try await other.login())
        #expect(a.body == b.body)
        #expect(a.body != c.body)
    }

    @Test func relatedRowsAreFoundByTheirUser() async throws {
        let sim = try await RunningSimulator.generated(Self.org)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let ids = [5, 1_234, 2_999].map(GeneratedUsers.userId)
        let list = ids.map(SOQL.quote).joined(separator: ", ")

        let users = try await sim.query("SELECT Id FROM User WHERE Id IN (\(list))", token: token)
        #expect(users.strings("Id") == ids)
        let logins = try await sim.query("SELECT Id FROM UserLogin WHERE UserId IN (\(list))", token: token)
        #expect(logins.strings("UserId") == ids)
        let grants = try await sim.query("SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId IN (\(list))", token: token)
        #expect(grants.strings("AssigneeId") == ids.flatMap { [$0, $0] })
        // The 15-character form of an Id finds the same user, as Salesforce's does.
        let short = try await sim.query("SELECT Id FROM User WHERE Id = '\(ids[1].prefix(15))'", token: token)
        #expect(short.strings("Id") == [ids[1]])
        #expect(try await sim.query("SELECT Id FROM User WHERE Id = '005GEN999999999AAA'", token: token).records.isEmpty)

        let reset = try await sim.client.send("DELETE", "\(sim.version)/sobjects/User/\(ids[0])/password",
                                              headers: ["Authorization": "Bearer \(token)"])
        #expect(reset.status == 200)
        #expect(sim.simulator.resets == [ids[0]])
    }

    /// A scan's login history: browser logins left out unless the user never logged in. On LoginHistory Salesforce
    /// filters only on a few fields (LoginType and UserId among them, not Status), and so does the simulator.
    @Test func loginHistoryFiltersOnItsFilterableFieldsOnly() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 400, domains: 3, seed: 11))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let ids = try await sim.query("SELECT Id FROM User", token: token).strings("Id")
        let never = try await sim.query("SELECT Id FROM User WHERE LastLoginDate = null", token: token).strings("Id")
        let window = "LoginTime >= 2026-10-01T00:00:00Z"
        let list = ids.map(SOQL.quote).joined(separator: ", ")
        let all = try await sim.query("SELECT Id FROM LoginHistory WHERE UserId IN (\(list)) AND \(window)", token: token).records
        let kept = try await sim.query(
            "SELECT Id FROM LoginHistory WHERE UserId IN (\(list)) AND \(window) AND (LoginType != 'Application' OR UserId IN (\(never.map(SOQL.quote).joined(separator: ", "))))",
            token: token)
        #expect(kept.status == 200, "\(kept.bodyText.prefix(300))")
        let expected = all.filter { $0["LoginType"] as? String != "Application" || never.contains($0["UserId"] as? String ?? "") }
        #expect(kept.strings("Id") == expected.compactMap { $0["Id"] as? String })
        #expect(!expected.isEmpty && expected.count < all.count / 2, "\(expected.count) of \(all.count)")

        for unfilterable in ["Status != 'Success'", "Application = 'Browser'", "SourceIp = '198.51.100.1'"] {
            let refused = try await sim.query("SELECT Id FROM LoginHistory WHERE \(unfilterable)", token: token)
            #expect(refused.status == 400 && refused.errorCode == "INVALID_FIELD", "\(unfilterable)")
            #expect(refused.bodyText.contains("can not be filtered"), "\(refused.bodyText)")
        }
        // Selected and grouped they are fine, as in Salesforce.
        let grouped = try await sim.query("SELECT Status, COUNT(Id) FROM LoginHistory WHERE \(window) GROUP BY Status", token: token)
        #expect(grouped.status == 200, "\(grouped.bodyText.prefix(300))")
    }

    @Test func aScenarioKeepsItsOwnUsersAndGainsGeneratedOnes() async throws {
        let simulator = try SalesforceSimulator(scenario: Fixtures.multiUser, generatedUsers: GeneratedUsers(count: 10))
        let sim = RunningSimulator(simulator: simulator, client: RawHTTPClient(port: try await simulator.start()))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let users = try await sim.query("SELECT Id FROM User", token: token)
        #expect(users.records.count == 14)
        #expect(users.strings("Username").contains("dana.ops@sim.example"))
    }

    @Test func impossibleOrgsAreRefused() {
        #expect(throws: SimulatorSetupError.self) {
            try SalesforceSimulator(scenario: nil, generatedUsers: GeneratedUsers(count: 10, domains: 0))
        }
        var mix = GeneratedUsers.Mix()
        mix.inactive = 2_000
        #expect(throws: SimulatorSetupError.self) {
            try SalesforceSimulator(scenario: nil, generatedUsers: GeneratedUsers(count: 10, mix: mix))
        }
    }

    @Test func commandLineGeneratesAndLimits() throws {
        let options = try #require(try SimulatorCommandLine.parse(
            ["--users", "100000", "--domains", "5000", "--seed", "7", "--as-of", "2026-12-01", "--api-limit", "500",
             "--api-usage", "450", "--latency-ms", "100"]))
        #expect(options.scenario == nil)
        #expect(options.generatedUsers?.count == 100_000 && options.generatedUsers?.domains == 5_000 && options.generatedUsers?.seed == 7)
        #expect(options.generatedUsers?.asOf == ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))
        #expect(options.limits == APILimits(daily: 500, used: 450))
        #expect(options.faults.latencyMilliseconds == 100)
        #expect(throws: SimulatorCommandLine.UsageError.self) { try SimulatorCommandLine.parse(["--port", "1"]) }
        #expect(throws: SimulatorCommandLine.UsageError.self) { try SimulatorCommandLine.parse(["--users", "-1"]) }
        #expect(throws: SimulatorCommandLine.UsageError.self) { try SimulatorCommandLine.parse(["--users", "5", "--as-of", "soon"]) }
    }
}
