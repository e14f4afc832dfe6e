import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `resetdoctor reset` has done, so a second reset of the same user within a short window needs `--force`.
/// It holds only ids and times: {orgId, userId, at}. One JSON file, written atomically with mode 0600, in
/// $RESETDOCTOR_STATE_DIR, else $XDG_STATE_HOME/resetdoctor, else ~/.local/state/resetdoctor.
public struct ResetLedger: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var orgId: String
        public var userId: String
        public var at: Date
        public init(orgId: String, userId: String, at: Date) { self.orgId = orgId; self.userId = userId; self.at = at }
    }

    /// Entries older than this are dropped when the ledger is written: it guards a short window, not history.
    static let keep: TimeInterval = 30 * 86_400
    public static let fileName = "resets.json"

    public var file: URL

    public init(file: URL) { self.file = file }

    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let folder: URL
        if let state = environment["RESETDOCTOR_STATE_DIR"], !state.isEmpty {
            folder = URL(fileURLWithPath: state)
        } else if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            folder = URL(fileURLWithPath: xdg).appendingPathComponent("resetdoctor")
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            folder = URL(fileURLWithPath: home).appendingPathComponent(".local/state/resetdoctor")
        }
        return folder.appendingPathComponent(fileName)
    }

    /// Every entry; an absent file is an empty ledger. A file that does not parse is an error: silently starting
    /// afresh would disable the double-reset guard.
    public func entries() throws(LedgerError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(Ledger.self, from: data).resets }
        catch { throw LedgerError(path: file.path, problem: "it is not a reset ledger (\(error))") }
    }

    /// The latest reset of `userId` in `orgId`, if any.
    public func lastReset(orgId: String, userId: String) throws(LedgerError) -> Entry? {
        try entries().filter { $0.orgId == orgId && SalesforceId.same($0.userId, userId) }.max { $0.at < $1.at }
    }

    /// Adds `entry` and rewrites the file atomically (temporary file with mode 0600, then rename).
    public func record(_ entry: Entry) throws(LedgerError) {
        try write(try entries().filter { entry.at.timeIntervalSince($0.at) < Self.keep } + [entry])
    }

    /// Takes `entry` out again (the file keeps whole seconds, so `at` matches to the second). A bulk reset records
    /// each reset before sending it, so a crash after the send cannot lose it, and removes it when the org refused.
    public func remove(_ entry: Entry) throws(LedgerError) {
        try write(try entries().filter { !($0.orgId == entry.orgId && $0.userId == entry.userId && abs($0.at.timeIntervalSince(entry.at)) < 1) })
    }

    private func write(_ resets: [Entry]) throws(LedgerError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(Ledger(resets: resets)) }
        catch { throw LedgerError(path: file.path, problem: "could not encode it (\(error))") }
        try writeAtomically(data)
    }

    private func writeAtomically(_ data: Data) throws(LedgerError) {
        let folder = file.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        catch { throw LedgerError(path: folder.path, problem: "could not create the folder (\(error.localizedDescription))") }
        let temporary = folder.appendingPathComponent(".\(Self.fileName).\(getpid()).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LedgerError(path: temporary, problem: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary, file.path) == 0 else {
            let problem = String(cString: strerror(errno))
            unlink(temporary)
            throw LedgerError(path: file.path, problem: "could not write it (\(problem))")
        }
    }

    private struct Ledger: Codable { var resets: [Entry] }
}

/// The reset ledger cannot be read or written. The reset is not sent (or, after sending, the admin is told).
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String
    /// Another process held the ledger's lock too long: nothing is wrong with the file, so try again later.
    public var isBusy: Bool

    public init(path: String, problem: String, isBusy: Bool = false) {
        self.path = path; self.problem = problem; self.isBusy = isBusy
    }

    /// 75 (EX_TEMPFAIL) when another reset held the lock, else 73 (EX_CANTCREAT): the ledger cannot be used.
    public var exitCode: Int32 { isBusy ? 75 : 73 }

    public var description: String {
        if isBusy {
            return "\(problem) (\(path)), so nothing was sent. Wait for the other reset to finish and run again: it will see that reset"
        }
        return "the reset ledger \(path) cannot be used: \(problem). Fix or remove the file, or point RESETDOCTOR_STATE_DIR at a writable folder"
    }
}
