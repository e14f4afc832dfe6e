import Foundation
import SharedBasics
#if canImport(Glibc)
import Glibc
#endif

/// What one run of the built `resetdoctor` printed and how it exited.
struct BinaryRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum RunBinary {
    /// The `resetdoctor` built beside the test bundle (same scratch path), or $RESETDOCTOR_BIN.
    static var binaryPath: String {
        if let override = ProcessInfo.processInfo.environment["RESETDOCTOR_BIN"] { return override }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the runner is .build/debug/XPackageTests.xctest; on macOS it sits inside a bundle.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("resetdoctor").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("resetdoctor").path
    }

    /// Runs the binary and waits for it on a thread of its own, never on one of the cooperative pool's: on two cores the
    /// pool has two threads, and tests blocking them while a child runs starved every other test's awaits (an nsd
    /// readiness probe waited 30 s for a thread in CI).
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    currentDirectory: String? = nil, executable: String? = nil, timeout: TimeInterval = 60) async throws -> BinaryRun {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BinaryRun, Error>) in
            let thread = Thread {
                continuation.resume(with: Result {
                    try runBlocking(arguments, input: input, environment: environment, currentDirectory: currentDirectory,
                                    executable: executable, timeout: timeout)
                })
            }
            thread.start()
        }
    }

    /// Runs the binary through `CleanSpawn`, stdout and stderr to temp files, stdin from `input`.
    /// The wait is bounded: after `timeout` the child is killed and the run reports status 137.
    /// Blocks its thread: call it only from a thread of one's own (a test server's handler), never from a task.
    static func runBlocking(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                            currentDirectory: String? = nil, executable: String? = nil, timeout: TimeInterval = 60) throws -> BinaryRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rd-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdinPath = scratch.appendingPathComponent("stdin").path
        let stdoutPath = scratch.appendingPathComponent("stdout").path
        let stderrPath = scratch.appendingPathComponent("stderr").path
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: stdinPath))

        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        // Glibc's Swift overlay lacks posix_spawn_file_actions_addchdir_np: start through `env -C DIR` instead.
        let binary = executable ?? binaryPath
        let command = currentDirectory.map { ["/usr/bin/env", "-C", $0, binary] } ?? [binary]
        let spawned = CleanSpawn.spawn(command[0], arguments: Array(command.dropFirst()) + arguments, environment: env) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let pid: pid_t
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure): throw POSIXError(POSIXErrorCode(rawValue: failure.errno) ?? .EIO)
        }

        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var exitStatus: Int32 = 137
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                exitStatus = CleanSpawn.exitCode(status)
                break
            }
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return BinaryRun(status: exitStatus, stdout: out, stderr: err)
    }
}
