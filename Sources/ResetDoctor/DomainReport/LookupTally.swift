import Foundation
import MailDNS

/// Passes lookups through and counts which got an answer, so a command can tell "the nameserver cannot be reached at
/// all" (exit 69) from "some answers were missing" (exit 2).
public final class LookupTally: DNSResolver, DNSTrustReporting, @unchecked Sendable {
    private let inner: any DNSResolver
    private let lock = NSLock()
    private var answered = 0
    private var unreachable = 0

    public init(_ inner: any DNSResolver) { self.inner = inner }

    public var trustProblem: String? { inner.trustProblem }

    public nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        let result = await inner.lookup(name, type)
        lock.withLock {
            switch result {
            // A server that says SERVFAIL, REFUSED, FORMERR or NOTIMP, or sends a reply that cannot be used, was
            // reached; a timeout or a network error means it was not.
            case .timeout, .error: unreachable += 1
            default: answered += 1
            }
        }
        return result
    }

    /// True when at least one lookup was made and none reached the server.
    public var nothingReachedTheServer: Bool { lock.withLock { answered == 0 && unreachable > 0 } }
}

/// How a DNS command ends, in the documented exit codes.
public enum DNSCommandOutcome: Int32, Sendable {
    case fine = 0
    case findings = 1
    /// Some lookup could not be answered (timeout, SERVFAIL) and nothing else failed.
    case incomplete = 2
    /// The nameserver could not be reached at all.
    case unreachable = 69

    public var exitCode: Int32 { rawValue }

    /// Findings outrank missing answers: a definite problem stays a problem even when another lookup failed.
    public static func combining(findings: Bool, unknowns: Bool, tally: LookupTally?) -> DNSCommandOutcome {
        if tally?.nothingReachedTheServer == true { return .unreachable }
        if findings { return .findings }
        return unknowns ? .incomplete : .fine
    }
}
