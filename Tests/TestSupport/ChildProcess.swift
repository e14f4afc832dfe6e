import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn: an empty signal mask, default signal actions and its own process group.
/// (Swift Testing's threads block most signals; a child started with Foundation's Process would inherit that mask
/// and ignore SIGTERM; see build-notes.md.)
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
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var childPID: pid_t = 0
        let status = posix_spawn(&childPID, executable, &fileActions, &attributes, argv, environ)
        guard status == 0 else { throw SpawnError.failed(executable: executable, errno: status) }
        pid = childPID
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
