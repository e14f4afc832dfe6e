import Foundation

/// What one run of the bench measured, as text for a person or JSON for scripts/bench_peers.py.
struct BenchReport: Codable {
    var schema = "resetdoctor.bench/1"
    var spf: SPFBench.Output?
    var addresses: AddressBench.Output?
    var domains: DomainBench.Output?

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    func text() -> String {
        var lines = [row("benchmark", "operations", "seconds", "ops/s") + pad("ops/CPU-s", 14)]
        for figures in [spf?.figures, addresses?.figures, domains?.figures].compactMap({ $0 }) {
            lines.append(row(
                figures.name, "\(figures.operations)", format(figures.seconds, 4), format(figures.opsPerSecond, 0))
                + pad(format(figures.opsPerCPUSecond, 0), 14))
        }
        if let spf {
            lines.append("")
            lines.append("spf: \(spf.results.count) cases, \(format(spf.meanDNSLookups, 1)) DNS-querying terms and "
                + "\(format(spf.meanResolverCalls, 1)) resolver calls per evaluation on average")
            lines.append(spf.unexpected.isEmpty
                ? "spf: every case gave the expected result" : "spf: unexpected results:")
            lines += spf.unexpected.map { "  \($0)" }
        }
        if let addresses {
            lines.append("addresses: \(addresses.validCount) of \(addresses.verdicts.count) accepted")
        }
        if let domains {
            lines.append("domains: one MX query \(format(domains.singleQueryMilliseconds, 3)) ms; one domain check "
                + "\(format(domains.singleDomainCheckMilliseconds, 3)) ms = \(format(domains.roundTripsPerCheck, 1)) "
                + "round trips for \(format(domains.queriesPerCheck, 1)) queries; with lookups forced one at a time "
                + "\(format(domains.serializedDomainCheckMilliseconds, 3)) ms")
            lines.append("domains: with \(format(domains.injectedLatencyMilliseconds, 0)) ms added to every lookup, one "
                + "check \(format(domains.checkWithLatencyMilliseconds, 1)) ms = \(format(domains.roundTripsWithLatency, 1)) "
                + "round trips; one lookup at a time \(format(domains.serializedCheckWithLatencyMilliseconds, 1)) ms")
            lines.append("domains: \(domains.domainsWithMailExchanges) accept mail, \(domains.domainsWithSPFRecord) have "
                + "SPF, \(domains.domainsWithDMARCPolicy) have a DMARC policy")
            lines += domains.problems.prefix(10).map { "  problem: \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 12, withPad: " ", startingAt: 0) + pad(b, 12) + pad(c, 12) + pad(d, 14)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
