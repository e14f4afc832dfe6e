import Foundation
import Salesforce
import SalesforceAPI
import SalesforceSimulator
import Testing

@Suite("SalesforceAPI client against the simulator: paging, limits, concurrency")
struct ClientPagingTests {
    @Test func pagesArriveOneAtATimeInSalesforceShape() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 4_500, domains: 10), pageSize: 1_000)
        defer { Task { await sim.stop() } }
        let client = sim.apiClient()

        var pages = try client.queryPages("SELECT Id, Username FROM User WHERE IsActive = true OR IsActive = false").makeAsyncIterator()
        #expect(sim.simulator.apiCallCount == 0, "nothing is fetched before the first page is asked for")
        var ids: [String] = []
        var sizes: [Int] = []
        while let page = try await pages.next() {
            #expect(sim.simulator.apiCallCount == page.index + 1, "one request a page, made when the page is asked for")
            #expect(page.totalSize == 4_500)
            let object = try #require(try JSONSerialization.jsonObject(with: page.body) as? [String: Any])
            #expect(object["done"] as? Bool == page.isLast)
            #expect((object["nextRecordsUrl"] as? String)?.hasPrefix("/services/data/v62.0/query/01g") ?? page.isLast)
            // Each page is a query result the bundle parsers read as they read a file.
            let users = try UserQuery.parse(page.standalone, file: "user.json page \(page.index)")
            sizes.append(users.count)
            ids += users.map(\.id)
        }
        #expect(sizes == [1_000, 1_000, 1_000, 1_000, 500])
        #expect(Set(ids).count == 4_500)
        #expect(sim.simulator.apiCallCount == 5)

        let merged = try await client.query("SELECT Id FROM User")
        #expect(try UserQuery.parse(merged, file: "user.json").count == 4_500)
        #expect(sim.simulator.apiCallCount == 10)
    }

    @Test func usageIsReportedAndTheDailyLimitStopsCalls() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 10), limits: APILimits(daily: 103, used: 100))
        defer { Task { await sim.stop() } }
        let client = sim.apiClient()
        _ = try await client.query("SELECT Id FROM User")
        #expect(client.apiUsage == APIUsage(used: 101, limit: 103))
        #expect(client.apiUsage?.remaining == 2)
        _ = try await client.query("SELECT Id FROM User")
        _ = try await client.query("SELECT Id FROM User")
        #expect(client.apiUsage == APIUsage(used: 103, limit: 103))
        do {
            _ = try await client.query("SELECT Id FROM User")
            Issue.record("a call past the daily limit was answered")
        } catch {
            #expect(error.errorCode == "REQUEST_LIMIT_EXCEEDED")
            #expect(error.exitCode == 69)
            #expect(error.problem.contains("api-usage 103/103"))
        }
        // Over the wire: 403 in Salesforce's error shape, the header still on it.
        let raw = try await sim.query("SELECT Id FROM User", token: try await sim.login())
        #expect(raw.status == 403)
        #expect(raw.errorCode == "REQUEST_LIMIT_EXCEEDED")
        #expect(raw.headers["sforce-limit-info"] == "api-usage=103/103")
    }

    @Test func requestsInFlightAreBoundedByTheClient() async throws {
        var faults = SimulatorFaults.none
        faults.latencyMilliseconds = 30  // so requests overlap; only counted, never timed
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 50), faults: faults)
        defer { Task { await sim.stop() } }
        let client = sim.apiClient(maxConcurrent: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask { _ = try await client.query("SELECT Id FROM User WHERE Id = \(SOQL.quote(GeneratedUsers.userId(index)))") }
            }
            try await group.waitForAll()
        }
        #expect(sim.simulator.apiCallCount == 12)
        #expect(sim.simulator.maxRequestsInFlight <= 3)
    }

    @Test func latencyChangesNoAnswerAndNoRequestCount() async throws {
        var faults = SimulatorFaults.none
        faults.latencyMilliseconds = 20
        let slow = try await RunningSimulator.generated(GeneratedUsers(count: 250), pageSize: 100, faults: faults)
        let fast = try await RunningSimulator.generated(GeneratedUsers(count: 250), pageSize: 100)
        defer { Task { await slow.stop(); await fast.stop() } }
        let soql = "SELECT Id, Username FROM User WHERE Username LIKE 'user1%'"
        let slowAnswer = try await slow.apiClient().query(soql)
        let fastAnswer = try await fast.apiClient().query(soql)
        #expect(slowAnswer == fastAnswer)
        #expect(slow.simulator.requestCount == fast.simulator.requestCount)
        #expect(slow.simulator.requestCount == 2, "111 users match: two pages of 100, no token request with an access token")
    }
}
