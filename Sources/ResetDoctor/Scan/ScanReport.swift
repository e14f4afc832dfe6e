import Foundation

/// The outcome of a scan (`resetdoctor.scan/1`): every user's ability to receive a reset, per domain, with a
/// summary. Its JSON shape never depends on the outcome: every key is always present, arrays may be empty.
public struct ScanReport: Sendable, Codable, Equatable {
    public static let currentSchema = "resetdoctor.scan/1"

    public var schema: String
    /// The "now" of the scan: the bundle's capturedAt, or the clock when live.
    public var asOf: Date
    public var org: OrgSummary
    public var dnsSource: DNSSource
    /// Which view of the scan this is: `all`, `expire-all` or `onboarding`.
    public var purpose: ScanPurpose
    public var summary: ScanSummary
    /// The org checks' findings, ranked as in resetdoctor.report/1: they apply to every user.
    public var orgFindings: [ReportFinding]
    /// Org checks that matter and could not run: while one stands, no user is `ok`.
    public var orgUnknown: [ReportCheck]
    /// The worst first: blocked, warning, unknown, ok; then by users.
    public var domains: [ScanDomain]
    /// In the order the users were read.
    public var users: [ScanUser]
    /// The remedy of each code a user or the org has, once per code (the rule that answers it).
    public var remedies: [String: ReportRemediation]
    /// The purpose's groups (empty for `all`), in the purpose's order.
    public var groups: [ScanGroup]
    /// What the admin should know about the scan itself (files not read, users left out).
    public var notes: [String]

    public init(
        asOf: Date, org: OrgSummary, dnsSource: DNSSource, purpose: ScanPurpose, orgFindings: [ReportFinding],
        orgUnknown: [ReportCheck], domains: [ScanDomain], users: [ScanUser], remedies: [String: ReportRemediation],
        groups: [ScanGroup] = [], notes: [String] = []
    ) {
        self.schema = Self.currentSchema; self.asOf = asOf; self.org = org; self.dnsSource = dnsSource
        self.purpose = purpose; self.summary = ScanSummary(users); self.orgFindings = orgFindings
        self.orgUnknown = orgUnknown; self.domains = domains; self.users = users; self.remedies = remedies
        self.groups = groups; self.notes = notes
    }

    /// 1 when a user has a cause at or above `failOn`; else 2 when a user's status is unknown; else 0 (as diagnose).
    public func exitCode(failOn: FailThreshold = .warning) -> Int32 {
        let failing: Set<ScanStatus> = failOn == .warning ? [.blocked, .warning] : [.blocked]
        if users.contains(where: { failing.contains($0.status) }) { return 1 }
        return users.contains { $0.status == .unknown } ? 2 : 0
    }
}

/// What a scan says of one user.
public enum ScanStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing stops a reset email from reaching the user.
    case ok
    /// Warnings only: the email may be delayed, filtered or its link consumed.
    case warning
    /// A blocker: the user cannot receive or complete a reset.
    case blocked
    /// A check that matters could not run, and nothing was found.
    case unknown

    /// The order "worst first" sorts by: blocked, warning, unknown, ok.
    var weight: Int {
        switch self {
        case .blocked: 3
        case .warning: 2
        case .unknown: 1
        case .ok: 0
        }
    }

    public static func < (lhs: ScanStatus, rhs: ScanStatus) -> Bool { lhs.weight < rhs.weight }
}

public struct ScanUser: Sendable, Codable, Equatable {
    public var id: String
    public var username: String
    public var email: String
    public var status: ScanStatus
    /// Causes first (org-wide then the user's, ranked), then cautions.
    public var codes: [FindingCode]
    /// For `unknown`: the checks that matter and could not run, with why; empty otherwise.
    public var unknown: [String]

    public init(id: String, username: String, email: String, status: ScanStatus, codes: [FindingCode], unknown: [String] = []) {
        self.id = id; self.username = username; self.email = email; self.status = status; self.codes = codes
        self.unknown = unknown
    }
}

public struct ScanDomain: Sendable, Codable, Equatable {
    public var domain: String
    public var users: Int
    /// The worst status among the domain's own findings (DNS, typo), `unknown` when its DNS could not be checked.
    public var status: ScanStatus
    public var codes: [FindingCode]

    public init(domain: String, users: Int, status: ScanStatus, codes: [FindingCode]) {
        self.domain = domain; self.users = users; self.status = status; self.codes = codes
    }
}

public struct ScanSummary: Sendable, Codable, Equatable {
    public var users: Int
    public var ok: Int
    public var warning: Int
    public var blocked: Int
    public var unknown: Int
    /// How many users have each code.
    public var byCode: [String: Int]

    public init(_ users: [ScanUser]) {
        func count(_ status: ScanStatus) -> Int { users.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        self.users = users.count
        ok = count(.ok); warning = count(.warning); blocked = count(.blocked); unknown = count(.unknown)
        var byCode: [String: Int] = [:]
        for user in users { for code in Set(user.codes) { byCode[code.rawValue, default: 0] += 1 } }
        self.byCode = byCode
    }
}
