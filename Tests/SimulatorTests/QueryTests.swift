import Foundation
import SalesforceAPI
import SalesforceSimulator
import Testing

@Suite("Simulator SOQL queries over HTTP")
struct QueryTests {
    @Test func usersByUsernameEmailAndId() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let byUsername = try await sim.query(
            "SELECT Id, Username, Email FROM User WHERE Username = 'DANA.OPS@sim.example'", token: token)
        #expect(byUsername.status == 200)
        #expect(byUsername.strings("Id") == ["005SIM0000000D1AAA"])
        #expect(byUsername.object?["totalSize"] as? Int == 1)
        #expect(byUsername.object?["done"] as? Bool == true)
        // Every field of the record comes back, attributes and relationship objects included.
        let record = try #require(byUsername.records.first)
        #expect((record["attributes"] as? [String: Any])?["type"] as? String == "User")
        #expect((record["Profile"] as? [String: Any])?["Name"] as? String == "Standard User")

        let byEmail = try await sim.query("SELECT Id FROM User WHERE Email = 'ivan@sim.example'", token: token)
        #expect(byEmail.strings("Username") == ["ivan.gone@sim.example"])
        let byShortId = try await sim.query("SELECT Id FROM User WHERE Id = '005SIM0000000I1'", token: token)
        #expect(byShortId.strings("Username") == ["ivan.gone@sim.example"])
        let byList = try await sim.query(
            "SELECT Id FROM User WHERE Id IN ('005SIM0000000D1AAA', '005SIM0000000I1AAA') AND IsActive = false", token: token)
        #expect(byList.strings("Username") == ["ivan.gone@sim.example"])
    }

    /// The proof the brief asks for: a username with a quote and a backslash is found only through a properly
    /// escaped literal, and the decoy holding the escapes literally is found only through its own escaping.
    @Test func quoteAndBackslashAreMatchedOnlyWhenEscapedProperly() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let username = #"o'brien\ops@sim.example"#

        let escaped = try await sim.query(#"SELECT Id FROM User WHERE Username = 'o\'brien\\ops@sim.example'"#, token: token)
        #expect(escaped.status == 200)
        #expect(escaped.strings("Username") == [username])
        #expect(escaped.strings("Id") == ["005SIM0000000Q1AAA"])

        let quoted = try await sim.query("SELECT Id FROM User WHERE Username = \(SOQL.quote(username))", token: token)
        #expect(quoted.strings("Id") == ["005SIM0000000Q1AAA"], "SalesforceAPI's SOQL.quote and the simulator agree")

        let decoy = try await sim.query(#"SELECT Id FROM User WHERE Username = 'o\\\'brien\\\\ops@sim.example'"#, token: token)
        #expect(decoy.strings("Id") == ["005SIM0000000Q2AAA"])

        for wrong in [
            #"SELECT Id FROM User WHERE Username = 'o'brien\ops@sim.example'"#,     // bare quote
            #"SELECT Id FROM User WHERE Username = 'o\'brien\ops@sim.example'"#,    // backslash not doubled: \o
            #"SELECT Id FROM User WHERE Username = 'o''brien\\ops@sim.example'"#,   // SQL-style doubled quote
        ] {
            let response = try await sim.query(wrong, token: token)
            #expect(response.status == 400, "\(wrong)")
            #expect(response.errorCode == "MALFORMED_QUERY", "\(wrong)")
            let message = (response.json as? [[String: Any]])?.first?["message"] as? String ?? ""
            #expect(!message.isEmpty)
        }
    }

    @Test func relatedRecordsByUserAndDate() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let login = try await sim.query("SELECT Id, IsFrozen FROM UserLogin WHERE UserId = '005SIM0000000I1AAA'", token: token)
        #expect(login.records.map { $0["IsFrozen"] as? Bool } == [true])

        let permissions = try await sim.query(
            "SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '005SIM0000000D1AAA'", token: token)
        #expect(permissions.records.count == 2)
        let sso = try await sim.query(
            "SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '005SIM0000000I1AAA' AND PermissionSet.PermissionsIsSsoEnabled = true",
            token: token)
        #expect(sso.records.count == 1)

        let audit = try await sim.query(
            "SELECT Id, Action FROM SetupAuditTrail WHERE CreatedDate >= 2026-11-15T09:30:00Z ORDER BY CreatedDate ASC", token: token)
        #expect(audit.strings("Action") == ["changedemail", "resetpassword"])

        let history = try await sim.query(
            "SELECT Id FROM LoginHistory WHERE UserId = '005SIM0000000D1AAA' AND LoginTime >= 2026-11-17T00:00:00Z ORDER BY LoginTime DESC LIMIT 3",
            token: token)
        #expect(history.strings("LoginTime") == [
            "2026-11-21T10:00:00.000+0000", "2026-11-20T10:00:00.000+0000", "2026-11-19T10:00:00.000+0000",
        ])

        let relays = try await sim.query("SELECT Id, Host FROM EmailRelay", token: token)
        #expect(relays.strings("Host") == ["smtp.sim.example"])
        let filters = try await sim.query("SELECT Id FROM EmailDomainFilter WHERE IsActive = true", token: token)
        #expect(filters.records.count == 1)
        let keys = try await sim.query("SELECT Id FROM EmailDomainKey", token: token)
        #expect(keys.status == 200 && keys.records.isEmpty)

        // `_` is one character: o'brien matches, the decoy's o\'brien (two characters) does not.
        let like = try await sim.query("SELECT Id FROM User WHERE Username LIKE 'O_BRIEN%'", token: token)
        #expect(like.strings("Id") == ["005SIM0000000Q1AAA"])
    }

    @Test func bundleRowsWithoutAssigneeIdBelongToTheSubject() async throws {
        let sim = try await RunningSimulator.start(Fixtures.demo("bounced"))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let mine = try await sim.query(
            "SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '0055e000009Ab05QAA'", token: token)
        #expect(mine.records.count == 2)
        let others = try await sim.query(
            "SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '005000000000001AAA'", token: token)
        #expect(others.records.isEmpty)
        #expect(mine.records.allSatisfy { $0["AssigneeId"] == nil }, "implicit fields match but are not returned")
    }

    @Test func organizationComesFromTheManifest() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let org = try await sim.query("SELECT Id, Name, IsSandbox, InstanceName FROM Organization", token: token, tooling: true)
        let record = try #require(org.records.first)
        #expect(record["Id"] as? String == "00DSIM000000001AAA")
        #expect(record["Name"] as? String == "Simulated Sandbox")
        #expect(record["IsSandbox"] as? Bool == true)
        #expect(record["InstanceName"] as? String == "CS99")
    }

    @Test func unknownObjectIsInvalidType() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await sim.query("SELECT Id FROM Account", token: try await sim.login())
        #expect(response.status == 400)
        #expect(response.errorCode == "INVALID_TYPE")
    }

    @Test func paginationServesEveryPageThroughNextRecordsUrl() async throws {
        let sim = try await RunningSimulator.start(pageSize: 2)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        var response = try await sim.query("SELECT Id FROM LoginHistory ORDER BY LoginTime DESC", token: token)
        var ids = response.strings("Id")
        var pages = 1
        #expect(response.object?["totalSize"] as? Int == 6)
        while response.object?["done"] as? Bool == false, pages < 10 {
            let next = try #require(response.object?["nextRecordsUrl"] as? String)
            #expect(next.hasPrefix("/services/data/v62.0/query/01gSIM"))
            response = try await sim.client.get(next, token: token)
            #expect(response.status == 200)
            #expect(response.records.count <= 2)
            ids += response.strings("Id")
            pages += 1
        }
        #expect(pages == 3)
        #expect(ids == (1...6).map { "0YaSIM00000000\($0)AAA" })
        #expect(response.object?["nextRecordsUrl"] == nil)

        let bogus = try await sim.client.get("/services/data/v62.0/query/01gSIM999999999-2", token: token)
        #expect(bogus.errorCode == "INVALID_QUERY_LOCATOR")
    }

    @Test func toolingQueriesPaginateUnderTooling() async throws {
        let sim = try await RunningSimulator.start(pageSize: 4)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let first = try await sim.query("SELECT Id FROM LoginHistory", token: token, tooling: true)
        let next = try #require(first.object?["nextRecordsUrl"] as? String)
        #expect(next.hasPrefix("/services/data/v62.0/tooling/query/01gSIM") && next.hasSuffix("-4"))
        let second = try await sim.client.get(next, token: token)
        #expect(second.records.count == 2 && second.object?["done"] as? Bool == true)
    }

    @Test func everyResponseCountsAPIUsage() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let first = try await sim.query("SELECT Id FROM User", token: token)
        let second = try await sim.query("SELECT Id FROM Nope", token: token)
        #expect(first.headers["sforce-limit-info"] == "api-usage=1/15000")
        #expect(second.headers["sforce-limit-info"] == "api-usage=2/15000")
        #expect(sim.simulator.apiCallCount == 2)
    }
}
