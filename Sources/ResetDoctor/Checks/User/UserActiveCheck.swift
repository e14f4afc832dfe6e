import Foundation
import Salesforce

/// Is the user active? Salesforce sends no reset email to a deactivated user.
struct UserActiveCheck: Check {
    let id = "user.active"
    let scope: CheckScope = .user
    let title = "The user is active"
    let codes: [FindingCode] = [.userInactive]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            guard !user.isActive else { return .pass("IsActive is true") }
            var lines = [EvidenceLine(evidence.userSource, .isActiveFalse(user), personal: true)]
            // The audit trail is extra evidence here (when, by whom), not required: IsActive alone decides.
            let deactivations = (try? evidence.auditRows(aboutUser: user, .deactivated)) ?? []
            if let latest = deactivations.first {
                lines.append(latest.userCheckEvidenceLine(fallbackSource: evidence.auditSource))
            }
            return .found(Finding(.userInactive, confidence: .confirmed, title: .inactiveTitle(user), evidence: lines))
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("active user", status: .pass),
            CheckExample("deactivated, with the audit row", status: .fail, codes: [.userInactive]) {
                $0.editUser { $0.isActive = false }
                $0.auditTrail = .found(
                    [
                        AuditTrailEntry(
                            action: "deactivateduser", section: "Manage Users", display: "Deactivated user Ada Lovelace",
                            createdDate: Evidence.exampleNow.addingTimeInterval(-2 * 86_400),
                            createdByUsername: "admin@acme.example", origin: "audit-trail.json record 3")
                    ], source: "audit-trail.json")
            },
            CheckExample("deactivated, audit trail from the CSV download", status: .fail, codes: [.userInactive]) {
                $0.editUser { $0.isActive = false }
                $0.auditTrail = .found(
                    [
                        AuditTrailEntry(
                            action: nil, display: "Deactivated user ada@acme.example",
                            createdDate: Evidence.exampleNow.addingTimeInterval(-86_400),
                            createdByUsername: "admin@acme.example", origin: "audit-trail.csv line 2")
                    ], source: "audit-trail.csv")
            },
            CheckExample("deactivated, no audit trail", status: .fail, codes: [.userInactive]) {
                $0.editUser { $0.isActive = false }
                $0.auditTrail = .missing(reason: "no audit trail")
            },
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func inactiveTitle(_ user: SalesforceUser) -> String {
        "\(user.displayName) is deactivated: Salesforce sends no reset email to an inactive user; reactivate them first"
    }
    fileprivate static func isActiveFalse(_ user: SalesforceUser) -> String {
        "IsActive = false for \(user.displayName)"
    }
}
