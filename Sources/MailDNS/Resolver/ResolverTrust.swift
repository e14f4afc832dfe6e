import Foundation

/// A resolver that can tell when its answers must not be believed.
public protocol DNSTrustReporting: Sendable {
    /// One sentence for the report saying why no answer from this resolver can be trusted ("the resolver at
    /// 10.0.0.53:53 says com. does not exist: …"), or nil while nothing is wrong.
    var trustProblem: String? { get }
}

extension DNSResolver {
    /// The resolver's trust problem, when it reports one.
    public var trustProblem: String? { (self as? any DNSTrustReporting)?.trustProblem }
}

/// Whether a live resolver answers for the internet, decided once per resolver and run.
///
/// Negative answers (NXDOMAIN, NODATA) are what a broken resolver gets wrong: sandboxes, captive portals and some
/// filtering resolvers deny every name. At the first negative answer the same resolver is asked for the SOA of the
/// name's public suffix (the Public Suffix List; com when the suffix is not listed, as for .test). A resolver that
/// says a listed suffix does not exist, or has no SOA, is broken: from then on every answer is `.unusable` with one
/// reason. The probe runs for proven negatives too, because a forged SOA of the parent makes any NXDOMAIN look real.
///
/// A bare negative (no SOA, RFC 2308) from a resolver that passed the probe is believed: that resolver demonstrably
/// answers for the internet, and some servers (forwarders, middleboxes) strip the authority section. When the probe
/// itself got no answer (REFUSED, a timeout: nsd serving only test zones), only proven negatives are believed.
/// A reply that does not answer its question (wrong id, QR=0, another question, unreadable) also makes every later
/// answer `.unusable`: whatever sent it may have sent the others.
final class ResolverTrust: @unchecked Sendable {
    private enum Verdict {
        case answersForTheInternet
        case broken(String)
        case unverified(String)
    }

    private let lock = NSLock()
    /// Held while the probe runs, so concurrent negatives wait for one probe rather than each sending their own.
    private let probeLock = NSLock()
    private var verdict: Verdict?
    private var problem: String?

    var trustProblem: String? { lock.withLock { problem } }

    /// The outcome to give the caller: `outcome` itself, or `.unusable` when this resolver cannot be believed.
    /// Runs on a worker thread; may send the probe through `session` (blocking).
    func judge(_ outcome: LdnsOutcome, name: String, session: LdnsQuerySession, countQuery: () -> Void) -> LdnsOutcome {
        let server = session.nameserverDescription
        if let invalid = outcome.invalidReply {
            record("the resolver at \(server) sent \(invalid): its answers are not trusted; use --nameserver")
        }
        if let problem = trustProblem { return LdnsOutcome(result: .unusable(problem), cacheTTL: nil) }
        let negative: String
        switch outcome.result {
        case .nxDomain: negative = "NXDOMAIN"
        case .noData: negative = "NODATA"
        default: return outcome
        }
        switch verdict(probing: PublicSuffixes.probeSuffix(for: name), session: session, countQuery: countQuery) {
        case .answersForTheInternet:
            return outcome
        case .broken(let reason):
            return LdnsOutcome(result: .unusable(reason), cacheTTL: nil)
        case .unverified(let why):
            if outcome.isProvenNegative { return outcome }
            return LdnsOutcome(
                result: .unusable("\(server) answered \(negative) for \(name) without the SOA record that proves it (RFC 2308), and \(why)"),
                cacheTTL: nil)
        }
    }

    private func record(_ reason: String) {
        lock.withLock { if problem == nil { problem = reason } }
    }

    private func verdict(probing suffix: String, session: LdnsQuerySession, countQuery: () -> Void) -> Verdict {
        probeLock.lock()
        defer { probeLock.unlock() }
        if let known = lock.withLock({ verdict }) { return known }
        countQuery()
        let server = session.nameserverDescription
        let probe = session.resolve(suffix, .soa, countQuery: {})
        let found: Verdict
        let fix = "it is not answering for the internet; use --nameserver"
        switch probe.result {
        case .records(let records, _, _) where records.contains(where: { if case .soa = $0 { true } else { false } }):
            found = .answersForTheInternet
        case .nxDomain:
            found = .broken("the resolver at \(server) says \(suffix). does not exist: \(fix)")
        case .noData, .records:
            found = .broken("the resolver at \(server) says \(suffix). has no SOA record: \(fix)")
        default:
            found = .unverified("asked whether \(suffix). exists, it gave no answer (\(probe.result.failureText))")
        }
        lock.withLock {
            verdict = found
            if case .broken(let reason) = found, problem == nil { problem = reason }
        }
        if let invalid = probe.invalidReply {
            record("the resolver at \(server) sent \(invalid): its answers are not trusted; use --nameserver")
        }
        return found
    }
}

extension DNSLookupResult {
    /// The reason a lookup gave no answer, as text; empty for a definite answer.
    public var failureText: String {
        switch self {
        case .serverFailure(let why), .refused(let why), .timeout(let why), .error(let why), .unusable(let why): return why
        case .records, .noData, .nxDomain: return ""
        }
    }
}
