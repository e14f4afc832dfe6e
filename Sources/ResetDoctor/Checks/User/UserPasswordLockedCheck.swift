import Foundation
import Salesforce

/// Is the user locked out after too many failed logins? The link still arrives, but login fails until unlocked.
struct UserPasswordLockedCheck: Check {
    let id = "user.password-locked"
    let scope: CheckScope = .user
    let title = "The user is not locked out"
    let codes: [FindingCode] = [.userPasswordLocked]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let login = try evidence.requireUserLoginRow()
            guard login.isPasswordLocked else { return .pass("UserLogin.IsPasswordLocked is false") }
            var lines = [EvidenceLine(evidence.userLogin.source ?? "user-login.json", .isLockedTrue(login))]
            // The failed logins that locked them, if login history is there; IsPasswordLocked alone decides.
            let lockouts = (evidence.loginHistory.value ?? [])
                .filter { ($0.userId == nil || $0.userId == user.id) && $0.isPasswordLockout }
                .sorted { $0.loginTime > $1.loginTime }
            for row in lockouts.prefix(3) {
                lines.append(EvidenceLine(row.origin.isEmpty ? "login-history" : row.origin, .lockoutRow(row), personal: true))
            }
            return .found(Finding(.userPasswordLocked, confidence: .confirmed, title: .lockedTitle(user), evidence: lines))
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("not locked", status: .pass),
            CheckExample("locked, with the lockout login", status: .warn, codes: [.userPasswordLocked]) {
                $0.userLogin = .found(
                    UserLoginRecord(id: "05g000000000001", userId: "005000000000001AAA", isPasswordLocked: true),
                    source: "user-login.json")
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: Evidence.exampleNow.addingTimeInterval(-1_800),
                            loginType: "Application", sourceIp: "203.0.113.9", status: "Password Lockout",
                            application: "Browser", origin: "login-history.json record 1")
                    ], source: "login-history.json")
            },
            CheckExample("user-login.json missing", status: .unknown) {
                $0.userLogin = .missing(reason: "user-login.json is not in the evidence")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension LoginHistoryEntry {
    fileprivate var isPasswordLockout: Bool {
        status?.range(of: "Password Lockout", options: .caseInsensitive) != nil
    }
}

extension String {
    fileprivate static func lockedTitle(_ user: SalesforceUser) -> String {
        "\(user.displayName) is locked out after too many failed logins: the reset email arrives, "
            + "but login fails until an admin unlocks them or the lockout period ends"
    }
    fileprivate static func isLockedTrue(_ login: UserLoginRecord) -> String {
        "UserLogin \(login.id ?? "for \(login.userId)"): IsPasswordLocked = true"
    }
    fileprivate static func lockoutRow(_ row: LoginHistoryEntry) -> String {
        "\(row.loginTime.userCheckTimestamp): login status \"\(row.status ?? "")\" from \(row.sourceIp ?? "an unknown IP")"
    }
}
