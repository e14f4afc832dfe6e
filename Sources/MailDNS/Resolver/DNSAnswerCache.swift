import Foundation

/// The time source of the DNS cache, behind a protocol so tests can move time.
public protocol DNSCacheClock: Sendable {
    /// Seconds on a monotonic scale; only differences matter.
    func now() -> Double
}

/// The monotonic system clock.
public struct SystemDNSCacheClock: DNSCacheClock {
    public init() {}
    public func now() -> Double { ProcessInfo.processInfo.systemUptime }
}

/// A per-run cache of answers, each kept for its TTL. Not thread-safe: its owner holds the lock.
struct DNSAnswerCache {
    struct Key: Hashable {
        var name: String
        var type: DNSRecordType
    }

    private var entries: [Key: (result: DNSLookupResult, expires: Double)] = [:]

    mutating func answer(for key: Key, now: Double) -> DNSLookupResult? {
        guard let entry = entries[key] else { return nil }
        if entry.expires <= now {
            entries[key] = nil
            return nil
        }
        return entry.result
    }

    /// Only definite answers are kept: a timeout, SERVFAIL or error is asked again next time.
    mutating func store(_ result: DNSLookupResult, ttl: UInt32?, for key: Key, now: Double) {
        guard let ttl, ttl > 0, result.isDefinite else { return }
        entries[key] = (result, now + Double(ttl))
    }
}
