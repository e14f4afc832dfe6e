import Foundation
import Salesforce

/// Decides whether re-sending the reset can help (design.md "The reset action"): not while a blocker stands that
/// would stop the email again, not twice within a short window, and never without warning for an integration user.
public enum ResetGuard {
    /// Findings that would stop the new email too; each refuses the reset unless `--force`.
    public static let blockingCodes: [FindingCode] = [
        .userNotFound, .userInactive, .userFrozen, .userSSODelegated, .orgDeliverabilityNoAccess,
        .userEmailInvalid, .userEmailDomainMissing, .userEmailNullMX, .userEmailNoMX, .userEmailSandboxSuffix,
    ]

    /// How long after a reset a second one needs `--force`.
    public static let repeatWindow: TimeInterval = 15 * 60

    public struct Assessment: Sendable {
        /// The user to reset, or nil when none matched (then nothing can be reset, even with --force).
        public var user: ResetTarget?
        public var orgId: String
        /// Findings of `blockingCodes` in the report, in report order.
        public var blockers: [ReportFinding]
        /// `user.integration-user`, when found: the reset also changes the password and token integrations use.
        public var integrationWarning: ReportFinding?
        /// A reset of this user within `repeatWindow`, from the ledger or the audit trail.
        public var recentReset: RecentReset?

        /// Whether the reset may go ahead with this `--force` setting.
        public func allows(force: Bool) -> Bool {
            user != nil && ResetGuard.allows(blocked: !blockers.isEmpty, recentReset: recentReset, force: force)
        }
    }

    public struct RecentReset: Sendable, Equatable {
        public var at: Date
        /// "resetdoctor's ledger" or "the Setup Audit Trail".
        public var seenIn: String
    }

    /// The report's first line ("Cause found: …"), for commands that print a summary instead of the report.
    public static func headline(of report: Report) -> String { report.headline }

    public static func assess(report: Report, evidence: Evidence, ledger: ResetLedger, now: Date) throws(LedgerError) -> Assessment {
        let user = evidence.user.value ?? nil
        let orgId = orgId(of: evidence.orgPart)
        let blockers = report.findings.filter { isBlocking($0.code) }
        let integration = report.findings.first { $0.code == .userIntegrationUser }
        let recent = try user.flatMap { user throws(LedgerError) in try recentReset(of: user, orgId: orgId, evidence: evidence, ledger: ledger, now: now) }
        return Assessment(user: user.map(ResetTarget.init), orgId: orgId, blockers: blockers, integrationWarning: integration, recentReset: recent)
    }

    // The policy, one piece each, shared by the single reset (`assess`) and the bulk reset (`BulkResetPlan`).

    /// Whether a finding with this code refuses the reset unless `--force`.
    public static func isBlocking(_ code: FindingCode) -> Bool { blockingCodes.contains(code) }

    /// Whether a reset may go ahead: nothing blocks it and it is not a repeat within the window, or `--force`.
    public static func allows(blocked: Bool, recentReset: RecentReset?, force: Bool) -> Bool {
        force || (!blocked && recentReset == nil)
    }

    /// The org the ledger files resets under.
    public static func orgId(of org: OrgEvidence) -> String { org.org?.id ?? "unknown-org" }

    /// The latest reset of `user` within `repeatWindow` before `now`, from the ledger or the audit trail.
    public static func recentReset(
        of user: SalesforceUser, orgId: String, evidence: Evidence, ledger: ResetLedger, now: Date
    ) throws(LedgerError) -> RecentReset? {
        var recent: RecentReset?
        if let entry = try ledger.lastReset(orgId: orgId, userId: user.id), now.timeIntervalSince(entry.at) < repeatWindow {
            recent = RecentReset(at: entry.at, seenIn: "resetdoctor's ledger (\(ledger.file.path))")
        }
        let rows = (try? evidence.auditRows(aboutUser: user, .passwordReset)) ?? []
        if let row = rows.first(where: { now.timeIntervalSince($0.createdDate) < repeatWindow }),
           recent.map({ $0.at < row.createdDate }) ?? true {
            recent = RecentReset(at: row.createdDate, seenIn: "the Setup Audit Trail")
        }
        return recent
    }
}

/// Who a reset goes to: enough to name them and address the confirmation, nothing more.
public struct ResetTarget: Sendable, Equatable {
    public var id: String
    public var username: String
    public var email: String
    public var name: String?

    public init(_ user: SalesforceUser) {
        id = user.id; username = user.username; email = user.email; name = user.name
    }
}
