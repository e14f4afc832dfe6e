import Foundation
import Salesforce

/// Did an admin (or an API call) reset the user's password in the evidence window? A self-service
/// "Forgot password" request leaves no audit trail row, so "no row" is strong only when the email log agrees.
struct AuditResetCheck: Check {
    let id = "audit.reset"
    let scope: CheckScope = .ticket
    let title = "Password reset in the Setup Audit Trail"
    let codes: [FindingCode] = [.auditNoReset, .auditResetFound]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let audit = try evidence.auditTrail.require()
            let resets = try evidence.passwordResets(of: user)
            guard let latest = resets.first else {
                // The email log settles it when present: no mail to the user either means nothing was sent at all.
                let log = evidence.emailLog.value
                let mailedUser = log?.contains { $0.recipient.lowercased() == user.email.lowercased() && $0.date >= evidence.windowStart } ?? true
                var lines = [
                    EvidenceLine(evidence.auditSource, "\(audit.count) rows since \(evidence.windowStart.userCheckTimestamp); none resets the password of \(user.displayName)", personal: true),
                    EvidenceLine(evidence.auditSource, .selfServiceNote),
                ]
                if let source = evidence.emailLog.source, let log {
                    lines.append(EvidenceLine(source, mailedUser ? "the log shows mail to \(user.email): perhaps a self-service reset" : "no mail to \(user.email) in \(log.rowCount) rows either", personal: true))
                }
                let title = String.noResetTitle(user, since: evidence.windowStart)
                let finding = Finding(.auditNoReset, confidence: mailedUser ? .likely : .confirmed, title: title, evidence: lines)
                return .found([finding], reason: title)
            }
            let finding = Finding(
                .auditResetFound, confidence: .confirmed, title: .resetTitle(user, latest, now: evidence.now),
                evidence: resets.map { $0.userCheckEvidenceLine(fallbackSource: evidence.auditSource) } + repeatNote(resets, evidence))
            return .pass(finding.title, info: [finding])
        }
    }

    /// KB 001109589: evenly spaced repeats come from a browser auto-refreshing the reset result page.
    private func repeatNote(_ resets: [AuditTrailEntry], _ evidence: Evidence) -> [EvidenceLine] {
        guard resets.count >= 2 else { return [] }
        let gaps = zip(resets, resets.dropFirst()).map { $0.createdDate.timeIntervalSince($1.createdDate) }
        let evenlySpaced = resets.count >= 3 && (gaps.max() ?? 0) <= (gaps.min() ?? 0) * 1.2 + 5
        let text = "\(resets.count) resets in the window" + (evenlySpaced
            ? ", evenly spaced every \(spokenDuration(gaps.reduce(0, +) / Double(gaps.count))): a browser auto-refreshing the reset result page does this (KB 001109589); each reset invalidates the previous link"
            : "; each reset invalidates the previous link, so only the newest email works")
        return [EvidenceLine(evidence.auditSource, text)]
    }

    var examples: [CheckExample] {
        [
            CheckExample("admin reset an hour ago", status: .pass, codes: [.auditResetFound]),
            CheckExample("reset found in the CSV download (no action code)", status: .pass, codes: [.auditResetFound]) {
                $0.auditTrail = .found([.reset(minutesAgo: 30, action: nil)], source: "audit-trail.csv")
            },
            CheckExample("evenly spaced repeated resets", status: .pass, codes: [.auditResetFound]) {
                $0.auditTrail = .found([.reset(minutesAgo: 5), .reset(minutesAgo: 10), .reset(minutesAgo: 15)], source: "audit-trail.json")
            },
            CheckExample("no reset and no mail to the user", status: .fail, codes: [.auditNoReset]) {
                $0.auditTrail = .found([], source: "audit-trail.json")
                $0.emailLog = .found([], source: "email-log.csv")
            },
            CheckExample("no reset but mail to the user (self-service?)", status: .fail, codes: [.auditNoReset]) {
                $0.auditTrail = .found([], source: "audit-trail.json")
            },
            CheckExample("a reset of another user does not count", status: .fail, codes: [.auditNoReset]) {
                $0.auditTrail = .found([AuditTrailEntry(action: nil, display: "Reset password for user Ada Lovelace-Byron",
                                                        createdDate: Evidence.exampleNow.addingTimeInterval(-600), origin: "audit-trail.csv line 2")], source: "audit-trail.csv")
            },
            CheckExample("no audit trail", status: .unknown) { $0.auditTrail = .missing(reason: "no audit trail") },
            CheckExample("the user record has no Name and a reset row names a user by name", status: .unknown) {
                $0.editUser { $0.name = nil }
                $0.auditTrail = .found([.reset(minutesAgo: 30, action: nil)], source: "audit-trail.csv")
            },
            CheckExample("a reset row without its Display sentence names nobody", status: .unknown) {
                $0.auditTrail = .found([AuditTrailEntry(action: "resetpassword", display: "resetpassword",
                                                        createdDate: Evidence.exampleNow.addingTimeInterval(-600), origin: "audit-trail.json record 1")], source: "audit-trail.json")
            },
            CheckExample("no Name, but the reset row names the user's username", status: .pass, codes: [.auditResetFound]) {
                $0.editUser { $0.name = nil }
                $0.auditTrail = .found([AuditTrailEntry(action: "resetpassword", display: "Reset password for user ada@acme.example",
                                                        createdDate: Evidence.exampleNow.addingTimeInterval(-600), origin: "audit-trail.json record 1")], source: "audit-trail.json")
            },
            CheckExample("no Name and no reset row of anyone: no reset is still certain", status: .fail, codes: [.auditNoReset]) {
                $0.editUser { $0.name = nil }
                $0.auditTrail = .found([], source: "audit-trail.json")
                $0.emailLog = .found([], source: "email-log.csv")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func noResetTitle(_ user: SalesforceUser, since start: Date) -> String {
        "No admin password reset for \(user.name ?? user.username) in the audit trail since \(start.userCheckTimestamp)"
    }
    fileprivate static let selfServiceNote = "a self-service \"Forgot password\" request would not show here: only admin and API resets are logged"
    fileprivate static func resetTitle(_ user: SalesforceUser, _ reset: AuditTrailEntry, now: Date) -> String {
        "Password of \(user.name ?? user.username) reset at \(reset.createdDate.userCheckTimestamp) \(reset.actorText), \(spokenDuration(now.timeIntervalSince(reset.createdDate))) before the evidence was taken"
    }
}

extension AuditTrailEntry {
    /// For examples: a reset of the example user.
    fileprivate static func reset(minutesAgo: Double, action: String? = "resetpassword") -> AuditTrailEntry {
        AuditTrailEntry(
            action: action, section: "Manage Users", display: "Reset password for user Ada Lovelace",
            createdDate: Evidence.exampleNow.addingTimeInterval(-minutesAgo * 60), createdByUsername: "admin@acme.example",
            origin: action == nil ? "audit-trail.csv line 2" : "audit-trail.json record 1")
    }
}
