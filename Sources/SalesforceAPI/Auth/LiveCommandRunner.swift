import Foundation
import SharedBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command through `CleanSpawn` (clean signal state, its own process group, killed whole on timeout), stdin from /dev/null, stdout and stderr
/// captured through pipes, and a bounded wait. The child's environment is ours minus SF_ACCESS_TOKEN: a token is never
/// handed to another process.
public struct LiveCommandRunner: CommandRunner {
    /// Output beyond this is dropped (the CLI's JSON is a few kilobytes).
    public var maxOutputBytes: Int

    public init(maxOutputBytes: Int = 4 << 20) { self.maxOutputBytes = maxOutputBytes }

    public func run(_ executable: String, _ arguments: [String], timeout: Double) async throws(CommandRunnerError) -> CommandOutput {
        let limit = maxOutputBytes
        let result: Result<CommandOutput, CommandRunnerError> = await withCheckedContinuation { continuation in
            // Blocking waits run on their own thread, never on the cooperative pool.
            let thread = Thread {
                continuation.resume(returning: Self.runBlocking(executable, arguments, timeout: timeout, limit: limit))
            }
            thread.start()
        }
        return try result.get()
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], timeout: Double, limit: Int) -> Result<CommandOutput, CommandRunnerError> {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) else { return .failure(.failed(executable: executable, detail: "pipe: \(errnoText())")) }
        guard makePipe(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            return .failure(.failed(executable: executable, detail: "pipe: \(errnoText())"))
        }

        // A token is never handed to another process.
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != EnvironmentTokenProvider.tokenVariable }
        let spawned = CleanSpawn.spawn(executable, arguments: arguments, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        }
        close(outPipe[1]); close(errPipe[1])
        let pid: pid_t
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure):
            close(outPipe[0]); close(errPipe[0])
            if failure.errno == ENOENT { return .failure(.notFound(executable: executable)) }
            return .failure(.failed(executable: executable, detail: failure.text))
        }

        let deadline = Date().addingTimeInterval(timeout)
        var stdout = Data(), stderr = Data()
        var open: [(fd: Int32, isOut: Bool)] = [(outPipe[0], true), (errPipe[0], false)]
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { timedOut = true; break }
            var fds = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for (index, entry) in fds.enumerated().reversed() where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    let chunk = buffer[0..<count]
                    if open[index].isOut { if stdout.count < limit { stdout.append(contentsOf: chunk) } }
                    else if stderr.count < limit { stderr.append(contentsOf: chunk) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(entry.fd)
                    open.remove(at: index)
                }
            }
        }
        open.forEach { close($0.fd) }
        if timedOut { kill(-pid, SIGKILL) }
        var exit: Int32 = 0
        // Bounded: after EOF on both pipes (or SIGKILL) the child is gone or about to be.
        let reapDeadline = Date().addingTimeInterval(timedOut ? 5 : max(5, deadline.timeIntervalSinceNow))
        while waitpid(pid, &exit, WNOHANG) == 0 {
            if Date() > reapDeadline { kill(-pid, SIGKILL); timedOut = true; _ = waitpid(pid, &exit, 0); break }
            usleep(5_000)
        }
        if timedOut {
            stdout.resetBytes(in: 0..<stdout.count)
            return .failure(.timedOut(executable: executable, after: timeout))
        }
        let code = CleanSpawn.exitCode(exit)
        if code == 127 && stdout.isEmpty && stderr.isEmpty { return .failure(.notFound(executable: executable)) }
        return .success(CommandOutput(exitStatus: code, stdout: stdout, stderr: stderr))
    }

    /// A pipe whose ends close on exec (pipe2 is not visible from Swift's Glibc), so other children never inherit them.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
