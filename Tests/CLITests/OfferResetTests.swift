import Foundation
import Testing

/// `diagnose USER --offer-reset`: offered only on a terminal, after the same guard as `reset`.
@Suite("diagnose --offer-reset through the simulator", .serialized)
struct OfferResetTests {
    static let priya = "priya.natarajan@acme.example"

    static func environment(_ sim: LiveSim) async throws -> [String: String] {
        var environment = try await sim.tokenEnvironment()
        environment["RESETDOCTOR_STATE_DIR"] = LiveScenario.scratch("state").path
        environment["TERM"] = "xterm"
        return environment
    }

    @Test("without a terminal the reset is not offered and nothing is reset")
    func noTerminalNoOffer() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let run = try await RunBinary.run(["diagnose", Self.priya, "--no-dns", "--offer-reset"], environment: try Self.environment(sim))
        #expect([0, 1, 2].contains(run.status), "the report's own exit code; \(run.stderr)")
        #expect(run.stdout.contains("general.check-spam"), "the report is printed first")
        #expect(run.stderr.contains("Not offering a reset") && run.stderr.contains("--yes"))
        #expect(run.stderr.contains("org API usage") && run.stderr.contains("/15000"), "Sforce-Limit-Info is reported")
        #expect(LiveSimResets.count(in: sim) == 0, "\(sim.log)")
    }

    @Test("on a terminal, answering y sends the reset once")
    func terminalConfirmation() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("in-spam"))
        defer { sim.stop() }
        let command = "\(RunBinary.binaryPath) diagnose \(Self.priya) --no-dns --offer-reset"
        let run = try await RunBinary.run(["-qec", command, "/dev/null"], input: "y\n", environment: try Self.environment(sim),
                                    executable: "/usr/bin/script")
        #expect(run.stdout.contains("Reset sent"), "\(run.stdout)")
        #expect(LiveSimResets.count(in: sim) == 1, "\(sim.log)")
    }

    @Test("--offer-reset acts now, so it refuses --as-of")
    func offerResetRefusesAsOf() async throws {
        let run = try await RunBinary.run(["diagnose", Self.priya, "--offer-reset", "--as-of", "2026-11-22T09:30:00Z"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--as-of"))
    }

    @Test("a blocker means no offer, even on a terminal")
    func blockerRefuses() async throws {
        let sim = try LiveSim(scenario: LiveScenario.demo("inactive-user"))
        defer { sim.stop() }
        let command = "\(RunBinary.binaryPath) diagnose tom.becker@acme.example --no-dns --offer-reset"
        let run = try await RunBinary.run(["-qec", command, "/dev/null"], input: "y\n", environment: try Self.environment(sim),
                                    executable: "/usr/bin/script")
        #expect(run.stdout.contains("Not offering a reset") && run.stdout.contains("user.inactive"), "\(run.stdout)")
        #expect(LiveSimResets.count(in: sim) == 0, "\(sim.log)")
    }
}
