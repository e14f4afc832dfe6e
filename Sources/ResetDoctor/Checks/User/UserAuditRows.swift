import Foundation
import Salesforce

/// A kind of Setup Audit Trail row: the API `Action` codes that mean it, and the start of the sentence the Setup
/// CSV download carries instead (the CSV has no action code). Shared with the audit-trail checks
/// (Checks/Evidence/AuditActions.swift), so both forms are recognised in one place.
struct UserAuditEvent: Sendable, Hashable {
    var actions: Set<String>
    var sentencePrefixes: [String]

    static let passwordReset = UserAuditEvent(actions: ["resetpassword"], sentencePrefixes: ["Reset password for user"])
    static let passwordSet = UserAuditEvent(actions: ["changedpassword"], sentencePrefixes: ["Set new password for user"])
    static let deactivated = UserAuditEvent(actions: ["deactivateduser"], sentencePrefixes: ["Deactivated user"])
    static let activated = UserAuditEvent(actions: ["activateduser"], sentencePrefixes: ["Activated user"])
    // The CSV wording of freeze rows is not documented; these are the likely forms.
    static let frozen = UserAuditEvent(actions: ["frozeuser"], sentencePrefixes: ["Froze user", "Frozen user", "Freeze user"])
    /// "Email change attempted for user X (UserID: [...]) from old@ to new@": the change awaits verification.
    static let emailChangeSent = UserAuditEvent(
        actions: ["useremailchangesent"], sentencePrefixes: ["Email change attempted for user"])
    /// "Changed email for user X ... from old@ to new@": the change was applied.
    static let emailChanged = UserAuditEvent(actions: ["changedemail"], sentencePrefixes: ["Changed email for user"])
    /// Every kind above: `AuditTrailIndex` sorts the rows into them once.
    static let all: [UserAuditEvent] = [.passwordReset, .passwordSet, .deactivated, .activated, .frozen, .emailChangeSent, .emailChanged]

    /// API rows match on `Action` alone; CSV rows (no action) on the start of their sentence, ignoring case.
    func matches(_ entry: AuditTrailEntry) -> Bool {
        if let action = entry.action, !action.isEmpty { return actions.contains(action) }
        let sentence = entry.display.trimmingCharacters(in: .whitespacesAndNewlines)
        return sentencePrefixes.contains { sentence.range(of: $0, options: [.anchored, .caseInsensitive]) != nil }
    }
}

extension Evidence {
    /// Setup Audit Trail rows about `user` that are one of `events`, newest first, over the whole audit trail.
    ///
    /// The sentence must name the user (`AuditTrailEntry.mentions`), because the audit trail covers the whole org.
    /// Two users with the same name and no address or Id in the sentence cannot be told apart; such rows match both.
    /// Throws `CheckCannotRun` (→ `unknown`) when the evidence has no audit trail, and when the user record has no
    /// Name while rows of these kinds name someone the record cannot be matched against: "Reset password for user
    /// Ada Lovelace" may be about the user, so "no such row" would be a guess.
    func auditRows(aboutUser user: SalesforceUser, _ events: UserAuditEvent...) throws -> [AuditTrailEntry] {
        _ = try self.auditTrail.require()
        let index = self.auditIndex
        let numbers = index.rowNumbers(of: events)
        if numbers.isEmpty { return [] }
        let rows = numbers.map { index.rows[$0] }
        let offered = index.mayMention(AuditTrailEntry.mentionNames(of: user))
        let about = numbers.filter { offered.contains($0) && index.rows[$0].mentions(user) }.map { index.rows[$0] }
        // A row without its sentence (Display null or missing) names nobody: it may be about the user.
        if let silent = rows.first(where: { !$0.hasSentence }) {
            throw CheckCannotRun(
                reason: "\(silent.origin.isEmpty ? auditSource : silent.origin) is a \(silent.action ?? "matching") row without its Display sentence, so which user it is about is not known")
        }
        if (user.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty, about.count < rows.count {
            let example = rows.first { !$0.mentions(user) }.map { " (\($0.origin.isEmpty ? auditSource : $0.origin): \"\($0.display)\")" } ?? ""
            throw CheckCannotRun(
                reason: "\(userSource) has no Name for \(user.username), and \(rows.count - about.count) audit row(s) of this kind name a user that cannot be matched without it\(example); add Name to the user query")
        }
        return about.sorted { $0.createdDate > $1.createdDate }
    }

    /// Where audit rows came from, for evidence lines of rows without their own origin.
    var auditSource: String { self.auditTrail.source ?? "audit-trail" }
}

extension AuditTrailEntry {
    /// False when the row has no sentence: the parser falls back to the action code when Display is null.
    var hasSentence: Bool {
        let sentence = display.trimmingCharacters(in: .whitespacesAndNewlines)
        return !sentence.isEmpty && sentence != action
    }

    /// Whether the sentence names `user` (name, username, email, or 15/18-character Id) as a whole word, so
    /// "Ada Lovelace" does not match "Ada Lovelace-Byron".
    func mentions(_ user: SalesforceUser) -> Bool {
        Self.mentionNames(of: user).contains { display.containsWholeWord($0) }
    }

    /// What a sentence may call `user` by: name, username, email, 15/18-character Id, of three characters or more.
    static func mentionNames(of user: SalesforceUser) -> [String] {
        [user.name, user.username, user.email, user.id, String(user.id.prefix(15))]
            .compactMap { $0?.trimmedOfSpaces }
            .filter { $0.utf8.count >= 3 && $0.count >= 3 }
    }

    /// "2026-11-20 14:02 UTC, by admin@acme.example: Deactivated user Ada Lovelace", sourced to the row.
    func userCheckEvidenceLine(fallbackSource: String) -> EvidenceLine {
        var who = "by \(createdByUsername ?? "an unnamed user")"
        if let delegateUser, !delegateUser.isEmpty { who += " (logged in as \(delegateUser))" }
        let sentence = display.trimmingCharacters(in: .whitespacesAndNewlines)
        return EvidenceLine(
            origin.isEmpty ? fallbackSource : origin, "\(createdDate.userCheckTimestamp), \(who): \(sentence)",
            personal: true)
    }
}

extension String {
    /// Without leading and trailing spaces (`CharacterSet.whitespaces`); a string that starts and ends with another
    /// ASCII character is returned as it is, without Foundation (a scan asks this of every user several times).
    var trimmedOfSpaces: String {
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// Whether `word` is in the text ignoring case: byte by byte when both are ASCII (a scan asks this of every login
    /// of every user), else through Foundation, whose case folding covers the rest of Unicode.
    func containsIgnoringCase(_ word: String) -> Bool {
        guard utf8.allSatisfy({ $0 < 0x80 }), word.utf8.allSatisfy({ $0 < 0x80 }) else {
            return range(of: word, options: .caseInsensitive) != nil
        }
        let text = Array(utf8), needle = Array(word.utf8)
        guard !needle.isEmpty else { return true }
        guard needle.count <= text.count else { return false }
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return (0...(text.count - needle.count)).contains { start in
            needle.indices.allSatisfy { lower(text[start + $0]) == lower(needle[$0]) }
        }
    }

    /// Case-insensitive search for `word` with no letter, digit, "-", "_", "." or "@" directly around it
    /// (a trailing "." ends a sentence, so it is allowed after the word).
    fileprivate func containsWholeWord(_ word: String) -> Bool {
        let joining: (Character) -> Bool = { $0.isLetter || $0.isNumber || "-_@".contains($0) }
        var searchStart = startIndex
        while let found = range(of: word, options: .caseInsensitive, range: searchStart..<endIndex) {
            let before = found.lowerBound == startIndex ? nil : self[index(before: found.lowerBound)]
            let after = found.upperBound == endIndex ? nil : self[found.upperBound]
            if !(before.map { joining($0) || $0 == "." } ?? false), !(after.map(joining) ?? false) { return true }
            searchStart = index(after: found.lowerBound)
        }
        return false
    }
}
