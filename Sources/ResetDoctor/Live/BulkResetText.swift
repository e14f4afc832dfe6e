import Foundation

extension BulkResetSummary {
    /// The summary for a person: who would be reset (dry run), who was refused and why, who was skipped, who failed
    /// or was left out, then the counts. Users reset for real are not listed again: the run printed each as it went.
    /// `heading: false` leaves out the "Dry run" line (the plan shown before asking).
    public func text(heading: Bool = true) -> String {
        var lines: [String] = []
        if dryRun, heading { lines.append("Dry run: nothing was changed, nothing was sent.") }
        func section(_ outcome: Outcome, _ title: String, more: [String] = []) {
            let mine = users.filter { $0.outcome == outcome }
            guard !mine.isEmpty || !more.isEmpty else { return }
            lines.append("\(title) (\(mine.count + more.count)):")
            for user in mine {
                var line = "  \(user.username) <\(user.email)>"
                if outcome == .refused { line += "  " + user.codes.joined(separator: ", ") }
                if let detail = user.detail { line += "  " + detail }
                if user.integrationUser, outcome == .wouldReset || outcome == .reset {
                    line += "  (integration user: the reset changes the password AND the security token)"
                }
                lines.append(line)
            }
            lines += more
        }
        section(.wouldReset, "Would reset")
        section(.refused, "Refused: fix the cause first, or pass --force", more:
            unmatched.map { "  \($0)  user.not-found: matches no user in the org" }
            + ambiguous.map { "  \($0)  ambiguous-name: several users have it; name each by username or Id" })
        section(.alreadyReset, "Already reset in the last 15 minutes, skipped (--force resets them again)")
        section(.failed, "Failed")
        section(.notAttempted, "Not attempted: the run stopped; run the same command again to go on")
        if let stopped { lines.append("Stopped: \(stopped)") }
        lines.append("Summary: " + countsLine())
        return lines.joined(separator: "\n") + "\n"
    }

    private func countsLine() -> String {
        let causes = counts.refusedByCause.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var parts = [dryRun ? "\(counts.wouldReset) would be reset" : "\(counts.reset) reset"]
        parts.append("\(counts.refused) refused" + (causes.isEmpty ? "" : " (\(causes))"))
        parts.append("\(counts.alreadyReset) already reset")
        if !dryRun {
            parts.append("\(counts.failed) failed")
            if counts.notAttempted > 0 { parts.append("\(counts.notAttempted) not attempted") }
        }
        return parts.joined(separator: ", ")
    }
}

extension BulkResetRun.StopReason {
    /// Why the run stopped, and how to go on.
    public var message: String {
        let rerun = "Run the same command again to go on: it skips everyone already reset."
        switch self {
        case .apiLimit(let usage):
            return "the org's daily API limit is near: \(usage.used) of \(usage.limit) requests used in the last 24 hours, and \(BulkResetRun.reserve(limit: usage.limit)) are kept for the org's other work. \(rerun)"
        case .interrupted: return "interrupted: the resets in flight finished and were recorded. \(rerun)"
        case .orgFailed(let error): return "\(error.description) \(rerun)"
        case .ledger(let error): return error.description
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .apiLimit: 69
        case .interrupted: 130
        case .orgFailed(let error): error.exitCode
        case .ledger(let error): error.exitCode
        }
    }
}

extension BulkResetPlan {
    /// Above this many users a bulk reset needs `--max N`, so a whole org is never reset by accident.
    public static let countWithoutMax = 20

    /// Why `count` users may not be reset with this `--max`; nil when they may.
    public static func countProblem(_ count: Int, max: Int?) -> String? {
        guard count > countWithoutMax, (max ?? 0) < count else { return nil }
        return max.map { "--max \($0) is less than the \(count) users to reset; pass --max \(count) if you mean it." }
            ?? "\(count) users to reset: more than \(countWithoutMax) needs --max \(count) (at least their number), so a whole org is never reset by accident."
    }
}
