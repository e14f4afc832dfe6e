import Foundation
import Salesforce

// Audit trail rows come from the API (with the `Action` code) or from the Setup CSV download (only the English
// sentence, in `display`). The matcher for both is `UserAuditEvent` (Checks/User/UserAuditRows.swift); the org-level
// actions and helpers of the audit-trail and email-log checks are here, on top of it.

extension UserAuditEvent {
    /// A change of the deliverability level: "Changed Access to Send Email level from X to Y".
    static let sendEmailAccessControl = UserAuditEvent(
        actions: ["sendEmailAccessControl"], sentencePrefixes: ["Changed Access to Send Email level from"])
}

extension Evidence {
    /// Admin password resets of `user` inside the evidence window, newest first. Throws `CheckCannotRun` when the
    /// audit trail is missing or its reset rows cannot be matched to the user (see `auditRows(aboutUser:)`).
    func passwordResets(of user: SalesforceUser) throws -> [AuditTrailEntry] {
        let start = self.windowStart
        return try auditRows(aboutUser: user, .passwordReset).filter { $0.createdDate >= start }
    }

    /// Rows of an org-level action (not about one user), newest first; throws when the audit trail is missing.
    func auditRows(_ event: UserAuditEvent) throws -> [AuditTrailEntry] {
        try self.auditTrail.require().filter(event.matches).sorted { $0.createdDate > $1.createdDate }
    }
}

extension AuditTrailEntry {
    /// "by admin@acme.example", plus the Login-As user when there was one, for evidence lines.
    var actorText: String {
        var text = "by \(createdByUsername ?? "an unnamed user")"
        if let delegateUser, !delegateUser.isEmpty { text += " (logged in as \(delegateUser))" }
        return text
    }
}

/// Durations in evidence lines: "45 s", "12 min", "1 h 5 min", "3 d 2 h".
func spokenDuration(_ seconds: TimeInterval) -> String {
    let total = Int(abs(seconds).rounded())
    if total < 60 { return "\(total) s" }
    if total < 3_600 { return "\(total / 60) min" }
    if total < 86_400 { return "\(total / 3_600) h \((total % 3_600) / 60) min" }
    return "\(total / 86_400) d \((total % 86_400) / 3_600) h"
}
