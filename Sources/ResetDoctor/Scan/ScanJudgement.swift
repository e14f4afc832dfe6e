import Foundation

/// The org checks' part of a scan: run once, ranked as a diagnosis ranks them.
struct OrgOutcome: Sendable {
    var report: Report
    /// Org checks that matter and could not run.
    var unknown: [ReportCheck]
    /// The worst status the org's own causes give every user (`ok` when none).
    var status: ScanStatus
    var causeCodes: [FindingCode]

    init(org: OrgEvidence, checks: [any Check], rules: RuleBook, limit: Duration) async {
        let evidence = Evidence(org: org, user: UserJudge.noUser)
        let results = await Engine(checks: checks, timeLimit: limit).run(evidence)
        report = Diagnosis.report(evidence: evidence, results: results, rules: rules)
        unknown = report.checks.filter { $0.matters && $0.status == .unknown }
        let causes = report.findings.filter(\.isCause)
        causeCodes = causes.map(\.code)
        status = UserJudge.status(of: causes)
    }
}

/// One user's scan outcome, and what it says about their domain.
struct UserOutcome: Sendable {
    var user: ScanUser
    var domain: String
    /// The domain's own causes (DNS, typo) as this user's checks found them.
    var domainCodes: [FindingCode]
    var domainStatus: ScanStatus
}

/// Judges one user: the user checks against the org part, ranked alone (an org-wide cause does not hide a user's
/// own), then the org's causes and unknowns folded into the status.
struct UserJudge: Sendable {
    var org: OrgEvidence
    var orgOutcome: OrgOutcome
    var checks: [any Check]
    var rules: RuleBook

    static let noUser = UserEvidence(subject: "", user: .missing(reason: "an org check reads no user"))
    /// The checks whose findings are about the address's domain rather than the user.
    static let domainChecks: Set<String> = ["dns.recipient", "address.domain-typo"]

    init(org: OrgEvidence, orgOutcome: OrgOutcome, checks: [any Check], rules: RuleBook) {
        self.org = org; self.orgOutcome = orgOutcome; self.checks = checks; self.rules = rules
    }

    /// The address's domain, lowercased; empty when the address has none.
    static func domain(of user: UserEvidence) -> String {
        guard let email = user.user.value??.email, let at = email.lastIndex(of: "@") else { return "" }
        return String(email[email.index(after: at)...]).trimmedOfSpaces.lowercased()
    }

    /// blocked when a cause is a blocker, warning when a cause is a warning, else ok.
    static func status(of causes: [ReportFinding]) -> ScanStatus {
        if causes.contains(where: { $0.severity == .blocker }) { return .blocked }
        return causes.isEmpty ? .ok : .warning
    }

    func outcome(_ userPart: UserEvidence) async -> UserOutcome {
        let evidence = Evidence(org: org, user: userPart)
        let results = await Engine.runInline(checks, evidence)
        let report = Diagnosis.report(evidence: evidence, results: results, rules: rules, personalData: false)
        let causes = report.findings.filter(\.isCause)
        let cautions = report.findings.filter { $0.role == .caution && !$0.moot }.map(\.code)
        var status = max(orgOutcome.status, Self.status(of: causes))
        let unknownChecks = report.checks.filter { $0.matters && $0.status == .unknown } + orgOutcome.unknown
        if status == .ok, !unknownChecks.isEmpty { status = .unknown }
        var codes = orgOutcome.causeCodes
        for code in causes.map(\.code) + cautions where !codes.contains(code) { codes.append(code) }

        let record = userPart.user.value ?? nil
        let domainCauses = causes.filter { Self.domainChecks.contains($0.check) }
        var domainStatus = Self.status(of: domainCauses)
        if domainStatus == .ok, report.checks.contains(where: { Self.domainChecks.contains($0.id) && $0.status == .unknown }) {
            domainStatus = .unknown
        }
        return UserOutcome(
            user: ScanUser(
                id: record?.id ?? "", username: record?.username ?? userPart.subject, email: record?.email ?? "",
                status: status, codes: codes,
                unknown: status == .unknown ? unknownChecks.map { "\($0.id): \($0.reason)" } : []),
            domain: Self.domain(of: userPart), domainCodes: domainCauses.map(\.code), domainStatus: domainStatus)
    }
}

/// Users, status and codes per recipient domain.
struct DomainTally {
    private var entries: [String: ScanDomain] = [:]

    mutating func add(_ outcome: UserOutcome) {
        var entry = entries[outcome.domain] ?? ScanDomain(domain: outcome.domain, users: 0, status: .ok, codes: [])
        entry.users += 1
        entry.status = max(entry.status, outcome.domainStatus)
        for code in outcome.domainCodes where !entry.codes.contains(code) { entry.codes.append(code) }
        entries[outcome.domain] = entry
    }

    /// Worst first, then most users, then by name.
    func ranked() -> [ScanDomain] {
        entries.values.sorted { a, b in
            if a.status != b.status { return a.status > b.status }
            if a.users != b.users { return a.users > b.users }
            return a.domain < b.domain
        }
    }
}
