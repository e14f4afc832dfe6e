import Foundation
import MailDNS

/// A resolver that holds every lookup until the test releases it, so a test can see which lookups are waiting at
/// the same time: what is in flight together is what costs one round trip. Answers come from `inner`.
final class LookupRoundGate: DNSResolver, @unchecked Sendable {
    private let inner: any DNSResolver
    private let lock = NSLock()
    private var waiting: [(key: String, continuation: CheckedContinuation<Void, Never>)] = []
    private var isOpen = false

    init(_ inner: any DNSResolver) { self.inner = inner }

    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        await withCheckedContinuation { continuation in
            let passes = lock.withLock { () -> Bool in
                if !isOpen { waiting.append(("\(name) \(type.rawValue)", continuation)) }
                return isOpen
            }
            if passes { continuation.resume() }
        }
        return await inner.lookup(name, type)
    }

    /// Waits (up to `seconds`) until exactly `expected` lookups are held, then lets them all go. Returns the held
    /// lookups ("name TYPE", sorted): equal to `expected` unless the deadline passed first.
    func release(_ expected: Set<String>, within seconds: Double = 5) async -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Set(heldKeys()) != expected && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let released = lock.withLock { () -> [(key: String, continuation: CheckedContinuation<Void, Never>)] in
            defer { waiting.removeAll() }
            return waiting
        }
        released.forEach { $0.continuation.resume() }
        return released.map(\.key).sorted()
    }

    /// Lets every held and later lookup through, so a walk that went another way than expected still ends.
    func open() {
        let held = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            isOpen = true
            defer { waiting.removeAll() }
            return waiting.map(\.continuation)
        }
        held.forEach { $0.resume() }
    }

    private func heldKeys() -> [String] { lock.withLock { waiting.map(\.key) } }
}
