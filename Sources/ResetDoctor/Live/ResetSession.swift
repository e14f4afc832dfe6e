import Foundation

/// One user's reset as policy: assessed against the diagnosis and the ledger, refused with the reason, planned for a
/// dry run, and sent under the ledger's lock. The command line adds only the terminal (asking, printing, exit codes).
public struct ResetSession: Sendable {
    public var connection: LiveConnection
    public var evidence: Evidence
    public var report: Report
    /// `--force`: reset despite blockers and a recent reset.
    public var force: Bool
    public var ledger: ResetLedger

    /// How long a reset waits for another one holding the ledger's lock (that one sends one request).
    public static let lockWait: TimeInterval = 30

    public init(connection: LiveConnection, evidence: Evidence, report: Report, force: Bool, ledger: ResetLedger) {
        self.connection = connection; self.evidence = evidence; self.report = report; self.force = force; self.ledger = ledger
    }

    /// What a send came to.
    public enum Outcome: Sendable, Equatable {
        /// Refused after all: the ledger changed while this run diagnosed or asked.
        case refused(String)
        /// Sent; `warning` when it could not be recorded.
        case sent(email: String, warning: String?)
    }

    public func assess() throws(LedgerError) -> ResetGuard.Assessment {
        try ResetGuard.assess(report: report, evidence: evidence, ledger: ledger, now: connection.clock())
    }

    /// Why the reset may not go ahead, line by line with each blocker's first fix; nil when it may (or with --force).
    public func refusal(_ assessment: ResetGuard.Assessment) -> String? {
        if force { return nil }
        var lines: [String] = []
        if !assessment.blockers.isEmpty {
            let one = assessment.blockers.count == 1
            lines.append("Refusing to reset: \(one ? "this finding" : "these findings") would stop the new email too. Fix \(one ? "it" : "them") first, or pass --force:")
            for finding in assessment.blockers {
                lines.append("  [\(finding.code.rawValue)] \(finding.title)")
                if let step = finding.remediation?.steps.first { lines.append("      fix: \(step.plainText)") }
            }
        }
        if let recent = assessment.recentReset {
            let minutes = max(0, Int(connection.clock().timeIntervalSince(recent.at) / 60))
            lines.append("Refusing to reset: \(evidence.subject) was reset \(minutes) minute\(minutes == 1 ? "" : "s") ago (seen in \(recent.seenIn)); a second reset within 15 minutes needs --force. The first link may still be on its way, and each reset invalidates the previous link.")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// `finding` is `user.integration-user` when the diagnosis has it (its title says why); a bulk plan knows only that.
    public static func integrationWarning(_ user: ResetTarget, _ finding: ReportFinding?) -> String {
        "warning: \(user.username) looks like an integration user\(finding.map { " (\($0.title))" } ?? ""). A reset changes the password AND the security token: API logins that use them stop working until they are updated."
    }

    public static func question(_ user: ResetTarget) -> String {
        "Reset the password of \(user.username) and email a link to \(user.email)?"
    }

    /// `--dry-run`: what was checked, and what would be asked, called and recorded.
    public func plan(_ user: ResetTarget, _ assessment: ResetGuard.Assessment) -> String {
        """
        Plan (dry run: nothing was changed, nothing was sent):
          1. Checked: \(report.findings.isEmpty ? "no findings" : "\(report.findings.count) finding(s)"); blockers that would stop the email: \(assessment.blockers.isEmpty ? "none" : assessment.blockers.map(\.code.rawValue).joined(separator: ", ")); reset in the last 15 minutes: \(assessment.recentReset == nil ? "none" : "yes")
          2. Would confirm: "\(Self.question(user))" (or --yes)
          3. Would call: DELETE /services/data/…/sobjects/User/\(user.id)/password in org \(assessment.orgId) (\(connection.flowName)); Salesforce resets the password and security token and emails a link to \(user.email)
          4. Would record: {orgId \(assessment.orgId), userId \(user.id), time} in \(ledger.file.path)
        """
    }

    /// Read-check-send-record under the ledger's lock: a concurrent reset of the same user (another terminal, a
    /// script started twice) waits here, then sees this reset in the ledger and refuses, so exactly one is sent.
    /// Throws `LiveError` (the org) and `LedgerError` (the ledger).
    public func send(_ user: ResetTarget, _ assessment: ResetGuard.Assessment) async throws -> Outcome {
        try await ledger.exclusively(wait: Self.lockWait) {
            // The ledger may have changed while this run diagnosed or asked: check again under the lock.
            if let refusal = refusal(try assess()) { return .refused(refusal) }
            let sentAt: Date
            do {
                sentAt = try await ResetAction.send(connection: connection, userId: user.id)
            } catch let error as LiveError where ResetAction.mayHaveReset(error) {
                // Unanswered, perhaps done: guard the window as if it were, so a quick retry cannot double it.
                try? ledger.record(ResetLedger.Entry(orgId: assessment.orgId, userId: user.id, at: connection.clock()))
                throw error
            }
            do {
                try ledger.record(ResetLedger.Entry(orgId: assessment.orgId, userId: user.id, at: sentAt))
                return .sent(email: user.email, warning: nil)
            } catch {
                return .sent(email: user.email, warning: "warning: the reset was sent, but \(error)")
            }
        }
    }
}
