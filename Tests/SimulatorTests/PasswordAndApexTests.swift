import Foundation
import SalesforceSimulator
import Testing

@Suite("Simulator password resource and executeAnonymous")
struct PasswordAndApexTests {
    @Test func deleteResetsThePasswordAndGetReportsItExpired() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let path = "\(sim.version)/sobjects/User/005SIM0000000D1AAA/password"

        let before = try await sim.client.get(path, token: token)
        #expect(before.status == 200)
        #expect(before.object?["isExpired"] as? Bool == false)

        let reset = try await sim.client.send("DELETE", path, headers: ["Authorization": "Bearer \(token)"])
        #expect(reset.status == 200)
        let temporary = try #require(reset.object?["NewPassword"] as? String)
        #expect(temporary.count >= 8)
        #expect(sim.simulator.resets == ["005SIM0000000D1AAA"])

        let after = try await sim.client.get(path, token: token)
        #expect(after.object?["isExpired"] as? Bool == true)

        // The 15-character Id names the same user.
        let again = try await sim.client.send(
            "DELETE", "\(sim.version)/sobjects/User/005SIM0000000D1/password", headers: ["Authorization": "Bearer \(token)"])
        #expect(again.status == 200)
        #expect(sim.simulator.resets == ["005SIM0000000D1AAA", "005SIM0000000D1AAA"])
    }

    @Test func unknownUserIsNotFound() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let response = try await sim.client.send(
            "DELETE", "\(sim.version)/sobjects/User/005000000000404AAA/password", headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == 404)
        #expect(response.errorCode == "NOT_FOUND")
        #expect(sim.simulator.resets.isEmpty)
    }

    private func execute(_ sim: RunningSimulator, _ apex: String) async throws -> [String: Any] {
        let response = try await sim.client.get(
            "\(sim.version)/tooling/executeAnonymous/", query: "anonymousBody", apex, token: try await sim.login())
        #expect(response.status == 200)
        return response.object ?? [:]
    }

    @Test func deliverabilityProbeFailsUnlessAllEmail() async throws {
        let systemOnly = try await RunningSimulator.start(Fixtures.multiUser)  // level "system"
        defer { Task { await systemOnly.stop() } }
        let denied = try await execute(systemOnly, "Messaging.reserveSingleEmailCapacity(1);")
        #expect(denied["compiled"] as? Bool == true)
        #expect(denied["success"] as? Bool == false)
        #expect(denied["exceptionMessage"] as? String == "System.NoAccessException: The organization is not permitted to send email.")
        #expect(denied.keys.contains("compileProblem"), "every field is present, null when it does not apply")

        let allEmail = try await RunningSimulator.start(Fixtures.demo("bounced"))  // level "all"
        defer { Task { await allEmail.stop() } }
        let allowed = try await execute(allEmail, "Messaging.reserveSingleEmailCapacity(1);")
        #expect(allowed["success"] as? Bool == true)
        #expect(allowed["exceptionMessage"] is NSNull)
    }

    @Test func otherApexSucceeds() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let result = try await execute(sim, "System.debug('hello');")
        #expect(result["success"] as? Bool == true && result["compiled"] as? Bool == true)
    }
}
