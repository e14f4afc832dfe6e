import Foundation

/// The outcome of a diagnosis, ready to render. Its JSON shape never depends on the outcome: every key is
/// always present (null where unknown) and arrays may be empty.
public struct Report: Sendable, Codable, Equatable {
    public static let currentSchema = "resetdoctor.report/1"

    public var schema: String
    /// The user as the ticket names them.
    public var subject: String
    /// The "now" the diagnosis used: the clock when live, the bundle's capturedAt when replaying.
    public var generatedFor: Date
    public var org: OrgSummary
    public var user: UserSummary
    public var verdict: Verdict
    /// Ranked: causes first (general.check-spam last of them), then context, then cautions, then moot findings.
    public var findings: [ReportFinding]
    /// In registry order.
    public var checks: [ReportCheck]
    public var summary: StatusCounts
    /// Where the DNS answers came from (the bundle's dns/, a live resolver and when, or none and why), and why they
    /// are not trusted when a resolver is broken.
    public var dnsSource: DNSSource
    /// Strings that `--redact` masks wherever they occur (the user's address, username and name, the subject,
    /// admin usernames). Never encoded: a shared report must not carry them.
    public var personalData: [String] = []

    enum CodingKeys: String, CodingKey {
        case schema, subject, generatedFor, org, user, verdict, findings, checks, summary, dnsSource
    }

    public init(
        subject: String, generatedFor: Date, org: OrgSummary, user: UserSummary, verdict: Verdict,
        findings: [ReportFinding], checks: [ReportCheck], personalData: [String] = [],
        dnsSource: DNSSource = .none("no DNS context was given")
    ) {
        self.schema = Self.currentSchema; self.subject = subject; self.generatedFor = generatedFor
        self.org = org; self.user = user; self.verdict = verdict; self.findings = findings; self.checks = checks
        self.summary = StatusCounts(checks.map(\.status)); self.personalData = personalData
        self.dnsSource = dnsSource
    }

    /// The finding the headline names: the first cause that is neither moot nor info.
    public var topFinding: ReportFinding? { findings.first(where: \.isCause) }

    /// Checks that could not run, whether or not they matter.
    public var unknownChecks: [ReportCheck] { checks.filter { $0.status == .unknown } }

    /// 1 when a non-moot cause at or above `failOn` exists (context and cautions never count); else 2 when the
    /// verdict is incomplete; else 0. (64, 65, 69 and 77 belong to the command line.)
    public func exitCode(failOn: FailThreshold = .warning) -> Int32 {
        if findings.contains(where: { $0.isCause && $0.severity >= failOn.minimumSeverity }) { return 1 }
        return verdict == .incomplete ? 2 : 0
    }
}

public enum Verdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// A cause (blocker or warning) that is not moot explains (or may explain) the ticket.
    case causeFound = "cause-found"
    /// Nothing found, and every check that matters ran.
    case noCauseFound = "no-cause-found"
    /// Nothing found, but a check that matters could not run.
    case incomplete
}

/// `--fail-on`: which findings make the exit code 1.
public enum FailThreshold: String, Sendable, Codable, Equatable, CaseIterable {
    /// Blockers and warnings (the default).
    case warning
    /// Blockers only.
    case error

    var minimumSeverity: Severity { self == .warning ? .warning : .blocker }
}

public struct OrgSummary: Sendable, Codable, Equatable {
    @NullWhenAbsent public var id: String?
    @NullWhenAbsent public var name: String?
    @NullWhenAbsent public var isSandbox: Bool?
    public init(id: String? = nil, name: String? = nil, isSandbox: Bool? = nil) {
        self.id = id; self.name = name; self.isSandbox = isSandbox
    }
}

/// The user the diagnosis found; every field is null when no user record was available.
public struct UserSummary: Sendable, Codable, Equatable {
    @NullWhenAbsent public var id: String?
    @NullWhenAbsent public var username: String?
    @NullWhenAbsent public var email: String?
    @NullWhenAbsent public var name: String?
    public init(id: String? = nil, username: String? = nil, email: String? = nil, name: String? = nil) {
        self.id = id; self.username = username; self.email = email; self.name = name
    }
}


/// An evidence line as the report states it: the check's own line, unchanged.
public typealias ReportEvidence = EvidenceLine


/// The part of a rule a report carries.
public struct ReportRemediation: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var steps: [RemediationStep]
    public var docs: [DocLink]
    @NullWhenAbsent public var action: RemediationAction?

    public init(id: String, title: String, steps: [RemediationStep], docs: [DocLink], action: RemediationAction?) {
        self.id = id; self.title = title; self.steps = steps; self.docs = docs; self.action = action
    }
    public init(_ rule: Remediation) {
        self.init(id: rule.id, title: rule.title, steps: rule.steps, docs: rule.docs, action: rule.action)
    }
}

public struct ReportCheck: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var status: CheckStatus
    public var reason: String
    /// The only part of a report that changes between identical runs; `RenderOptions.stableTimings` writes 0.
    public var durationMs: Int
    /// Whether the verdict is incomplete when this check ends unknown.
    public var matters: Bool

    public init(id: String, title: String, status: CheckStatus, reason: String, durationMs: Int, matters: Bool) {
        self.id = id; self.title = title; self.status = status; self.reason = reason
        self.durationMs = durationMs; self.matters = matters
    }
    public init(_ result: CheckResult) {
        self.init(id: result.id, title: result.title, status: result.status, reason: result.reason,
                  durationMs: result.durationMs, matters: result.matters)
    }
}

/// How many checks ended in each status.
public struct StatusCounts: Sendable, Codable, Equatable {
    public var fail: Int
    public var warn: Int
    public var pass: Int
    public var unknown: Int
    public var skipped: Int

    public init(_ statuses: [CheckStatus]) {
        func count(_ status: CheckStatus) -> Int { statuses.filter { $0 == status }.count }
        fail = count(.fail); warn = count(.warn); pass = count(.pass); unknown = count(.unknown); skipped = count(.skipped)
    }
}
