import Foundation
import Salesforce

/// Was the password changed less than a day before the reset while a minimum password lifetime applies? Then
/// Salesforce refuses the reset ("Your password cannot be reset at this time", KB 000333308).
struct UserPasswordMinLifetimeCheck: Check {
    let id = "user.password-min-lifetime"
    let scope: CheckScope = .user
    let title = "No minimum password lifetime blocks the reset"
    let codes: [FindingCode] = [.userPasswordMinLifetime]

    static let minimumLifetime: TimeInterval = 24 * 3_600
    /// A reset sets a temporary password itself; a change this close to the reset (or after it) is the reset's own.
    static let resetOwnChangeTolerance: TimeInterval = 120

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            guard let changed = user.lastPasswordChangeDate else {
                throw CheckCannotRun(reason: "\(evidence.userSource) has no LastPasswordChangeDate for the user")
            }
            // Without the audit trail (or rows that cannot be matched to the user) the reset's time is not known.
            var resetUnknown: String?
            var reset: AuditTrailEntry?
            do { reset = try evidence.auditRows(aboutUser: user, .passwordReset).first } catch let cannot as CheckCannotRun { resetUnknown = cannot.reason }
            let reference = reset?.createdDate ?? evidence.now
            if let reset, changed >= reset.createdDate.addingTimeInterval(-Self.resetOwnChangeTolerance) {
                return .pass("the password last changed at \(changed.userCheckTimestamp), with or after the reset")
            }
            let age = reference.timeIntervalSince(changed)
            guard age < Self.minimumLifetime else {
                // A reset between the change and now may have come within the lifetime: the check cannot pass.
                if let resetUnknown {
                    throw CheckCannotRun(reason: .resetTimeUnknown(changed, age: age, because: resetUnknown))
                }
                return .pass("the password last changed \(spokenDuration(age)) before the \(reset == nil ? "check" : "reset")")
            }
            var lines = [EvidenceLine(evidence.userSource, .changedLine(changed, age: age, reset: reset))]
            if let reset { lines.append(reset.userCheckEvidenceLine(fallbackSource: evidence.auditSource)) }
            // The latest change of the policy decides; the audit trail is optional here (it only raises confidence).
            let policy = (evidence.auditTrail.value ?? []).compactMap { row in row.minimumLifetimeState.map { (row, $0) } }
                .max { $0.0.createdDate < $1.0.createdDate }
            let policyOn = policy?.1 == true
            if let (row, _) = policy { lines.append(row.userCheckEvidenceLine(fallbackSource: evidence.auditSource)) }
            return .found(
                Finding(
                    .userPasswordMinLifetime, confidence: policyOn ? .likely : .possible, title: .title(policyOn),
                    evidence: lines))
        }
    }

    var examples: [CheckExample] {
        let enabled = AuditTrailEntry(
            action: "minimumPasswordLifetimeEnable", section: "Password Policies",
            display: "Enabled minimum password lifetime", createdDate: Evidence.exampleNow.addingTimeInterval(-30 * 86_400),
            createdByUsername: "admin@acme.example", origin: "audit-trail.json record 9")
        let reset = Evidence.healthyExample.auditTrail.value ?? []
        return [
            CheckExample("last change 90 days ago", status: .pass),
            CheckExample("changed 5 h before the reset", status: .warn, codes: [.userPasswordMinLifetime]) {
                $0.editUser { $0.lastPasswordChangeDate = Evidence.exampleNow.addingTimeInterval(-6 * 3_600) }
            },
            CheckExample("changed 5 h before the reset, policy enabled", status: .warn, codes: [.userPasswordMinLifetime]) {
                $0.editUser { $0.lastPasswordChangeDate = Evidence.exampleNow.addingTimeInterval(-6 * 3_600) }
                $0.auditTrail = .found(reset + [enabled], source: "audit-trail.json")
            },
            CheckExample("changed by the reset itself", status: .pass) {
                $0.editUser { $0.lastPasswordChangeDate = Evidence.exampleNow.addingTimeInterval(-3_590) }
            },
            CheckExample("last change 90 days ago, no audit trail: when the reset came is not known", status: .unknown) {
                $0.auditTrail = .missing(reason: "no audit trail")
            },
            CheckExample("changed 5 h ago, no audit trail: any reset since came within a day", status: .warn, codes: [.userPasswordMinLifetime]) {
                $0.editUser { $0.lastPasswordChangeDate = Evidence.exampleNow.addingTimeInterval(-5 * 3_600) }
                $0.auditTrail = .missing(reason: "no audit trail")
            },
            CheckExample("no LastPasswordChangeDate", status: .unknown) {
                $0.editUser { $0.lastPasswordChangeDate = nil }
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension AuditTrailEntry {
    /// True when the row turns a minimum password lifetime on (org-wide or for a profile), false when off, nil when the
    /// row is about something else. CSV rows have only the sentence, whose wording is not documented: read its end.
    fileprivate var minimumLifetimeState: Bool? {
        if let action, !action.isEmpty {
            switch action {
            case "minimumPasswordLifetimeEnable", "minimumPasswordLifetimeEnableForProfile": return true
            case "minimumPasswordLifetimeDisable", "minimumPasswordLifetimeDisableForProfile": return false
            default: return nil
            }
        }
        let sentence = display.lowercased()
        guard sentence.contains("minimum password lifetime") else { return nil }
        let outcome = sentence.range(of: " to ", options: .backwards).map { String(sentence[$0.upperBound...]) } ?? sentence
        return !["disabl", "off", "false", "unchecked"].contains { outcome.contains($0) }
    }
}

extension String {
    fileprivate static func resetTimeUnknown(_ changed: Date, age: TimeInterval, because reason: String) -> String {
        "the password last changed at \(changed.userCheckTimestamp), \(spokenDuration(age)) before the evidence was taken, but when the reset came is not known (\(reason))"
    }
    fileprivate static func title(_ policyOn: Bool) -> String {
        (policyOn
            ? "The password changed less than 24 hours before the reset and a minimum password lifetime is enabled: "
            : "The password changed less than 24 hours before the reset; if a minimum password lifetime applies, ")
            + "Salesforce refuses the reset (\"Your password cannot be reset at this time\"); retry after 24 hours"
    }
    fileprivate static func changedLine(_ changed: Date, age: TimeInterval, reset: AuditTrailEntry?) -> String {
        "LastPasswordChangeDate = \(changed.userCheckTimestamp), \(spokenDuration(age)) before the "
            + (reset == nil ? "check (no reset found in the audit trail)" : "reset")
    }
}
