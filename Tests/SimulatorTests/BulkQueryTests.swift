import Foundation
import Salesforce
import SalesforceAPI
import SalesforceSimulator
import Testing

/// Records the waits between status checks instead of sleeping.
final class RecordedWaits: RetrySleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Double] = []
    var all: [Double] { lock.withLock { waits } }
    func sleep(seconds: Double) async { lock.withLock { waits.append(seconds) } }
}

@Suite("Bulk API 2.0 query jobs: simulator and client")
struct BulkQueryTests {
    @Test func aJobYieldsItsCSVSetByLocator() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 2_500, domains: 3))
        defer { Task { await sim.stop() } }
        let client = sim.apiClient()
        let waits = RecordedWaits()

        var sets: [BulkResultPage] = []
        for try await set in client.bulkQuery(
            "SELECT Id, Username, IsActive, Profile.Name, ContactId FROM User", maxRecords: 1_000,
            polling: BulkQueryPolling(delays: [0.5], sleeper: waits)) {
            sets.append(set)
        }
        #expect(sets.map(\.recordCount) == [1_000, 1_000, 500])
        #expect(sets.map(\.isLast) == [false, false, true])
        #expect(waits.all == [0.5], "the first status check said InProgress, the second JobComplete")
        // create, two status checks, three result sets
        #expect(sim.simulator.apiCallCount == 6)

        var rows: [[String]] = []
        for set in sets {
            let lines = String(decoding: set.csv, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == #""Id","Username","IsActive","Profile.Name","ContactId""#)
            #expect(lines.last == "", "LF after every line")
            rows += lines.dropFirst().dropLast().map { line in
                line.dropFirst().dropLast().components(separatedBy: "\",\"")
            }
        }
        #expect(rows.count == 2_500)
        #expect(Set(rows.map { $0[0] }).count == 2_500)
        #expect(rows[0] == [GeneratedUsers.userId(0), GeneratedUsers.username(0, domains: 3), rows[0][2], rows[0][3], rows[0][4]])
        #expect(Set(rows.map { $0[2] }) == ["true", "false"])
        #expect(Set(rows.map { $0[3] }).contains("Standard User"))
        #expect(rows.contains { $0[4].isEmpty } && rows.contains { $0[4].hasPrefix("003") }, "null is an empty field")
    }

    @Test func theWireShapesAreSalesforces() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 30))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let created = try await sim.client.send("POST", "\(sim.version)/jobs/query", headers: auth,
                                                body: Data(#"{"operation":"query","query":"SELECT Id FROM User WHERE IsActive = true"}"#.utf8))
        #expect(created.status == 200)
        let id = try #require(created.object?["id"] as? String)
        #expect(created.object?["state"] as? String == "UploadComplete")
        #expect(created.object?["object"] as? String == "User")
        #expect(created.object?["contentType"] as? String == "CSV")

        let early = try await sim.client.get("\(sim.version)/jobs/query/\(id)/results", token: token)
        #expect(early.status == 400, "results before JobComplete")
        #expect(try await sim.client.get("\(sim.version)/jobs/query/\(id)", token: token).object?["state"] as? String == "InProgress")
        let done = try await sim.client.get("\(sim.version)/jobs/query/\(id)", token: token)
        #expect(done.object?["state"] as? String == "JobComplete")
        let active = done.object?["numberRecordsProcessed"] as? Int ?? -1

        let first = try await sim.client.get("\(sim.version)/jobs/query/\(id)/results?maxRecords=10", token: token)
        #expect(first.headers["content-type"] == "text/csv")
        #expect(first.headers["sforce-numberofrecords"] == "10")
        let locator = try #require(first.headers["sforce-locator"])
        #expect(locator != "null")
        var seen = 10
        var next = locator
        while next != "null" {
            let set = try await sim.client.get("\(sim.version)/jobs/query/\(id)/results?locator=\(next)&maxRecords=10", token: token)
            seen += Int(set.headers["sforce-numberofrecords"] ?? "") ?? 0
            next = set.headers["sforce-locator"] ?? "null"
        }
        #expect(seen == active)
        // A locator stays valid while the job exists.
        let again = try await sim.client.get("\(sim.version)/jobs/query/\(id)/results?locator=\(locator)&maxRecords=10", token: token)
        #expect(again.status == 200)
        let bad = try await sim.client.get("\(sim.version)/jobs/query/\(id)/results?locator=bogus!", token: token)
        #expect(bad.status == 400)
        #expect(try await sim.client.send("DELETE", "\(sim.version)/jobs/query/\(id)", headers: auth).status == 204)
        #expect(try await sim.client.get("\(sim.version)/jobs/query/\(id)", token: token).status == 404)
    }

    @Test func whatBulkQueriesCannotRunIsRefused() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 30))
        defer { Task { await sim.stop() } }
        let client = sim.apiClient()
        let polling = BulkQueryPolling(sleeper: RecordedWaits())
        for soql in ["SELECT COUNT() FROM User", "SELECT UserId, MAX(LoginTime) FROM LoginHistory GROUP BY UserId",
                     "SELECT Id FROM User OFFSET 5", "SELECT Id FROM Nothing", "SELECT Id FROM User WHERE"] {
            do {
                for try await _ in client.bulkQuery(soql, polling: polling) {}
                Issue.record("\(soql) ran as a bulk job")
            } catch {
                #expect(error.exitCode == 65, "\(soql): \(error)")
            }
        }
    }
}

@Suite("Generated users carry the User fields the live source reads")
struct GeneratedFieldTests {
    @Test func everyUserFieldIsServed() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 200, domains: 2))
        defer { Task { await sim.stop() } }
        let fields = UserQuery.fields.components(separatedBy: ", ")
        var header = ""
        var rows = 0
        for try await set in sim.apiClient().bulkQuery("SELECT \(UserQuery.fields) FROM User", polling: BulkQueryPolling(sleeper: RecordedWaits())) {
            let lines = String(decoding: set.csv, as: UTF8.self).split(separator: "\n")
            header = String(lines.first ?? "")
            rows += lines.count - 1
        }
        #expect(header == fields.map { "\"\($0)\"" }.joined(separator: ","))
        #expect(rows == 200)
        // And the REST answer parses as user.json does.
        let users = try UserQuery.parse(try await sim.apiClient().query("SELECT \(UserQuery.fields) FROM User"), file: "user.json")
        #expect(users.count == 200)
        #expect(users.contains { $0.profileName == "Customer Community Plus User" && $0.contactId != nil })
    }
}
