import Foundation

/// RFC 7208 check_host() over the DNSResolver seam.
public struct SPFEvaluator: Sendable {
    public let resolver: any DNSResolver
    public var limits: SPFLimits
    /// %{r} in explanations.
    public var receivingHost: String
    /// %{t}: seconds since the epoch; injected so explanations are reproducible.
    public var clock: @Sendable () -> Int

    public init(
        resolver: any DNSResolver, limits: SPFLimits = .rfc7208, receivingHost: String = "resetdoctor.invalid",
        clock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }
    ) {
        self.resolver = resolver
        self.limits = limits
        self.receivingHost = receivingHost
        self.clock = clock
    }

    /// Evaluates `domain`'s policy for mail from `ip`. An empty `sender` becomes postmaster@`helo` (§2.4).
    public func checkHost(ip: String, domain: String, sender: String, helo: String) async -> SPFEvaluation {
        let domain = MailAuthDomain.normalize(domain)
        guard let address = IPAddress(Self.trimmingSpacesAndTabs(ip)) else {
            return SPFEvaluation(
                result: .permerror, explanation: SPFProblem.invalidIPAddress(ip).description, explanationFromDomain: false,
                matchedTerm: nil, matchedDomain: nil, domain: domain, problem: .invalidIPAddress(ip), dnsLookups: 0,
                voidLookups: 0, trace: [])
        }
        let effectiveSender = sender.isEmpty ? "postmaster@\(MailAuthDomain.normalize(helo))" : sender
        let context = SPFMacroContext(
            sender: effectiveSender, domain: domain, ip: address.unmapped, helo: helo, receivingHost: receivingHost,
            timestamp: clock())
        var run = SPFCheckRun(resolver: resolver, limits: limits, context: context)
        do {
            let outcome = try await run.checkHost(domain: domain, depth: 0, wantExplanation: true)
            if outcome.result == .none {
                return run.evaluation(domain: domain, result: .none, problem: outcome.problem, matched: nil)
            }
            var evaluation = run.evaluation(
                domain: domain, result: outcome.result, problem: nil, matched: outcome.matched)
            if outcome.result == .fail, let text = outcome.explanation {
                evaluation.explanation = text
                evaluation.explanationFromDomain = true
            }
            return evaluation
        } catch {
            return run.evaluation(domain: domain, result: error.result, problem: error.problem, matched: nil)
        }
    }

    /// check_host() for a MAIL FROM or HELO domain the caller found malformed (not an RFC 5321 domain: an empty
    /// label, a label with a space or an edge hyphen, a label over 63 octets, …): none, without a lookup (RFC 7208 §4.3).
    public static func noneForMalformedDomain(_ domain: String) -> SPFEvaluation {
        SPFEvaluation(
            result: .none, explanation: SPFProblem.invalidDomain(domain).description, explanationFromDomain: false,
            matchedTerm: nil, matchedDomain: nil, domain: domain, problem: .invalidDomain(domain), dnsLookups: 0,
            voidLookups: 0, trace: ["\(domain): not a valid domain name → none"])
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, skipping Foundation when both ends are plain ASCII (the usual case).
    private static func trimmingSpacesAndTabs(_ text: String) -> String {
        func isPlain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        guard let first = text.utf8.first, let last = text.utf8.last, isPlain(first), isPlain(last) else {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return text
    }
}

/// Stops the whole evaluation: permerror and temperror propagate through include and redirect unchanged.
struct SPFAbort: Error {
    var result: SPFResult
    var problem: SPFProblem
}

/// The result of check_host() for one domain before it becomes an SPFEvaluation.
struct SPFDomainOutcome {
    var result: SPFResult
    var matched: (term: String, domain: String)?
    /// The domain's own exp= text, expanded, when the result is fail.
    var explanation: String?
    /// Why the result is none.
    var problem: SPFProblem?
}

extension SPFEvaluation {
    static func defaultExplanation(
        result: SPFResult, ip: IPAddress, domain: String, matched: (term: String, domain: String)?, problem: SPFProblem?
    ) -> String {
        let by = matched.map { " ('\($0.term)' in \($0.domain))" } ?? ""
        switch result {
        case .pass: return "\(domain) authorizes \(ip) to send its mail\(by)."
        case .fail: return "\(domain) does not authorize \(ip) to send its mail\(by)."
        case .softfail: return "\(domain) probably does not authorize \(ip) (softfail\(by))."
        case .neutral:
            return matched == nil
                ? "No term of \(domain)'s SPF record matched \(ip) and there is no all or redirect: neutral."
                : "\(domain) states nothing about \(ip)\(by)."
        case .none: return problem?.description ?? "\(domain) publishes no SPF record."
        case .permerror: return "\(domain)'s SPF record cannot be evaluated: \(problem?.description ?? "permanent error")."
        case .temperror:
            return "\(domain)'s SPF record could not be checked now: \(problem?.description ?? "temporary DNS error")."
        }
    }
}
