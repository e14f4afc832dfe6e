/// The seven results of check_host() (RFC 7208 §2.6).
public enum SPFResult: String, Sendable, Codable, CaseIterable {
    case pass, fail, softfail, neutral, none, permerror, temperror
}

/// The limits RFC 7208 §4.6.4 sets; tests may lower them.
public struct SPFLimits: Sendable, Codable, Equatable {
    /// Terms that query DNS (include, a, mx, ptr, exists, redirect) per evaluation.
    public var dnsQueryingTerms: Int
    /// Lookups answering NXDOMAIN or no data.
    public var voidLookups: Int
    /// Names one MX query may return before mx gives permerror.
    public var mxNames: Int
    /// PTR names that ptr and %{p} look at; the rest are ignored.
    public var ptrNames: Int

    public init(dnsQueryingTerms: Int, voidLookups: Int, mxNames: Int, ptrNames: Int) {
        self.dnsQueryingTerms = dnsQueryingTerms
        self.voidLookups = voidLookups
        self.mxNames = mxNames
        self.ptrNames = ptrNames
    }

    public static let rfc7208 = SPFLimits(dnsQueryingTerms: 10, voidLookups: 2, mxNames: 10, ptrNames: 10)
}

/// What made an evaluation end in permerror or temperror (or none), as data.
public enum SPFProblem: Sendable, Codable, Equatable, CustomStringConvertible {
    case invalidIPAddress(String)
    /// The domain is malformed or a single label (check_host gives none, §4.3).
    case invalidDomain(String)
    case noRecord(domain: String)
    case multipleRecords(domain: String, count: Int)
    case syntax(domain: String, error: SPFSyntaxError)
    case tooManyDNSLookups(domain: String, term: String, limit: Int)
    case tooManyVoidLookups(domain: String, term: String, limit: Int)
    case tooManyMXNames(domain: String, term: String, count: Int, limit: Int)
    case includeWithoutRecord(domain: String, term: String, target: String)
    case redirectWithoutRecord(domain: String, target: String)
    /// A target name that expanded to something unusable (empty, bad labels).
    case invalidTarget(domain: String, term: String, target: String)
    case dnsFailure(name: String, type: DNSRecordType, reason: String)

    public var description: String {
        switch self {
        case .invalidIPAddress(let ip): return "'\(ip)' is not an IP address"
        case .invalidDomain(let domain): return "'\(domain)' is not a valid multi-label domain name"
        case .noRecord(let domain): return "\(domain) publishes no SPF record"
        case .multipleRecords(let domain, let count):
            return "\(domain) publishes \(count) SPF records; exactly one is allowed — merge them into one TXT record"
        case .syntax(let domain, let error): return "\(domain): \(error)"
        case .tooManyDNSLookups(let domain, let term, let limit):
            return "more than \(limit) DNS-querying terms; the limit was crossed at '\(term)' in \(domain)"
        case .tooManyVoidLookups(let domain, let term, let limit):
            return "more than \(limit) lookups found nothing; the limit was crossed at '\(term)' in \(domain)"
        case .tooManyMXNames(let domain, let term, let count, let limit):
            return "'\(term)' in \(domain) names \(count) mail exchangers; at most \(limit) are allowed"
        case .includeWithoutRecord(let domain, let term, let target):
            return "'\(term)' in \(domain) includes \(target), which has no SPF record"
        case .redirectWithoutRecord(let domain, let target):
            return "redirect in \(domain) points to \(target), which has no SPF record"
        case .invalidTarget(let domain, let term, let target):
            return "'\(term)' in \(domain) expands to '\(target)', which is not a valid domain name"
        case .dnsFailure(let name, let type, let reason): return "DNS \(type.rawValue) lookup of \(name) failed: \(reason)"
        }
    }
}

/// The outcome of check_host(); every field is present whatever the result.
public struct SPFEvaluation: Sendable, Codable, Equatable {
    public var result: SPFResult
    /// A sentence for a person; on fail with exp= it is the domain's own (macro-expanded) explanation.
    @SPFExplanationText public var explanation: String
    /// Whether `explanation` came from the domain's exp= modifier.
    public var explanationFromDomain: Bool
    /// The directive that decided the result ("include:_spf.example.com"), nil when none matched.
    public var matchedTerm: String?
    /// The domain whose record held `matchedTerm` (or the checked domain).
    public var matchedDomain: String?
    /// The domain checked at the top.
    public var domain: String
    public var problem: SPFProblem?
    public var dnsLookups: Int
    public var voidLookups: Int
    /// One line per term evaluated, in order, indented by include depth.
    @SPFTraceLines public var trace: [String]
}

extension SPFEvaluation {
    /// The evaluation with the default explanation and the trace still as parts, written out when read.
    init(
        result: SPFResult, ip: IPAddress, matchedTerm: String?, matchedDomain: String?, domain: String,
        problem: SPFProblem?, dnsLookups: Int, voidLookups: Int, traceEntries: [SPFTraceEntry]
    ) {
        self.init(
            result: result, explanation: "", explanationFromDomain: false, matchedTerm: matchedTerm,
            matchedDomain: matchedDomain, domain: domain, problem: problem, dnsLookups: dnsLookups,
            voidLookups: voidLookups, trace: [])
        _explanation = SPFExplanationText(
            source: .standard(
                result: result, ip: ip, domain: domain, matchedTerm: matchedTerm, matchedDomain: matchedDomain,
                problem: problem))
        _trace = SPFTraceLines(entries: traceEntries)
    }
}
