import Foundation
import Testing

/// Colour and progress appear only on a terminal: run the binary under `script`, which gives it a pseudo-terminal.
@Suite(.serialized)
struct TerminalTests {
    static func underTerminal(_ arguments: String, environment: [String: String] = [:]) async throws -> BinaryRun {
        let command = "\(RunBinary.binaryPath) \(arguments)"
        return try await RunBinary.run(["-qec", command, "/dev/null"], environment: environment, executable: "/usr/bin/script")
    }

    @Test func colourAndProgressOnATerminal() async throws {
        let run = try await Self.underTerminal("diagnose --demo inactive-user", environment: ["TERM": "xterm"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\u{1B}["), "colour on a terminal")
        #expect(run.stdout.contains("Running checks"), "progress line on the terminal's stderr")
    }

    @Test func noColorDisablesColour() async throws {
        let run = try await Self.underTerminal("diagnose --demo inactive-user", environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(run.status == 1)
        let withoutProgress = run.stdout.replacingOccurrences(of: "\r\u{1B}[K", with: "")
        #expect(!withoutProgress.contains("\u{1B}["), "NO_COLOR: no colour")
    }

    @Test func jsonIsNeverColoured() async throws {
        let run = try await Self.underTerminal("diagnose --demo inactive-user --format json", environment: ["TERM": "xterm"])
        let withoutProgress = run.stdout.replacingOccurrences(of: "\r\u{1B}[K", with: "")
        #expect(!withoutProgress.contains("\u{1B}[3"), "no colour codes in JSON")
    }
}
