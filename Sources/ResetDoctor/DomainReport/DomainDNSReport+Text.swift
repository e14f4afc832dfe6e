import Foundation
import MailDNS

/// The text form of `resetdoctor dns check`: a compact block per domain, problems last, marked
/// `!` (finding), `?` (could not be looked up) or `i` (information).
extension DomainDNSReport {
    public var text: String {
        var lines = [headline]
        lines.append(row("MX", mxLine))
        lines += spfLines.enumerated().map { row($0.offset == 0 ? "SPF" : "", $0.element) }
        lines.append(row("DMARC", dmarcLine))
        for key in dkim { lines.append(row("DKIM", dkimLine(key))) }
        for problem in problems {
            let mark = switch problem.kind { case .finding: "!"; case .unknown: "?"; case .info: "i" }
            lines.append("  \(mark) \(problem.code): \(problem.message)")
        }
        return lines.joined(separator: "\n")
    }

    private var headline: String {
        let shown = name.unicode == name.ascii ? name.ascii : "\(name.unicode) (\(name.ascii))"
        let verdict = switch status { case .ok: "ok"; case .findings: "PROBLEMS FOUND"; case .incomplete: "INCOMPLETE" }
        return "\(shown): \(verdict)"
    }

    private func row(_ label: String, _ value: String) -> String {
        "  " + label.padding(toLength: 6, withPad: " ", startingAt: 0) + value
    }

    private var mxLine: String {
        switch mail.route {
        case .nullMX: return "null MX: accepts no mail"
        case .noMailHost: return "none, and no address to fall back to"
        case .domainMissing: return "the domain does not exist (NXDOMAIN)"
        case .unknown(let reason): return "unknown (\(reason))"
        case .mailExchanges, .implicitMX:
            let prefix = mail.route == .implicitMX ? "no MX; implicit MX to the domain's own address: " : ""
            return prefix + mail.exchanges.map { exchange in
                let addresses = exchange.addresses.isEmpty ? "no address" : exchange.addresses.joined(separator: " ")
                let scanner = exchange.linkScanner.map { ", \($0.gateway.vendor) link scanner" } ?? ""
                return "\(exchange.host) (\(exchange.preference); \(addresses)\(scanner))"
            }.joined(separator: ", ")
        }
    }

    private var spfLines: [String] {
        guard let record = spf.tree.record else {
            switch spf.tree.status {
            case .dnsFailure(let reason): return ["unknown (\(reason))"]
            case .multipleRecords(let count): return ["\(count) records published (permerror)"]
            default: return ["none published"]
            }
        }
        var counts = "\(spf.dnsLookupCount) DNS lookup\(spf.dnsLookupCount == 1 ? "" : "s") (limit \(spf.limits.dnsQueryingTerms)), \(spf.voidLookupCount) void"
        if let crossing = spf.limitCrossing { counts += "; over the limit at '\(crossing.topLevelTerm)'" }
        return [record, counts, "Salesforce authorized (include:_spf.salesforce.com): \(spf.authorizesSalesforce ? "yes" : "no")"]
            + spf.warnings.map { "warning: \($0)" }
    }

    private var dmarcLine: String {
        if let failure = dmarc.dnsFailure { return "unknown (\(failure))" }
        guard let policy = dmarc.policy, let recordDomain = dmarc.recordDomain else {
            return "none published (organizational domain \(dmarc.organizationalDomain))"
        }
        let tag = dmarc.appliedTag.map { " (from \($0.rawValue)=)" } ?? ""
        return "\(policy.rawValue)\(tag) at _dmarc.\(recordDomain); organizational domain \(dmarc.organizationalDomain)"
            + (dmarc.testing ? "; testing (t=y)" : "")
    }

    private func dkimLine(_ key: DKIMKeyLookup) -> String {
        var parts = ["\(key.selector): \(key.status.word)"]
        if let bits = key.keySize?.bits { parts.append("\(bits)-bit \(key.record?.keyType.word ?? "") key") }
        if !key.cnameChain.isEmpty { parts.append("CNAME -> " + key.cnameChain.joined(separator: " -> ")) }
        if key.isSalesforceHosted { parts.append("hosted by Salesforce") }
        if let failure = key.dnsFailure { parts.append(failure) }
        return parts.joined(separator: "; ")
    }
}
