import Foundation
import MailDNS

/// SPF check_host() evaluations per second against an in-memory resolver, one evaluation after another.
enum SPFBench {
    struct Output: Codable {
        var figures: BenchFigures
        /// check_host() result per case, in workload order (bench_peers.py compares these with pyspf's).
        var results: [String]
        /// Cases whose result differs from the workload's expectation.
        var unexpected: [String]
        /// Mean DNS-querying terms per evaluation, as the evaluator counts them.
        var meanDNSLookups: Double
        /// Mean resolver calls per evaluation (TXT, MX, A, AAAA …), counted by a wrapper outside the timed runs.
        var meanResolverCalls: Double
    }

    static func resolver(for workload: SPFWorkload) -> InMemoryResolver {
        var answers: [String: [DNSRecordType: DNSLookupResult]] = [:]
        for (name, set) in workload.dns {
            var byType: [DNSRecordType: DNSLookupResult] = [:]
            func add(_ type: DNSRecordType, _ records: [DNSRecord]) {
                if !records.isEmpty { byType[type] = .records(records, ttl: 300, cnameChain: []) }
            }
            add(.txt, (set.TXT ?? []).map { DNSRecord.txt($0) })
            add(.a, (set.A ?? []).map { DNSRecord.a($0) })
            add(.aaaa, (set.AAAA ?? []).map { DNSRecord.aaaa($0) })
            add(.mx, (set.MX ?? []).map { DNSRecord.mx(preference: $0.preference, exchange: $0.exchange) })
            answers[name] = byType
        }
        return InMemoryResolver(answers)
    }

    static func run(_ workload: SPFWorkload) async -> Output {
        let memory = resolver(for: workload)
        // A fixed clock: %{t} never matters here, and reading the wall clock is not what is being measured.
        let evaluator = SPFEvaluator(resolver: memory, clock: { 1_790_000_000 })
        let counting = CountingResolver(memory)
        let countingEvaluator = SPFEvaluator(resolver: counting, clock: { 1_790_000_000 })

        var results: [String] = []
        var unexpected: [String] = []
        var lookups = 0
        for testCase in workload.cases {
            let evaluation = await countingEvaluator.checkHost(
                ip: testCase.ip, domain: testCase.domain, sender: testCase.sender, helo: testCase.helo)
            results.append(evaluation.result.rawValue)
            lookups += evaluation.dnsLookups
            if evaluation.result.rawValue != testCase.expected {
                unexpected.append(
                    "\(testCase.ip) \(testCase.sender.isEmpty ? "<>" : testCase.sender): got \(evaluation.result.rawValue), "
                        + "expected \(testCase.expected) (\(evaluation.explanation))")
            }
        }
        let cases = Double(max(workload.cases.count, 1))
        let figures = await Timing.measure("spf", operationsPerPass: workload.cases.count) {
            for testCase in workload.cases {
                _ = await evaluator.checkHost(
                    ip: testCase.ip, domain: testCase.domain, sender: testCase.sender, helo: testCase.helo)
            }
        }
        return Output(
            figures: figures, results: results, unexpected: unexpected, meanDNSLookups: Double(lookups) / cases,
            meanResolverCalls: Double(counting.calls) / cases)
    }
}

/// Counts the lookups that reach the wrapped resolver.
final class CountingResolver: DNSResolver, @unchecked Sendable {
    private let inner: any DNSResolver
    private let lock = NSLock()
    private var count = 0

    init(_ inner: any DNSResolver) { self.inner = inner }

    var calls: Int { lock.withLock { count } }

    nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        lock.withLock { count += 1 }
        return await inner.lookup(name, type)
    }
}
