import Foundation
import SharedBasics

/// What a finished command printed. `stdout` may hold a token: the description and mirror never show it.
public struct CommandOutput: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public var exitStatus: Int32
    public var stdout: Data
    public var stderr: Data

    public init(exitStatus: Int32, stdout: Data = Data(), stderr: Data = Data()) {
        self.exitStatus = exitStatus; self.stdout = stdout; self.stderr = stderr
    }

    public var description: String { "exit \(exitStatus), \(stdout.count) bytes on stdout, \(stderr.count) on stderr" }
    public var customMirror: Mirror { Mirror(self, children: ["exitStatus": exitStatus]) }
}

public enum CommandRunnerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The executable is not installed or not on PATH.
    case notFound(executable: String)
    case timedOut(executable: String, after: Double)
    case failed(executable: String, detail: String)

    public var description: String {
        switch self {
        case .notFound(let executable): "\(executable) is not installed or not on PATH"
        case .timedOut(let executable, let after): "\(executable) did not finish within \(after) s"
        case .failed(let executable, let detail): "\(executable) could not run: \(detail)"
        }
    }
}

/// Runs a local command (the Salesforce CLI): live through posix_spawn, or a recorded table in tests.
public protocol CommandRunner: Sendable {
    /// `executable` is looked up on PATH when it has no slash. Bounded by `timeout` seconds.
    func run(_ executable: String, _ arguments: [String], timeout: Double) async throws(CommandRunnerError) -> CommandOutput
}

/// A table of answers keyed by executable + arguments; records what was asked.
public final class RecordedCommandRunner: CommandRunner {
    private let answers: [[String]: Result<CommandOutput, CommandRunnerError>]
    private let asked = Locked<[[String]]>([])

    public init(_ answers: [[String]: Result<CommandOutput, CommandRunnerError>]) { self.answers = answers }

    /// Each invocation as [executable] + arguments, in order.
    public var invocations: [[String]] { asked.get() }

    public func run(_ executable: String, _ arguments: [String], timeout: Double) async throws(CommandRunnerError) -> CommandOutput {
        let key = [executable] + arguments
        asked.mutate { $0.append(key) }
        guard let answer = answers[key] else {
            throw .failed(executable: executable, detail: "no recorded answer for \(key.joined(separator: " "))")
        }
        return try answer.get()
    }
}
