import Foundation
import SharedBasics

#if canImport(Glibc)
import Glibc
#endif

/// A child process (a server a test starts) started through `CleanSpawn`, stopped with its whole process group.
final class ChildProcess: @unchecked Sendable {
    enum SpawnError: Error, CustomStringConvertible {
        case failed(executable: String, errno: Int32)
        var description: String {
            switch self {
            case .failed(let executable, let code): return "posix_spawn \(executable) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    let pid: pid_t
    private(set) var exitStatus: Int32?

    /// Starts `executable` with `arguments`; stdout and stderr go to `outputPath`.
    init(executable: String, arguments: [String], outputPath: String) throws {
        let spawned = CleanSpawn.spawn(executable, arguments: arguments, environment: ProcessInfo.processInfo.environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure): throw SpawnError.failed(executable: executable, errno: failure.errno)
        }
    }

    /// Whether the child is still running (reaps it when it has exited).
    var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result == -1 {
            exitStatus = status
            return false
        }
        return true
    }

    /// SIGTERM to the whole process group, then SIGKILL if it is still there after `grace` seconds. Bounded.
    func stop(grace: Double = 3) {
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning {
            kill(-pid, SIGKILL)
            let killDeadline = Date().addingTimeInterval(2)
            while isRunning && Date() < killDeadline { usleep(10_000) }
        } else {
            kill(-pid, SIGKILL)  // nsd's own children, should any outlive the parent
        }
    }
}
