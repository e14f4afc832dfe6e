/// A domain's SPF record tree, followed statically through include and redirect.
public struct SPFIncludeTree: Sendable, Codable, Equatable {
    public enum Status: Sendable, Codable, Equatable {
        case found
        case noRecord
        case noSuchDomain
        case multipleRecords(count: Int)
        case syntaxError(SPFSyntaxError)
        case dnsFailure(String)
        /// Already on the path from the root: following it again would loop.
        case loop
        /// Not followed: the analysis stopped after far more lookups than the limit.
        case notFollowed
    }

    public var domain: String
    public var status: Status
    /// The record as published, when there is one.
    public var record: String?
    public var terms: [SPFTermNode]
}

/// One term of a record in the tree.
public struct SPFTermNode: Sendable, Codable, Equatable {
    public var term: String
    /// Whether it is one of the DNS-querying terms the limit of 10 counts.
    public var countsAsLookup: Bool
    /// The running count of DNS-querying terms, in evaluation order, once this term is counted.
    public var runningCount: Int
    /// For mx: how many mail exchangers it names (each costs an address lookup outside the limit of 10).
    public var mxHostCount: Int?
    /// Whether its lookup found nothing (NXDOMAIN or no data).
    public var isVoid: Bool
    /// The include or redirect target's tree (zero or one element).
    public var target: [SPFIncludeTree]
}

/// Where the running count of DNS-querying terms first went over the limit.
public struct SPFLimitCrossing: Sendable, Codable, Equatable {
    /// The term at which the count first exceeded the limit.
    public var term: String
    /// The domain whose record holds `term`.
    public var domain: String
    /// The running count at `term` (limit + 1).
    public var count: Int
    /// The terms from the analyzed domain's own record down to `term`.
    public var path: [String]
    /// The term of the analyzed domain's own record whose subtree crossed the limit — the include to remove or flatten.
    public var topLevelTerm: String
}

public enum SPFWarning: Sendable, Codable, Equatable, CustomStringConvertible {
    case ptrUsed(domain: String, term: String)
    /// +all or ?all: anyone may send as the domain.
    case permissiveAll(domain: String, term: String)
    case noAllNoRedirect(domain: String)
    /// redirect= is never reached because the record has an all term.
    case redirectIgnored(domain: String)
    case tooManyMXHosts(domain: String, term: String, count: Int, limit: Int)
    case tooManyDNSLookups(count: Int, limit: Int)
    case tooManyVoidLookups(count: Int, limit: Int)
    case includeWithoutRecord(domain: String, term: String, target: String)
    /// The target uses macros that depend on the message, so it cannot be followed statically.
    case targetDependsOnMessage(domain: String, term: String)
    case loop(domain: String, term: String, target: String)
    case recordProblem(SPFProblem)

    public var description: String {
        switch self {
        case .ptrUsed(let domain, let term): return "\(domain) uses '\(term)': slow, unreliable and discouraged (RFC 7208 §5.5)"
        case .permissiveAll(let domain, let term): return "\(domain) ends with '\(term)': it does not reject forged mail"
        case .noAllNoRedirect(let domain): return "\(domain) has neither an all term nor redirect=: unmatched mail is neutral"
        case .redirectIgnored(let domain): return "\(domain) has both all and redirect=; the redirect is never used"
        case .tooManyMXHosts(let domain, let term, let count, let limit):
            return "'\(term)' in \(domain) names \(count) mail exchangers; more than \(limit) gives permerror"
        case .tooManyDNSLookups(let count, let limit): return "\(count) DNS-querying terms; more than \(limit) gives permerror"
        case .tooManyVoidLookups(let count, let limit): return "\(count) lookups find nothing; more than \(limit) gives permerror"
        case .includeWithoutRecord(let domain, let term, let target):
            return "'\(term)' in \(domain): \(target) has no SPF record (permerror when reached)"
        case .targetDependsOnMessage(let domain, let term):
            return "'\(term)' in \(domain) uses macros, so its lookups are counted but not followed"
        case .loop(let domain, let term, let target): return "'\(term)' in \(domain) leads back to \(target): a loop"
        case .recordProblem(let problem): return problem.description
        }
    }
}

/// The static analysis of a domain's SPF record tree, as checkdmarc-like tools report it.
public struct SPFAnalysis: Sendable, Codable, Equatable {
    public var domain: String
    public var tree: SPFIncludeTree
    /// DNS-querying terms (include, a, mx, ptr, exists, redirect) through the whole tree.
    public var dnsLookupCount: Int
    /// Address lookups the mx terms cost (one per mail exchanger), reported apart from the limit.
    public var mxHostLookupCount: Int
    public var voidLookupCount: Int
    public var limits: SPFLimits
    /// Non-nil exactly when `dnsLookupCount` exceeds the limit.
    public var limitCrossing: SPFLimitCrossing?
    /// Whether include:_spf.salesforce.com appears anywhere in the tree.
    public var authorizesSalesforce: Bool
    public var warnings: [SPFWarning]
}
