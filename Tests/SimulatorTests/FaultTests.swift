import Foundation
import SalesforceSimulator
import Testing

@Suite("Simulator fault injection")
struct FaultTests {
    private let userQuery = "SELECT Id FROM User"

    @Test func expiredSessionRevokesTheTokenAndANewOneWorks() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(expiredSessionCalls: 1))
        defer { Task { await sim.stop() } }
        let first = try await sim.login()
        let expired = try await sim.query(userQuery, token: first)
        #expect(expired.status == 401)
        #expect(expired.errorCode == "INVALID_SESSION_ID")
        #expect(try await sim.query(userQuery, token: first).status == 401, "the old token stays revoked")
        let second = try await sim.login()
        #expect(try await sim.query(userQuery, token: second).status == 200)
    }

    @Test func forbiddenObjectGets403WhileOthersAnswer() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(forbiddenObjects: ["EmailRelay", "User"]))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let relay = try await sim.query("SELECT Id FROM EmailRelay", token: token)
        #expect(relay.status == 403)
        #expect(relay.errorCode == "INSUFFICIENT_ACCESS")
        let reset = try await sim.client.send(
            "DELETE", "\(sim.version)/sobjects/User/005SIM0000000D1AAA/password", headers: ["Authorization": "Bearer \(token)"])
        #expect(reset.status == 403)
        #expect(sim.simulator.resets.isEmpty)
        #expect(try await sim.query("SELECT Id FROM LoginHistory", token: token).status == 200)
    }

    @Test func forbiddenEverywhere() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(forbiddenObjects: ["*"]))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        #expect(try await sim.query("SELECT Id FROM LoginHistory", token: token).status == 403)
        let apex = try await sim.client.get("\(sim.version)/tooling/executeAnonymous/?anonymousBody=x", token: token)
        #expect(apex.status == 403)
    }

    @Test func rateLimitedCallsCarryRetryAfterThenRecover() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(rateLimitedCalls: 2))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        for _ in 0..<2 {
            let limited = try await sim.query(userQuery, token: token)
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "1")
            #expect(limited.errorCode == "REQUEST_LIMIT_EXCEEDED")
        }
        #expect(try await sim.query(userQuery, token: token).status == 200)
        #expect(sim.simulator.faults.rateLimitedCalls == 0)
    }

    @Test func serverErrorsThenRecover() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(serverErrorCalls: 1))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let failed = try await sim.query(userQuery, token: token)
        #expect(failed.status == 500)
        #expect(failed.errorCode == "UNKNOWN_EXCEPTION")
        #expect(try await sim.query(userQuery, token: token).status == 200)
    }

    @Test func cutBodyAnnouncesMoreThanItSendsThenCloses() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(cutBodyCalls: 1))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let cut = try await sim.query(userQuery, token: token)
        #expect(cut.status == 200)
        #expect(cut.isCutOff)
        #expect(cut.json == nil, "half a JSON body does not parse")
        let whole = try await sim.query(userQuery, token: token)
        #expect(!whole.isCutOff)
        #expect(whole.records.count == 4)
        #expect(whole.body.count == whole.declaredLength)
    }

    @Test func latencyStillAnswers() async throws {
        // No timing assertion (the tests assert outcomes, never durations): a delayed answer is still complete.
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(latencyMilliseconds: 50))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        #expect(try await sim.query(userQuery, token: token).records.count == 4)
        #expect(sim.simulator.faults.latencyMilliseconds == 50)
    }

    @Test func faultsCanChangeWhileRunning() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        #expect(try await sim.query(userQuery, token: token).status == 200)
        sim.simulator.setFaults(SimulatorFaults(serverErrorCalls: 1))
        #expect(try await sim.query(userQuery, token: token).status == 500)
        #expect(try await sim.query(userQuery, token: token).status == 200)
    }

    @Test func countedFaultsSkipTheTokenEndpoint() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(rateLimitedCalls: 1, serverErrorCalls: 1))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        #expect(token.hasPrefix("00DSIM"))
        #expect(try await sim.query(userQuery, token: token).status == 500)
        #expect(try await sim.query(userQuery, token: token).status == 429)
        #expect(try await sim.query(userQuery, token: token).status == 200)
    }
}
