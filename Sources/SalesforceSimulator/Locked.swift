import Foundation

/// A value behind a lock, for the simulator's small mutable state (tokens, counters, cursors).
/// (`Synchronization.Mutex` needs macOS 15; the package supports macOS 13.)
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
