import Foundation
import MailDNS

/// What `resetdoctor dns spf` prints and how it exits.
public enum SPFCheckOutput {
    /// Line 1 the result word, line 2 the explanation, then (verbose) the trace.
    public static func lines(_ evaluation: SPFEvaluation, verbose: Bool) -> [String] {
        var explanation = evaluation.explanation
        if let term = evaluation.matchedTerm, !evaluation.explanationFromDomain {
            explanation += " (matched '\(term)' in \(evaluation.matchedDomain ?? evaluation.domain))"
        }
        var lines = [evaluation.result.rawValue, explanation]
        if verbose {
            lines.append("DNS lookups: \(evaluation.dnsLookups), void lookups: \(evaluation.voidLookups)")
            lines += evaluation.trace
        }
        return lines
    }

    /// 0 pass, neutral, none (the domain makes no claim against the IP); 1 fail, softfail, permerror; 2 temperror;
    /// 69 when no lookup reached the nameserver.
    public static func outcome(_ evaluation: SPFEvaluation, tally: LookupTally) -> DNSCommandOutcome {
        switch evaluation.result {
        case .pass, .neutral, .none: return .fine
        case .fail, .softfail, .permerror: return .findings
        case .temperror: return tally.nothingReachedTheServer ? .unreachable : .incomplete
        }
    }
}
