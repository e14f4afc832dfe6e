import Foundation
import Salesforce

/// A kind of Setup Audit Trail row about one user: the API `Action` codes that mean it, and the start of the
/// sentence the Setup CSV download carries instead (the CSV has no action code).
struct UserAuditEvent: Sendable, Hashable {
    var actions: Set<String>
    var sentencePrefixes: [String]

    static let passwordReset = UserAuditEvent(actions: ["resetpassword"], sentencePrefixes: ["Reset password for user"])
    static let passwordSet = UserAuditEvent(actions: ["changedpassword"], sentencePrefixes: ["Set new password for user"])
    static let deactivated = UserAuditEvent(actions: ["deactivateduser"], sentencePrefixes: ["Deactivated user"])
    static let activated = UserAuditEvent(actions: ["activateduser"], sentencePrefixes: ["Activated user"])
    // The CSV wording of freeze rows is not documented; these are the likely forms.
    static let frozen = UserAuditEvent(actions: ["frozeuser"], sentencePrefixes: ["Froze user", "Frozen user", "Freeze user"])
    static let emailChangeSent = UserAuditEvent(
        actions: ["useremailchangesent"], sentencePrefixes: ["Email change attempted for user"])
    static let emailChanged = UserAuditEvent(actions: ["changedemail"], sentencePrefixes: ["Changed email for user"])

    func matches(_ entry: AuditTrailEntry) -> Bool {
        if let action = entry.action, !action.isEmpty { return actions.contains(action) }
        let sentence = entry.display.trimmingCharacters(in: .whitespacesAndNewlines)
        return sentencePrefixes.contains { sentence.range(of: $0, options: [.anchored, .caseInsensitive]) != nil }
    }
}

extension Evidence {
    /// Setup Audit Trail rows about `user` that are one of `events`, newest first.
    ///
    /// API rows match on `Action`, CSV rows (action nil) on the start of their sentence. Either way the sentence
    /// must name the user (name, username, or 15/18-character Id), because the audit trail covers the whole org.
    /// Two users with the same name cannot be told apart in a CSV row; such rows match both.
    /// Throws `CheckCannotRun` (→ `unknown`) when the evidence has no audit trail.
    func auditRows(aboutUser user: SalesforceUser, _ events: UserAuditEvent...) throws -> [AuditTrailEntry] {
        try auditTrail.require()
            .filter { entry in events.contains { $0.matches(entry) } && entry.mentions(user) }
            .sorted { $0.createdDate > $1.createdDate }
    }

    /// Where audit rows came from, for evidence lines of rows without their own origin.
    var auditSource: String { auditTrail.source ?? "audit-trail" }
}

extension AuditTrailEntry {
    /// Whether the sentence names `user`, as a whole word (so "Ada Lovelace" does not match "Ada Lovelaceson").
    func mentions(_ user: SalesforceUser) -> Bool {
        let names = [user.name, user.username, user.id, String(user.id.prefix(15))]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count >= 3 }
        return names.contains { display.containsWord($0) }
    }

    /// "2026-11-20 14:02 UTC by admin@acme.example: Deactivated user Ada Lovelace", sourced to the row.
    func userCheckEvidenceLine(fallbackSource: String) -> EvidenceLine {
        var who = createdByUsername.map { " by \($0)" } ?? ""
        if let delegateUser, !delegateUser.isEmpty { who += " (logged in as \(delegateUser))" }
        let sentence = display.trimmingCharacters(in: .whitespacesAndNewlines)
        return EvidenceLine(
            origin.isEmpty ? fallbackSource : origin, "\(createdDate.userCheckTimestamp)\(who): \(sentence)",
            personal: true)
    }
}

extension String {
    /// Case-insensitive search for `word` with no letter or digit directly before or after it.
    fileprivate func containsWord(_ word: String) -> Bool {
        var searchRange = startIndex..<endIndex
        while let found = range(of: word, options: .caseInsensitive, range: searchRange) {
            let before = found.lowerBound == startIndex ? nil : self[index(before: found.lowerBound)]
            let after = found.upperBound == endIndex ? nil : self[found.upperBound]
            let isBoundary = { (char: Character?) in char.map { !($0.isLetter || $0.isNumber) } ?? true }
            if isBoundary(before) && isBoundary(after) { return true }
            searchRange = found.upperBound..<endIndex
        }
        return false
    }
}
