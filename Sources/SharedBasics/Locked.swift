import Foundation

/// A value behind a lock, for small shared state (tokens, counters, cursors, the latest API usage) read and written
/// from concurrent calls. (`Synchronization.Mutex` needs macOS 15; the package supports macOS 13.)
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    public func get() -> Value { withLock { $0 } }
    public func set(_ newValue: Value) { withLock { $0 = newValue } }
    public func mutate(_ change: (inout Value) -> Void) { withLock(change) }
}
