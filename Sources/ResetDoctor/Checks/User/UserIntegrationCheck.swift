import Foundation
import Salesforce

/// Does the user log in through the API? A reset changes the password and the security token that those
/// integrations use, so they stop working until they are given the new ones.
struct UserIntegrationCheck: Check {
    let id = "user.integration"
    let scope: CheckScope = .user
    let title = "The user has no API logins that a reset would break"
    let codes: [FindingCode] = [.userIntegrationUser]

    /// How many of the latest API logins a finding cites.
    static let citedLogins = 3

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let start = evidence.windowStart
            let apiLogins = try evidence.loginHistory.require()
                .filter { ($0.userId == nil || $0.userId == user.id) && $0.loginTime >= start && $0.isAPILogin }
                .sorted { $0.loginTime > $1.loginTime }
            guard !apiLogins.isEmpty else {
                // A row that states neither its login type nor its API type could be an API login.
                let untyped = try evidence.loginHistory.require()
                    .filter { ($0.userId == nil || $0.userId == user.id) && $0.loginTime >= start && $0.loginType == nil && $0.apiType == nil }
                if !untyped.isEmpty {
                    throw CheckCannotRun(reason: "\(untyped.count) login(s) since \(start.userCheckTimestamp) state neither LoginType nor API type, so whether any was an API login is not known")
                }
                return .pass("no API, OAuth or remote-access logins since \(start.userCheckTimestamp)")
            }
            let source = evidence.loginHistory.source ?? "login-history"
            let lines = apiLogins.prefix(Self.citedLogins).map {
                EvidenceLine($0.origin.isEmpty ? source : $0.origin, .loginLine($0), personal: $0.sourceIp != nil)
            }
            return .found(
                Finding(
                    .userIntegrationUser, confidence: .likely, title: .integrationTitle(user, count: apiLogins.count),
                    evidence: lines))
        }
    }

    var examples: [CheckExample] {
        let now = Evidence.exampleNow
        return [
            CheckExample("browser logins only", status: .pass),
            CheckExample("Setup download writes N/A as the API type of browser logins", status: .pass) {
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-3_600), loginType: "Application",
                            status: "Success", application: "Browser", apiType: "N/A", origin: "login-history.csv line 2")
                    ], source: "login-history.csv")
            },
            CheckExample("Data Loader over the API", status: .warn, codes: [.userIntegrationUser]) {
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-2 * 3_600), loginType: "Partner Product",
                            sourceIp: "198.51.100.7", status: "Success", application: "Dataloader Bulk", apiType: "SOAP Partner",
                            origin: "login-history.json record 1"),
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-10 * 86_400), loginType: "Application",
                            sourceIp: "203.0.113.9", status: "Success", application: "Browser", origin: "login-history.json record 2"),
                    ], source: "login-history.json")
            },
            CheckExample("OAuth connected app", status: .warn, codes: [.userIntegrationUser]) {
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-86_400),
                            loginType: "Remote Access 2.0", status: "Success", origin: "login-history.csv line 2")
                    ], source: "login-history.csv")
            },
            CheckExample("API login before the window", status: .pass) {
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-60 * 86_400),
                            loginType: "Other Apex API", status: "Success", origin: "login-history.json record 1")
                    ], source: "login-history.json")
            },
            CheckExample("logins without a LoginType", status: .unknown) {
                $0.loginHistory = .found(
                    [
                        LoginHistoryEntry(
                            userId: "005000000000001AAA", loginTime: now.addingTimeInterval(-3_600), status: "Success",
                            origin: "login-history.json record 1")
                    ], source: "login-history.json")
            },
            CheckExample("login history missing", status: .unknown) {
                $0.loginHistory = .missing(reason: "neither login-history.json nor login-history.csv is in the evidence")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension LoginHistoryEntry {
    /// API, OAuth or remote-access logins. The Setup download writes "N/A" in API Type for browser logins, and
    /// Application names apps (mobile ones too), so neither alone marks an integration.
    fileprivate var isAPILogin: Bool {
        let type = loginType ?? ""
        if ["API", "Remote Access", "OAuth", "Partner Product"].contains(where: { type.containsIgnoringCase($0) }) {
            return true
        }
        let api = (apiType ?? "").trimmedOfSpaces
        return !api.isEmpty && !["n/a", "na", "none", "-"].contains(api.lowercased())
    }
}

extension String {
    fileprivate static func integrationTitle(_ user: SalesforceUser, count: Int) -> String {
        "\(user.displayName) logs in through the API (\(count) login\(count == 1 ? "" : "s") in the window): a reset "
            + "changes the password and security token those integrations use; update them after the reset"
    }
    fileprivate static func loginLine(_ login: LoginHistoryEntry) -> String {
        let details = [
            login.loginType.map { "type \($0)" }, login.apiType.map { "API \($0)" },
            login.application.map { "application \($0)" }, login.status.map { "status \($0)" },
            login.sourceIp.map { "from \($0)" },
        ].compactMap { $0 }
        return "\(login.loginTime.userCheckTimestamp): " + details.joined(separator: ", ")
    }
}
