import Foundation
import MailDNS

/// Sender domains checked per second against a real nameserver (nsd on loopback), the resolver's cache off so every
/// run really queries: MX (with the exchanges' addresses) + SPF tree analysis + DMARC policy discovery per domain,
/// the three at once, and all domains at once.
enum DomainBench {
    struct Output: Codable {
        var figures: BenchFigures
        /// Median latency of one MX query, alone.
        var singleQueryMilliseconds: Double
        /// Median latency of one whole domain check, alone.
        var singleDomainCheckMilliseconds: Double
        /// singleDomainCheck / singleQuery: the sequential round trips one check costs.
        var roundTripsPerCheck: Double
        /// Median latency of one domain check whose lookups are forced to go one at a time: what it would cost
        /// without independent lookups in flight together.
        var serializedDomainCheckMilliseconds: Double
        /// Queries sent per domain check: what one check would cost in round trips if nothing overlapped.
        var queriesPerCheck: Double
        /// The same checks with `injectedLatencyMilliseconds` added to every lookup, as a distant nameserver would:
        /// loopback answers cost CPU more than waiting, so this is where overlap shows. A check then costs about
        /// (its chain of dependent lookups) × latency; one lookup at a time, (queries) × latency.
        var injectedLatencyMilliseconds: Double
        var checkWithLatencyMilliseconds: Double
        var serializedCheckWithLatencyMilliseconds: Double
        /// checkWithLatency / injectedLatency: the dependent round trips one check waits for.
        var roundTripsWithLatency: Double
        /// Sanity of the answers: how many domains came back with each part found.
        var domainsWithMailExchanges: Int
        var domainsWithSPFRecord: Int
        var domainsWithDMARCPolicy: Int
        var problems: [String]
    }

    struct DomainSummary: Sendable {
        var domain: String
        var acceptsMail: Bool?
        var spfFound: Bool
        var dmarcPolicy: String?
        var problem: String?
    }

    static func makeResolver(nameserver: String) throws -> LdnsResolver {
        let address = try NameserverAddress(parsing: nameserver)
        return try LdnsResolver(LdnsResolver.Configuration(
            nameserver: .address(address), timeout: 2, retries: 1, cacheEnabled: false))
    }

    static func check(_ domain: String, using resolver: any DNSResolver) async -> DomainSummary {
        async let mx = MailExchangeLookup(resolver: resolver).check(domain: domain)
        async let spf = SPFAnalyzer(resolver: resolver).analyze(domain: domain)
        async let dmarc = DMARCPolicyDiscoverer(resolver: resolver).discover(authorDomain: domain)
        let (route, analysis, discovery) = await (mx, spf, dmarc)
        let problem: String? =
            if case .unknown(let reason) = route.route { reason }
            else if case .dnsFailure(let reason) = analysis.tree.status { "SPF: \(reason)" }
            else { discovery.dnsFailure.map { "DMARC: \($0)" } }
        return DomainSummary(
            domain: domain, acceptsMail: route.acceptsMail, spfFound: analysis.tree.status == .found,
            dmarcPolicy: discovery.policy.map { "\($0)" }, problem: problem)
    }

    static func checkAll(_ domains: [String], using resolver: any DNSResolver) async -> [DomainSummary] {
        await withTaskGroup(of: DomainSummary.self) { group in
            for domain in domains { group.addTask { await check(domain, using: resolver) } }
            var summaries: [DomainSummary] = []
            for await summary in group { summaries.append(summary) }
            return summaries
        }
    }

    static func run(_ workload: DomainWorkload, nameserver: String) async throws -> Output {
        let resolver = try makeResolver(nameserver: nameserver)
        let domains = workload.checked

        // Latencies first, one thing at a time, after a few untimed queries warm the path.
        for domain in domains.prefix(5) { _ = await resolver.lookup(domain, .mx) }
        var queryTimes: [Double] = []
        for domain in domains + domains {
            queryTimes.append(await Timing.seconds { _ = await resolver.lookup(domain, .mx) })
        }
        var checkTimes: [Double] = []
        let sentBefore = resolver.queriesSent
        for domain in domains {
            checkTimes.append(await Timing.seconds { _ = await check(domain, using: resolver) })
        }
        let queriesPerCheck = Double(resolver.queriesSent - sentBefore) / Double(max(domains.count, 1))
        let oneAtATime = OneLookupAtATime(resolver)
        var serialTimes: [Double] = []
        for domain in domains {
            serialTimes.append(await Timing.seconds { _ = await check(domain, using: oneAtATime) })
        }

        let latency = 20.0
        let distant = DelayedResolver(resolver, milliseconds: latency)
        let sample = Array(domains.prefix(10))
        var distantTimes: [Double] = []
        for domain in sample { distantTimes.append(await Timing.seconds { _ = await check(domain, using: distant) }) }
        let distantOneAtATime = OneLookupAtATime(distant)
        var distantSerialTimes: [Double] = []
        for domain in sample {
            distantSerialTimes.append(await Timing.seconds { _ = await check(domain, using: distantOneAtATime) })
        }

        let summaries = await checkAll(domains, using: resolver)
        let figures = await Timing.measure("domains", operationsPerPass: domains.count) {
            _ = await checkAll(domains, using: resolver)
        }
        let query = Timing.median(queryTimes) * 1000, single = Timing.median(checkTimes) * 1000
        return Output(
            figures: figures, singleQueryMilliseconds: query, singleDomainCheckMilliseconds: single,
            roundTripsPerCheck: query > 0 ? single / query : 0,
            serializedDomainCheckMilliseconds: Timing.median(serialTimes) * 1000, queriesPerCheck: queriesPerCheck,
            injectedLatencyMilliseconds: latency, checkWithLatencyMilliseconds: Timing.median(distantTimes) * 1000,
            serializedCheckWithLatencyMilliseconds: Timing.median(distantSerialTimes) * 1000,
            roundTripsWithLatency: Timing.median(distantTimes) * 1000 / latency,
            domainsWithMailExchanges: summaries.filter { $0.acceptsMail == true }.count,
            domainsWithSPFRecord: summaries.filter(\.spfFound).count,
            domainsWithDMARCPolicy: summaries.filter { $0.dmarcPolicy != nil }.count,
            problems: summaries.compactMap { summary in summary.problem.map { "\(summary.domain): \($0)" } }.sorted())
    }
}

/// Lets one lookup through at a time (first come, first served), to time a check without overlapping lookups.
final class OneLookupAtATime: DNSResolver, @unchecked Sendable {
    private let inner: any DNSResolver
    private let lock = NSLock()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ inner: any DNSResolver) { self.inner = inner }

    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let enter = lock.withLock { () -> Bool in
                if busy { waiting.append(continuation); return false }
                busy = true
                return true
            }
            if enter { continuation.resume() }
        }
        let answer = await inner.lookup(name, type)
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiting.isEmpty { busy = false; return nil }
            return waiting.removeFirst()
        }
        next?.resume()
        return answer
    }
}

/// Waits `milliseconds` before each lookup: a nameserver one network round trip away.
struct DelayedResolver: DNSResolver {
    let inner: any DNSResolver
    let milliseconds: Double

    init(_ inner: any DNSResolver, milliseconds: Double) {
        self.inner = inner
        self.milliseconds = milliseconds
    }

    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        try? await Task.sleep(for: .milliseconds(milliseconds))
        return await inner.lookup(name, type)
    }
}
