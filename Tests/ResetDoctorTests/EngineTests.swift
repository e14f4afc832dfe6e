import Foundation
import Testing
@testable import ResetDoctor

struct EngineTests {
    struct FixedCheck: Check {
        var id: String
        var title: String { id }
        var scope: CheckScope { .user }
        var codes: [FindingCode] { [] }
        var examples: [CheckExample] { [] }
        var body: @Sendable (Evidence) async throws -> CheckOutcome
        func run(_ evidence: Evidence) async throws -> CheckOutcome { try await body(evidence) }
    }
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    @Test func throwsAndTimeoutsBecomeUnknownInFixedOrder() async {
        let engine = Engine(checks: [
            FixedCheck(id: "slow") { _ in
                // Ignores cancellation on purpose: the engine must not wait for it.
                while true { try? await Task.sleep(for: .milliseconds(50)); if Task.isCancelled { break } }
                return .pass("never")
            },
            FixedCheck(id: "throws") { _ in throw Boom() },
            FixedCheck(id: "missing") { evidence in _ = try evidence.emailRelays.require(); return .pass("x") },
            FixedCheck(id: "ok") { _ in .pass("fine") },
        ], timeLimit: .milliseconds(300))
        var evidence = Evidence.healthyExample
        evidence.emailRelays = .missing(reason: "email-relays.json is not in the evidence")
        let results = await engine.run(evidence)
        #expect(results.map(\.id) == ["slow", "throws", "missing", "ok"])
        #expect(results.map(\.status) == [.unknown, .unknown, .unknown, .pass])
        #expect(results[0].reason.contains("did not finish"))
        #expect(results[1].reason.contains("boom"))
        #expect(results[2].reason == "email-relays.json is not in the evidence")
    }

    @Test func statusFollowsWorstFinding() {
        #expect(CheckOutcome.found([Finding(.userInactive, title: "x")], reason: "r").status == .fail)
        #expect(CheckOutcome.found([Finding(.userPasswordLocked, title: "x")], reason: "r").status == .warn)
        #expect(CheckOutcome.found([Finding(.logDelivered, title: "x")], reason: "r").status == .pass)
    }
}
