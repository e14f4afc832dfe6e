import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ResetLedger {
    /// The lock file beside the ledger: `resets.json.lock`. It is never removed (removing a lock file another
    /// process is waiting on would let two processes hold "the" lock at once); it stays empty.
    public var lockFile: URL { file.deletingLastPathComponent().appendingPathComponent(Self.fileName + ".lock") }

    /// Runs `body` holding an exclusive flock(2) on `lockFile`, so read-check-send-record is one step across every
    /// resetdoctor process sharing this ledger: of several concurrent resets of one user exactly one is sent.
    /// Waits at most `wait` seconds for another holder; then throws `LedgerError` saying so. The kernel releases
    /// the lock when the process dies, so a crashed run never leaves it held.
    public func exclusively<T>(wait: TimeInterval, _ body: () async throws -> T) async throws -> T {
        let fd = try openLockFile()
        defer { close(fd) }  // closing the descriptor releases the lock
        let started = Date()
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EINTR else {
                throw LedgerError(path: lockFile.path, problem: "could not lock it (\(String(cString: strerror(failure))))")
            }
            guard Date().timeIntervalSince(started) < wait else { throw LedgerError.busy(lockFile.path, waited: wait) }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return try await body()
    }

    private func openLockFile() throws(LedgerError) -> Int32 {
        let folder = file.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        catch { throw LedgerError(path: folder.path, problem: "could not create the folder (\(error.localizedDescription))") }
        let fd = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw LedgerError(path: lockFile.path, problem: "could not open it (\(String(cString: strerror(errno))))") }
        return fd
    }
}

extension LedgerError {
    /// Another resetdoctor held the ledger's lock for the whole wait.
    static func busy(_ path: String, waited: TimeInterval) -> LedgerError {
        LedgerError(path: path, problem: "another resetdoctor reset held its lock for \(Int(waited.rounded())) s", isBusy: true)
    }
}
