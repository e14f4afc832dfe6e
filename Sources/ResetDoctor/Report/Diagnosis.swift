import Foundation

/// Turns check results into a ranked report with a verdict.
public enum Diagnosis {
    /// Runs every check of `engine` against `evidence`, then ranks the findings into a report.
    public static func run(
        _ evidence: Evidence, rules: RuleBook, engine: Engine = Engine(), progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async -> Report {
        let results = await engine.run(evidence, progress: progress)
        return report(evidence: evidence, results: results, rules: rules)
    }

    /// Ranks the findings of `results` (in registry order) and decides the verdict:
    /// cause-found when a non-moot cause that is a blocker or warning exists; else incomplete when a check that
    /// matters ended unknown; else no-cause-found. Context and cautions never make a cause.
    /// `personalData: false` skips collecting what `--redact` masks (a scan, which redacts nothing, per user).
    public static func report(evidence: Evidence, results: [CheckResult], rules: RuleBook, personalData collect: Bool = true) -> Report {
        let results = DNSTrust.applied(to: results, evidence: evidence)
        let ranked = Ranking.rank(results.flatMap(\.findings), rules: rules)
        // A caution travels with every remedy that re-sends the reset.
        var cautions: [FindingCode] = []
        for entry in ranked where entry.role == .caution && !entry.moot && !cautions.contains(entry.finding.code) {
            cautions.append(entry.finding.code)
        }
        let findings = ranked.enumerated().map { index, entry in
            let remediation = rules.remediation(for: entry.finding.code).map(ReportRemediation.init)
            return ReportFinding(
                finding: entry.finding, rank: index + 1, role: entry.role,
                cautions: remediation?.action == .reset && entry.role == .cause && !entry.moot ? cautions : [],
                moot: entry.moot, mootBecause: entry.mootBecause, remediation: remediation)
        }
        let verdict: Verdict
        if findings.contains(where: \.isCause) {
            verdict = .causeFound
        } else if results.contains(where: { $0.matters && $0.status == .unknown }) {
            verdict = .incomplete
        } else {
            verdict = .noCauseFound
        }
        let user = evidence.user.value ?? nil
        return Report(
            subject: evidence.subject, generatedFor: evidence.now,
            org: OrgSummary(id: evidence.org?.id, name: evidence.org?.name, isSandbox: evidence.org?.isSandbox),
            user: UserSummary(id: user?.id, username: user?.username, email: user?.email, name: user?.name),
            verdict: verdict, findings: findings, checks: results.map(ReportCheck.init),
            personalData: collect ? personalData(in: evidence) : [], dnsSource: DNSSource.of(evidence.dns)
        )
    }

    /// What `--redact` must mask: the subject, the user's username, address and name, and the admins in the
    /// audit trail.
    static func personalData(in evidence: Evidence) -> [String] {
        var strings = [evidence.subject]
        if let user = evidence.user.value ?? nil { strings += [user.username, user.email, user.name].compactMap { $0 } }
        for entry in evidence.auditTrail.value ?? [] {
            strings += [entry.createdByUsername, entry.delegateUser].compactMap { $0 }
        }
        var seen = Set<String>()
        return strings.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}
