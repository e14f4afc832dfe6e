import Foundation

/// Orders findings so the cause to fix first comes first.
///
/// Base order: severity (blocker > warning > info), then confidence, then the rule's impact over effort, then
/// code. Then a finding whose code a higher-ranked, non-moot finding's rule `supersedes` is moot: it moves
/// after every non-moot finding. `general.check-spam` is always last.
enum Ranking {
    struct Ranked: Equatable {
        var finding: Finding
        var moot: Bool
        var mootBecause: FindingCode?
    }

    static func rank(_ findings: [Finding], rules: RuleBook) -> [Ranked] {
        let ordered = baseOrder(findings, rules: rules)
        let mootBy = mootReasons(ordered, rules: rules)
        let ranked = ordered.enumerated().map { Ranked(finding: $1, moot: mootBy[$0] != nil, mootBecause: mootBy[$0]) }
        let spam = ranked.filter { $0.finding.code == .generalCheckSpam }
        let rest = ranked.filter { $0.finding.code != .generalCheckSpam }
        return rest.filter { !$0.moot } + rest.filter(\.moot) + spam
    }

    static func baseOrder(_ findings: [Finding], rules: RuleBook) -> [Finding] {
        let priority: (Finding) -> Double = { rules.remediation(for: $0.code)?.priority ?? 1 }
        return findings.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if (a.code == .generalCheckSpam) != (b.code == .generalCheckSpam) { return b.code == .generalCheckSpam }
            if a.severity != b.severity { return a.severity > b.severity }
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if priority(a) != priority(b) { return priority(a) > priority(b) }
            if a.code != b.code { return a.code < b.code }
            return lhs.offset < rhs.offset  // stable for equal findings
        }.map(\.element)
    }

    /// For each position in `ordered`, the code that makes it moot (nil when it is not moot).
    ///
    /// A finding is moot when a non-moot finding of another code supersedes it; in a cycle (each supersedes the
    /// other) the higher-ranked one wins. Repeats until nothing changes, since a finding made moot no longer
    /// makes others moot.
    /// Updates in rank order, so a chain (A supersedes B supersedes C) settles in one or two passes.
    static func mootReasons(_ ordered: [Finding], rules: RuleBook) -> [FindingCode?] {
        let supersedes = ordered.map { Set(rules.remediation(for: $0.code)?.supersedes ?? []) }
        var mootBy = [FindingCode?](repeating: nil, count: ordered.count)
        for _ in 0...ordered.count {
            let before = mootBy
            for (index, finding) in ordered.enumerated() {
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
