import Foundation
import MailDNS
import Salesforce

// What the DNS checks share: the resolver from the evidence, evidence lines that cite DNS answers, the sender
// domains to look at, and a concurrent map so a check's lookups cost about one chain of round trips.

extension Evidence {
    /// The DNS context, or `CheckCannotRun` (→ `unknown`) with why DNS is not available (`--no-dns`).
    func requireDNS() throws -> DNSContext { try self.dns.require() }
}

extension DNSContext {
    /// The source of every evidence line that cites an answer: "dns (dns/ zone files of the bundle)".
    var evidenceSource: String { "dns (\(description))" }

    /// "DNS acme.example MX: 10 mx1.acme.example"
    func line(_ name: String, _ type: DNSRecordType, _ answer: DNSLookupResult, personal: Bool = false) -> EvidenceLine {
        EvidenceLine(evidenceSource, "DNS \(name) \(type.rawValue): \(answer.answerText)", personal: personal)
    }

    func note(_ text: String, personal: Bool = false) -> EvidenceLine {
        EvidenceLine(evidenceSource, text, personal: personal)
    }
}

extension DNSLookupResult {
    /// The answer as an evidence line states it.
    var answerText: String {
        switch self {
        case .records(let records, _, let chain):
            let via = chain.isEmpty ? "" : "CNAME \(chain.joined(separator: " → ")) → "
            return via + records.map(\.presentation).joined(separator: ", ")
        case .noData: return "no records of this type (NODATA)"
        case .nxDomain: return "NXDOMAIN (the name does not exist)"
        case .serverFailure(let why): return "SERVFAIL (\(why))"
        case .refused(let why): return "REFUSED (\(why))"
        case .timeout(let why): return "timeout (\(why))"
        case .error(let why): return "error (\(why))"
        case .unusable(let why): return "unusable answer (\(why))"
        }
    }

    /// Why the lookup gave no answer (timeout, SERVFAIL, REFUSED, error); nil for a definite answer.
    var failure: String? { isDefinite ? nil : answerText }
}

extension DNSRecord {
    /// Zone-file-like data: "10 mx1.acme.example", "192.0.2.25", "\"v=spf1 -all\"".
    var presentation: String {
        switch self {
        case .a(let address), .aaaa(let address): return address
        case .mx(let preference, let exchange): return "\(preference) \(exchange)"
        case .txt(let strings): return "\"\(strings.joined())\""
        case .cname(let target), .ptr(let target), .ns(let target): return target
        case .soa(let mname, let rname, let serial, _): return "\(mname) \(rname) \(serial)"
        case .other(let type, let text): return "\(type) \(text)"
        }
    }
}

/// Domains Salesforce sends from itself: their SPF, DKIM and DMARC are Salesforce's, not the org's.
enum SalesforceOwnedDomain {
    static let suffixes = ["salesforce.com", "sfcustomeremail.com", "salesforce-free-mailsend.com", "force.com"]

    static func contains(_ domain: String) -> Bool {
        let name = domain.lowercased()
        return suffixes.contains { name == $0 || name.hasSuffix("." + $0) }
    }
}

/// The domains the reset mail is sent as, and how they were chosen.
struct SenderDomains: Sendable {
    enum Origin: Sendable, Equatable {
        /// `--sender-domain`.
        case given
        /// The envelope senders of mail to the user in the email log: the org's own domain is the envelope.
        case emailLog
        /// The domains of active DKIM keys: the domains Salesforce signs for, so the org sends as them.
        case dkimKeys
    }

    var domains: [String]
    var origin: Origin
    /// Where the domains came from, for evidence lines.
    var provenance: [EvidenceLine]
    /// Envelope-sender domains of mail to the user in the email log (Salesforce's own included).
    var envelopeDomains: [String]
}

extension Evidence {
    /// The sender domains the SPF and DMARC checks look at: `--sender-domain`, else the non-Salesforce envelope
    /// senders of mail to the user, else the domains of active DKIM keys. Nil when none applies (→ skipped);
    /// `CheckCannotRun` when the evidence that would say is missing.
    func senderDomains(_ context: DNSContext) throws -> SenderDomains? {
        let rows = mailToUser()
        let envelopes = unique(rows.compactMap(\.senderDomain))
        let logSource = self.emailLog.source ?? "email-log.csv"
        if !context.senderDomains.isEmpty {
            let domains = unique(context.senderDomains.map { $0.lowercased() })
            return SenderDomains(
                domains: domains, origin: .given,
                provenance: [EvidenceLine("--sender-domain", "sender domain(s) given: \(domains.joined(separator: ", "))")],
                envelopeDomains: envelopes)
        }
        let own = envelopes.filter { !SalesforceOwnedDomain.contains($0) }
        if !own.isEmpty {
            let lines = own.compactMap { domain in
                rows.first { $0.senderDomain == domain }.map {
                    EvidenceLine($0.origin.isEmpty ? logSource : $0.origin, "envelope sender \($0.sender ?? domain) of mail to \($0.recipient)", personal: true)
                }
            }
            return SenderDomains(domains: own, origin: .emailLog, provenance: lines, envelopeDomains: envelopes)
        }
        let keySource = self.emailDomainKeys.source ?? "email-domain-keys.json"
        guard let keys = self.emailDomainKeys.value else {
            if self.emailLog.value == nil {
                throw CheckCannotRun(reason: "neither the email log nor email-domain-keys.json is in the evidence, so the sender domain is not known (give it with --sender-domain)")
            }
            if envelopes.isEmpty {
                throw CheckCannotRun(reason: "the email log has no mail to the user and email-domain-keys.json is missing, so the sender domain is not known (give it with --sender-domain)")
            }
            return nil
        }
        let active = unique(keys.filter(\.isActive).map { $0.domain.lowercased().trimmingCharacters(in: .whitespaces) })
        guard !active.isEmpty else { return nil }
        return SenderDomains(
            domains: active, origin: .dkimKeys,
            provenance: [EvidenceLine(keySource, "active DKIM key domain(s), which the org sends as: \(active.joined(separator: ", "))")],
            envelopeDomains: envelopes)
    }

    /// Email log rows to the user's address; empty when the log or the user is missing.
    func mailToUser() -> [EmailLogEntry] {
        guard let log = self.emailLog.value, case .found(let user?, _) = self.user else { return [] }
        let address = user.email.trimmingCharacters(in: .whitespaces).lowercased()
        return log.filter { $0.recipient.trimmingCharacters(in: .whitespaces).lowercased() == address }
    }
}

/// The elements in first-seen order without repeats.
func unique(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}

/// Runs `transform` on every element at once and returns the results in the elements' order.
func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], _ transform: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
        for (index, element) in elements.enumerated() {
            group.addTask { (index, await transform(element)) }
        }
        var results: [(Int, Result)] = []
        for await item in group { results.append(item) }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// How a check over several domains ends: findings win; otherwise any domain DNS could not answer makes it unknown.
func dnsOutcome(findings: [Finding], unanswered: [String], passReason: String, foundReason: String) -> CheckOutcome {
    if !findings.isEmpty {
        let also = unanswered.isEmpty ? "" : "; not answered: \(unanswered.joined(separator: "; "))"
        return .found(findings, reason: foundReason + also)
    }
    if !unanswered.isEmpty { return .unknown(unanswered.joined(separator: "; ")) }
    return .pass(passReason)
}

/// A check whose result rests on DNS answers.
protocol UsesDNS {}
extension DNSRecipientCheck: UsesDNS {}
extension DNSSenderSPFCheck: UsesDNS {}
extension DNSSenderDMARCCheck: UsesDNS {}
extension DNSSenderDKIMCheck: UsesDNS {}
extension RelayHostCheck: UsesDNS {}

/// The one place a broken resolver's answers are set aside: when the run's resolver is not trusted (it denies a
/// public suffix, or sent replies that do not answer their question), every check that rests on DNS is unknown with
/// that one reason and keeps no finding, whatever it read before the resolver gave itself away. So nothing
/// DNS-derived is ever confirmed from it, and no false blocker makes `reset` refuse.
enum DNSTrust {
    static func applied(to results: [CheckResult], evidence: Evidence) -> [CheckResult] {
        guard let problem = evidence.dns.value?.trustProblem else { return results }
        let dnsChecks = Set(CheckRegistry.all.filter { $0 is any UsesDNS }.map(\.id))
        return results.map { result in
            // A check that does not apply (no relay, no sender domain) stays skipped: that came from the org's evidence.
            guard dnsChecks.contains(result.id), result.status != .skipped else { return result }
            var untrusted = result
            untrusted.status = .unknown
            untrusted.reason = problem
            untrusted.findings = []
            return untrusted
        }
    }
}
