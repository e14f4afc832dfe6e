import Foundation
import Salesforce

/// Example evidence for a check, with what it must produce. Documentation and test at once;
/// `file`/`line` make a failing example point at itself.
public struct CheckExample: Sendable {
    public var name: String
    public var expectedStatus: CheckStatus
    public var expectedCodes: [FindingCode]
    public var evidence: Evidence
    public var file: String
    public var line: Int

    /// Starts from `Evidence.healthyExample` and lets `edit` change what the example is about.
    public init(
        _ name: String, status: CheckStatus, codes: [FindingCode] = [],
        file: String = #filePath, line: Int = #line,
        _ edit: (inout Evidence) -> Void = { _ in }
    ) {
        var evidence = Evidence.healthyExample
        edit(&evidence)
        self.name = name; self.expectedStatus = status; self.expectedCodes = codes
        self.evidence = evidence; self.file = file; self.line = line
    }
}

extension Evidence {
    /// Fixed "now" of every example: 2026-11-22T09:30:00Z.
    public static let exampleNow = Date(timeIntervalSince1970: 1_795_339_800)

    /// A ticket where nothing is wrong: active standard user, a reset in the audit trail an hour ago,
    /// delivered per the email log, all email allowed, a verified DKIM domain, no relay, and healthy DNS for acme.example
    /// (`DNSExampleAnswers`).
    public static var healthyExample: Evidence {
        let now = exampleNow
        let user = SalesforceUser(
            id: "005000000000001AAA", username: "ada@acme.example", email: "ada.lovelace@acme.example",
            name: "Ada Lovelace", isActive: true, userType: "Standard", profileId: "00e000000000001AAA",
            profileName: "Standard User", lastLoginDate: now.addingTimeInterval(-10 * 86_400),
            lastPasswordChangeDate: now.addingTimeInterval(-90 * 86_400)
        )
        let reset = AuditTrailEntry(
            id: "0Ym000000000001", action: "resetpassword", section: "Manage Users",
            display: "Reset password for user Ada Lovelace", createdDate: now.addingTimeInterval(-3_600),
            createdByUsername: "admin@acme.example", origin: "audit-trail.json record 1"
        )
        let delivered = EmailLogEntry(
            date: now.addingTimeInterval(-3_590), internalMessageId: "16/A4-20983-88E21E84", mailEventRaw: "D",
            recipient: "ada.lovelace@acme.example", sender: "noreply@salesforce.com", remoteHost: "13.110.6.1",
            bytesTransferred: 11_856, userId: "005000000000002AAA", retryCount: 0, secondsInQueue: 1,
            tlsCipher: "TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384", tlsVerified: "Verified", origin: "email-log.csv line 2"
        )
        return Evidence(
            subject: "ada@acme.example", now: now,
            window: .init(from: now.addingTimeInterval(-7 * 86_400), to: now),
            org: .init(id: "00D000000000001EAA", name: "Acme", isSandbox: false, instanceUrl: "https://acme.my.salesforce.com"),
            user: .found(user, source: "user.json"),
            userLogin: .found(UserLoginRecord(id: "05g000000000001", userId: user.id), source: "user-login.json"),
            permissions: .found([PermissionGrant(permissionSetName: "X00ex000000000001", isOwnedByProfile: true)], source: "permissions.json"),
            auditTrail: .found([reset], source: "audit-trail.json"),
            loginHistory: .found([
                LoginHistoryEntry(userId: user.id, loginTime: now.addingTimeInterval(-10 * 86_400), loginType: "Application",
                                  sourceIp: "203.0.113.9", status: "Success", application: "Browser", origin: "login-history.json record 1"),
            ], source: "login-history.json"),
            emailLog: .found([delivered], source: "email-log.csv"),
            emailRelays: .found([], source: "email-relays.json"),
            emailDomainFilters: .found([], source: "email-domain-filters.json"),
            emailDomainKeys: .found([
                EmailDomainKeyRecord(id: "09P000000000001", domain: "acme.example", selector: "sf1", alternateSelector: "sf2", isActive: true),
            ], source: "email-domain-keys.json"),
            orgSettings: .found(OrgSettings(deliverabilityLevel: .all, deliverabilitySource: .declared, bounceManagement: false, emailSecurityCompliance: true), source: "org-settings.json"),
            dns: .found(DNSExampleAnswers.context, source: DNSExampleAnswers.context.description)
        )
    }
}
