import ArgumentParser
import Foundation
import ResetDoctor

extension ReportFormat: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Report format: text, json or markdown.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Exit 1 when a finding at or above this level exists: warning or error (blockers only).", valueName: "warning|error"))
    var failOn: FailThreshold = .warning

    @Flag(help: "Mask addresses, names and usernames so the report can be shared.")
    var redact = false

    func renderOptions() -> RenderOptions {
        RenderOptions(color: format == .text && Terminal.wantsColor(fileDescriptor: STDOUT_FILENO), redact: redact, stableTimings: false)
    }
}

struct RulesOption: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of extra rule files (*.yaml) that add to or override the built-in rules.", valueName: "DIR"))
    var rules: String?

    func load() throws -> RuleBook {
        try CLIErrors.asDataError {
            let builtIn = try RuleBook.builtIn()
            guard let rules else { return builtIn }
            return try builtIn.adding(directory: rules)
        }
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org) or TERM is dumb.
    static func wantsColor(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }
}

/// "Running checks 7/19" on stderr, redrawn in place, only when stderr is a terminal (scripts get clean stderr).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    static func forStandardError() -> ProgressLine? { isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\rRunning checks \(done)/\(total)…".utf8))
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
