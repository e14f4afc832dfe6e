import Foundation
import Salesforce

/// Is the user frozen? A frozen user cannot log in, and a reset does not unfreeze them.
struct UserFrozenCheck: Check {
    let id = "user.frozen"
    let scope: CheckScope = .user
    let title = "The user is not frozen"
    let codes: [FindingCode] = [.userFrozen]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let login = try evidence.requireUserLoginRow()
            guard login.isFrozen else { return .pass("UserLogin.IsFrozen is false") }
            var lines = [EvidenceLine(evidence.userLogin.source ?? "user-login.json", .isFrozenTrue(login))]
            // Who froze them and when, if the audit trail says; IsFrozen alone decides.
            if let latest = ((try? evidence.auditRows(aboutUser: user, .frozen)) ?? []).first {
                lines.append(latest.userCheckEvidenceLine(fallbackSource: evidence.auditSource))
            }
            return .found(Finding(.userFrozen, confidence: .confirmed, title: .frozenTitle(user), evidence: lines))
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("not frozen", status: .pass),
            CheckExample("frozen, with the audit row", status: .fail, codes: [.userFrozen]) {
                $0.userLogin = .found(
                    UserLoginRecord(id: "05g000000000001", userId: "005000000000001AAA", isFrozen: true),
                    source: "user-login.json")
                $0.auditTrail = .found(
                    [
                        AuditTrailEntry(
                            action: "frozeuser", section: "Manage Users", display: "Froze user Ada Lovelace",
                            createdDate: Evidence.exampleNow.addingTimeInterval(-5 * 3_600),
                            createdByUsername: "admin@acme.example", origin: "audit-trail.json record 2")
                    ], source: "audit-trail.json")
            },
            CheckExample("user-login.json missing", status: .unknown) {
                $0.userLogin = .missing(reason: "user-login.json is not in the evidence")
            },
            CheckExample("user-login.json has no row for the user", status: .unknown) {
                $0.userLogin = .found(nil, source: "user-login.json")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func frozenTitle(_ user: SalesforceUser) -> String {
        "\(user.displayName) is frozen: they cannot log in with any password until an admin unfreezes them"
    }
    fileprivate static func isFrozenTrue(_ login: UserLoginRecord) -> String {
        "UserLogin \(login.id ?? "for \(login.userId)"): IsFrozen = true"
    }
}
