#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way this package starts a child process: posix_spawnp with an empty signal mask and default signal actions
/// (the caller's threads may block signals, which a child would inherit: Swift Testing's do, and a child started with
/// Foundation's Process then ignores SIGTERM; see build-notes.md), in a process group of its own so that a timeout
/// or a stop kills it whole. `files` sets up its standard streams.
public enum CleanSpawn {
    /// The child's pid, or the errno posix_spawnp gave.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String],
        files: (inout posix_spawn_file_actions_t) -> Void
    ) -> Result<pid_t, SpawnFailure> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t(), allSignals = sigset_t()
        sigemptyset(&emptyMask)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        files(&actions)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        return status == 0 ? .success(pid) : .failure(SpawnFailure(errno: status))
    }

    /// A wait status as a shell reports it: the exit code, or 128 + the signal that ended the child.
    public static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// posix_spawnp's errno, with its text.
public struct SpawnFailure: Error, Sendable, Equatable {
    public var errno: Int32
    public var text: String { String(cString: strerror(errno)) }
}
