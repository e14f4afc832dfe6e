import Foundation

/// Live DNS through libldns.
///
/// Lookups run on dedicated threads (each with its own ldns resolver), at most `maxInFlight` at once (see
/// `LdnsWorkerPool` for why threads), and are bridged to async callers with continuations, so hundreds of lookups
/// are in flight at once without blocking Swift's cooperative pool. Answers are
/// cached for their TTL (negative answers for the SOA minimum, or `defaultNegativeTTL`); timeouts and failures are
/// never cached. Concurrent identical lookups share one query. A cancelled caller gets `.error("cancelled")` at once;
/// its thread finishes the query later and the answer only feeds the cache.
public final class LdnsResolver: DNSResolver, DNSTrustReporting, @unchecked Sendable {
    public enum NameserverChoice: Sendable, Equatable {
        /// The nameservers of a resolv.conf file (normally /etc/resolv.conf).
        case system(resolvConf: String)
        case address(NameserverAddress)

        public static let systemDefault = NameserverChoice.system(resolvConf: "/etc/resolv.conf")
    }

    public struct Configuration: Sendable {
        public var nameserver: NameserverChoice
        /// Seconds per try; fractions are allowed.
        public var timeout: Double
        /// Further tries after the first.
        public var retries: Int
        /// Queries in flight at once at most (one worker thread each, started on demand).
        public var maxInFlight: Int
        public var cacheEnabled: Bool
        /// How long NODATA/NXDOMAIN is kept when the reply carries no SOA.
        public var defaultNegativeTTL: UInt32

        public init(
            nameserver: NameserverChoice = .systemDefault, timeout: Double = 3, retries: Int = 1,
            maxInFlight: Int = LdnsResolver.defaultMaxInFlight, cacheEnabled: Bool = true, defaultNegativeTTL: UInt32 = 60
        ) {
            self.nameserver = nameserver
            self.timeout = timeout
            self.retries = retries
            self.maxInFlight = maxInFlight
            self.cacheEnabled = cacheEnabled
            self.defaultNegativeTTL = defaultNegativeTTL
        }
    }

    /// Hundreds, not a handful: a scan looks up thousands of recipient domains, each a few round trips deep.
    public static let defaultMaxInFlight = 256

    public let configuration: Configuration
    private let pool: LdnsWorkerPool
    private let clock: any DNSCacheClock
    private let state = LookupState()
    private let trust = ResolverTrust()

    public init(_ configuration: Configuration = Configuration(), clock: any DNSCacheClock = SystemDNSCacheClock())
        throws(LdnsResolverError)
    {
        let first = try LdnsQuerySession(configuration: configuration)  // a bad configuration fails here, at once
        self.configuration = configuration
        self.clock = clock
        nameserverDescription = first.nameserverDescription
        pool = LdnsWorkerPool(limit: configuration.maxInFlight, first: first) {
            try? LdnsQuerySession(configuration: configuration)
        }
    }

    /// `host[:port]` as given on the command line (`--nameserver`); nil means the system resolver.
    public convenience init(
        nameserver: String?, timeout: Double = 3, retries: Int = 1, maxInFlight: Int = LdnsResolver.defaultMaxInFlight
    ) throws(LdnsResolverError) {
        let choice = try nameserver.map { text throws(LdnsResolverError) in
            NameserverChoice.address(try NameserverAddress(parsing: text))
        }
        try self.init(Configuration(
            nameserver: choice ?? .systemDefault, timeout: timeout, retries: retries, maxInFlight: maxInFlight))
    }

    deinit { pool.shutDown(within: 0) }

    /// Stops the worker threads and waits (boundedly) for a query still running to end. Call it before the
    /// process exits; lookups made afterwards get no answer.
    public func shutDown() { pool.shutDown() }

    /// Worker threads started so far: never more than `configuration.maxInFlight`.
    public var workerThreads: Int { pool.threadCount }

    /// Queries sent to the server so far (a lookup through CNAMEs may send several); cache hits send none.
    public var queriesSent: Int { state.withLock { $0.queriesSent } }

    /// Why this resolver's answers cannot be trusted (it denies a public suffix, or sent a reply that does not
    /// answer its question); nil while nothing is wrong. See `ResolverTrust`.
    public var trustProblem: String? { trust.trustProblem }

    /// The nameserver(s) asked, for reports: "127.0.0.1:5300", or the system resolver's servers.
    public let nameserverDescription: String

    public nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        let key = DNSAnswerCache.Key(name: canonicalDomainName(name), type: type)
        if let problem = trust.trustProblem { return .unusable(problem) }
        if configuration.cacheEnabled, let cached = state.withLock({ $0.cache.answer(for: key, now: clock.now()) }) {
            return cached
        }
        let waiterID = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<DNSLookupResult, Never>) in
                enqueue(key, waiterID: waiterID, continuation: continuation)
            }
        } onCancel: {
            state.withLock { $0.cancel(waiterID) }?.resume(returning: .error("cancelled"))
        }
    }

    private func enqueue(
        _ key: DNSAnswerCache.Key, waiterID: UUID, continuation: CheckedContinuation<DNSLookupResult, Never>
    ) {
        let (startQuery, resumeCancelled) = state.withLock { state -> (Bool, Bool) in
            if state.cancelledEarly.remove(waiterID) != nil || Task.isCancelled { return (false, true) }
            let isNew = state.flights[key] == nil
            state.flights[key, default: [:]][waiterID] = continuation
            return (isNew, false)
        }
        if resumeCancelled { continuation.resume(returning: .error("cancelled")); return }
        guard startQuery else { return }
        let state = self.state
        let clock = self.clock
        let cacheEnabled = configuration.cacheEnabled
        let trust = self.trust
        pool.submit(LdnsWorkerPool.Job(
            isWanted: {
                state.withLock { state in
                    if state.flights[key]?.isEmpty ?? true {
                        state.flights[key] = nil  // every caller went away before the query started
                        return false
                    }
                    return true
                }
            },
            run: { session in
                let countQuery = { state.withLock { $0.queriesSent += 1 } }
                let outcome = trust.judge(
                    session.resolve(key.name, key.type, countQuery: countQuery), name: key.name, session: session,
                    countQuery: countQuery)
                let waiters = state.withLock { state in
                    if cacheEnabled { state.cache.store(outcome.result, ttl: outcome.cacheTTL, for: key, now: clock.now()) }
                    return state.flights.removeValue(forKey: key) ?? [:]
                }
                for waiter in waiters.values { waiter.resume(returning: outcome.result) }
            },
            abandon: {
                let waiters = state.withLock { $0.flights.removeValue(forKey: key) ?? [:] }
                for waiter in waiters.values { waiter.resume(returning: .error("the resolver was shut down")) }
            }))
    }
}

/// The resolver's shared mutable state, behind one lock.
private final class LookupState: @unchecked Sendable {
    struct Fields {
        var cache = DNSAnswerCache()
        /// Lookups in flight: the callers waiting on each.
        var flights: [DNSAnswerCache.Key: [UUID: CheckedContinuation<DNSLookupResult, Never>]] = [:]
        /// Callers cancelled before their continuation was registered.
        var cancelledEarly: Set<UUID> = []
        var queriesSent = 0

        mutating func cancel(_ waiterID: UUID) -> CheckedContinuation<DNSLookupResult, Never>? {
            for key in flights.keys {
                if let waiter = flights[key]?.removeValue(forKey: waiterID) { return waiter }
            }
            cancelledEarly.insert(waiterID)
            return nil
        }
    }

    private let lock = NSLock()
    private var fields = Fields()

    func withLock<T>(_ body: (inout Fields) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&fields)
    }
}
