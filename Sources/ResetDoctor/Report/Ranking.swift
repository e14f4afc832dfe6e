import Foundation

/// Orders findings so the cause to fix first comes first (design.md "Rules and ranking").
///
/// 1. How far the reset got: the furthest journey stage a finding shows it reached (a reset row, a log line).
///    A finding that says the mail never got that far (no reset in the audit trail, an org setting or a relay
///    that stops it) is refuted for this ticket: moot because of the further evidence (a self-service reset
///    leaves no audit row; a mail the log shows delivered went past the relay). Refuted "no reset" becomes context.
/// 2. Moot: a finding whose code a higher-ranked, non-moot finding's rule `supersedes`.
/// 3. Order: causes, `general.check-spam`, context (furthest along first), cautions (each also shown with the
///    remedies it qualifies), then moot findings (check-spam last of them). Among causes: severity, confidence,
///    the rule's impact over effort, the later journey stage, code; so the first finding is the live cause the
///    evidence reaches furthest.
enum Ranking {
    struct Ranked: Equatable {
        var finding: Finding
        var role: FindingRole
        var moot: Bool
        var mootBecause: FindingCode?
    }

    /// The furthest stage some finding shows the reset reached, and the code that shows it.
    struct Reach: Equatable {
        var stage: JourneyStage
        var code: FindingCode
    }

    static func rank(_ findings: [Finding], rules: RuleBook) -> [Ranked] {
        let reach = furthestReached(findings)
        let ordered = baseOrder(findings, rules: rules)
        let refutedBy = ordered.map { refutation(of: $0, reach: reach) }
        let mootBy = mootReasons(ordered, rules: rules, refutedBy: refutedBy)
        let ranked = ordered.enumerated().map { index, finding in
            // "No reset was sent" refuted by the log is what happened (no admin reset), not a cause.
            let refutedToContext = refutedBy[index] != nil && finding.code == .auditNoReset
            return Ranked(finding: finding, role: refutedToContext ? .context : finding.role,
                          moot: mootBy[index] != nil, mootBecause: mootBy[index])
        }
        return ranked.enumerated().sorted { lhs, rhs in
            let (a, b) = (group(lhs.element), group(rhs.element))
            if a != b { return a < b }
            if a == Group.context.rawValue, lhs.element.finding.code.stage != rhs.element.finding.code.stage {
                return lhs.element.finding.code.stage > rhs.element.finding.code.stage
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    private enum Group: Int { case cause, spam, context, caution, moot, mootSpam }

    private static func group(_ entry: Ranked) -> Int {
        let spam = entry.finding.code == .generalCheckSpam
        if entry.moot { return (spam ? Group.mootSpam : Group.moot).rawValue }
        switch entry.role {
        case .cause: return (spam ? Group.spam : Group.cause).rawValue
        case .caution: return Group.caution.rawValue
        case .context: return Group.context.rawValue
        }
    }

    /// Only evidence at least likely counts: a message the log only possibly ties to the reset refutes nothing.
    static func furthestReached(_ findings: [Finding]) -> Reach? {
        findings.compactMap { finding -> Reach? in
            guard case .reached(let stage) = finding.code.profile.journey, finding.confidence >= .likely else { return nil }
            return Reach(stage: stage, code: finding.code)
        }.max { $0.stage < $1.stage }
    }

    /// The code of the finding that shows the reset got past where `finding` says it stopped, or nil.
    static func refutation(of finding: Finding, reach: Reach?) -> FindingCode? {
        guard case .stopsBefore(let stage) = finding.code.profile.journey, let reach, reach.stage >= stage else { return nil }
        return reach.code
    }

    static func baseOrder(_ findings: [Finding], rules: RuleBook) -> [Finding] {
        let priority: (Finding) -> Double = { rules.remediation(for: $0.code)?.priority ?? 1 }
        return findings.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.severity != b.severity { return a.severity > b.severity }
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if priority(a) != priority(b) { return priority(a) > priority(b) }
            if a.code.stage != b.code.stage { return a.code.stage > b.code.stage }
            if a.code != b.code { return a.code < b.code }
            return lhs.offset < rhs.offset  // stable for equal findings
        }.map(\.element)
    }

    /// For each position in `ordered`, the code that makes it moot (nil when it is not moot).
    ///
    /// A refuted finding is moot because of the evidence that refutes it. Otherwise a finding is moot when a
    /// non-moot finding of another code supersedes it; in a cycle (each supersedes the other) the higher-ranked
    /// one wins. Repeats until nothing changes, since a finding made moot no longer makes others moot.
    /// Updates in rank order, so a chain (A supersedes B supersedes C) settles in one or two passes.
    static func mootReasons(_ ordered: [Finding], rules: RuleBook, refutedBy: [FindingCode?]? = nil) -> [FindingCode?] {
        let refuted = refutedBy ?? [FindingCode?](repeating: nil, count: ordered.count)
        let supersedes = ordered.map { Set(rules.remediation(for: $0.code)?.supersedes ?? []) }
        var mootBy = refuted
        for _ in 0...ordered.count {
            let before = mootBy
            for (index, finding) in ordered.enumerated() where refuted[index] == nil {
                mootBy[index] = ordered.indices.first { other in
                    other != index && ordered[other].code != finding.code && mootBy[other] == nil
                        && supersedes[other].contains(finding.code)
                        && !(supersedes[index].contains(ordered[other].code) && index < other)
                }.map { ordered[$0].code }
            }
            if before == mootBy { break }
        }
        return mootBy
    }
}
