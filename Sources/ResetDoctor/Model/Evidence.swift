import Foundation
import MailDNS
import Salesforce

/// What is known about the org, gathered once whatever the scope: a ticket's diagnosis, a scan of every user, a health
/// check. Org checks read only this part.
public struct OrgEvidence: Sendable {
    /// "Now" for every time comparison: the bundle's `capturedAt` when replaying, the clock when live.
    public var now: Date
    /// The period the evidence covers (audit trail, login history, email log).
    public var window: BundleManifest.Window?
    public var org: BundleManifest.Org?
    /// Newest first. Org-wide: user checks pick the rows about their user.
    public var auditTrail: Gathered<[AuditTrailEntry]> { didSet { auditIndex = AuditTrailIndex(auditTrail) } }
    /// The audit trail sorted for user checks, once for all users.
    private(set) var auditIndex: AuditTrailIndex
    public var emailRelays: Gathered<[EmailRelayRecord]>
    public var emailDomainFilters: Gathered<[EmailDomainFilterRecord]>
    public var emailDomainKeys: Gathered<[EmailDomainKeyRecord]>
    public var orgSettings: Gathered<OrgSettings>
    /// How DNS is looked up: a bundle's zone files, a live resolver, or missing (`--no-dns`): the DNS checks' seam.
    public var dns: Gathered<DNSContext>
    /// What probing the relays over SMTP from this machine showed; only with `--probe-relay` (it is network I/O).
    public var relayProbe: Gathered<[RelayProbeResult]>

    public init(
        now: Date,
        window: BundleManifest.Window? = nil,
        org: BundleManifest.Org? = nil,
        auditTrail: Gathered<[AuditTrailEntry]> = .missing(reason: "neither audit-trail.json nor audit-trail.csv is in the evidence"),
        emailRelays: Gathered<[EmailRelayRecord]> = .missing(reason: "email-relays.json is not in the evidence"),
        emailDomainFilters: Gathered<[EmailDomainFilterRecord]> = .missing(reason: "email-domain-filters.json is not in the evidence"),
        emailDomainKeys: Gathered<[EmailDomainKeyRecord]> = .missing(reason: "email-domain-keys.json is not in the evidence"),
        orgSettings: Gathered<OrgSettings> = .missing(reason: "org-settings.json is not in the evidence"),
        dns: Gathered<DNSContext> = .missing(reason: "DNS lookups are off"),
        relayProbe: Gathered<[RelayProbeResult]> = .missing(reason: "not probed; --probe-relay probes it")
    ) {
        self.now = now; self.window = window; self.org = org; self.auditTrail = auditTrail
        self.auditIndex = AuditTrailIndex(auditTrail)
        self.emailRelays = emailRelays; self.emailDomainFilters = emailDomainFilters
        self.emailDomainKeys = emailDomainKeys; self.orgSettings = orgSettings; self.dns = dns
        self.relayProbe = relayProbe
    }

    /// The start of the evidence window, or 30 days before now when the bundle states none.
    public var windowStart: Date { window?.from ?? now.addingTimeInterval(-30 * 86_400) }
}

/// What is known about one user: their record and what hangs off it. A scan holds one of these per user.
public struct UserEvidence: Sendable {
    /// The user as the ticket names them: a username, an email address or a User Id.
    public var subject: String
    /// The user record. `.found(nil, …)` means the query ran and matched nobody (`user.not-found`).
    public var user: Gathered<SalesforceUser?>
    public var userLogin: Gathered<UserLoginRecord?>
    public var permissions: Gathered<[PermissionGrant]>
    /// Newest first.
    public var loginHistory: Gathered<[LoginHistoryEntry]>
    /// The rows to the user (as read, oldest first), with the whole file's row count and span.
    public var emailLog: Gathered<EmailLog>

    public init(
        subject: String,
        user: Gathered<SalesforceUser?>,
        userLogin: Gathered<UserLoginRecord?> = .missing(reason: "user-login.json is not in the evidence"),
        permissions: Gathered<[PermissionGrant]> = .missing(reason: "permissions.json is not in the evidence"),
        loginHistory: Gathered<[LoginHistoryEntry]> = .missing(reason: "neither login-history.json nor login-history.csv is in the evidence"),
        emailLog: Gathered<EmailLog> = .missing(reason: "no email log file is in the evidence (Setup > Email Log Files; add it with --email-log FILE)")
    ) {
        self.subject = subject; self.user = user; self.userLogin = userLogin; self.permissions = permissions
        self.loginHistory = loginHistory; self.emailLog = emailLog
    }
}

/// What one check run sees: the org part and one user's part. Members of either part read as members of this
/// (`evidence.user`, `evidence.orgSettings`), so checks need not know which part holds what.
@dynamicMemberLookup
public struct Evidence: Sendable {
    public var orgPart: OrgEvidence
    public var userPart: UserEvidence

    public init(org orgPart: OrgEvidence, user userPart: UserEvidence) {
        self.orgPart = orgPart; self.userPart = userPart
    }

    /// A ticket's evidence in one call (the examples and tests build it this way).
    public init(
        subject: String,
        now: Date,
        window: BundleManifest.Window? = nil,
        org: BundleManifest.Org? = nil,
        user: Gathered<SalesforceUser?>,
        userLogin: Gathered<UserLoginRecord?> = .missing(reason: "user-login.json is not in the evidence"),
        permissions: Gathered<[PermissionGrant]> = .missing(reason: "permissions.json is not in the evidence"),
        auditTrail: Gathered<[AuditTrailEntry]> = .missing(reason: "neither audit-trail.json nor audit-trail.csv is in the evidence"),
        loginHistory: Gathered<[LoginHistoryEntry]> = .missing(reason: "neither login-history.json nor login-history.csv is in the evidence"),
        emailLog: Gathered<EmailLog> = .missing(reason: "no email log file is in the evidence (Setup > Email Log Files; add it with --email-log FILE)"),
        emailRelays: Gathered<[EmailRelayRecord]> = .missing(reason: "email-relays.json is not in the evidence"),
        emailDomainFilters: Gathered<[EmailDomainFilterRecord]> = .missing(reason: "email-domain-filters.json is not in the evidence"),
        emailDomainKeys: Gathered<[EmailDomainKeyRecord]> = .missing(reason: "email-domain-keys.json is not in the evidence"),
        orgSettings: Gathered<OrgSettings> = .missing(reason: "org-settings.json is not in the evidence"),
        dns: Gathered<DNSContext> = .missing(reason: "DNS lookups are off")
    ) {
        self.init(
            org: OrgEvidence(
                now: now, window: window, org: org, auditTrail: auditTrail, emailRelays: emailRelays,
                emailDomainFilters: emailDomainFilters, emailDomainKeys: emailDomainKeys, orgSettings: orgSettings, dns: dns),
            user: UserEvidence(
                subject: subject, user: user, userLogin: userLogin, permissions: permissions, loginHistory: loginHistory,
                emailLog: emailLog))
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<OrgEvidence, Value>) -> Value {
        get { orgPart[keyPath: keyPath] }
        set { orgPart[keyPath: keyPath] = newValue }
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<UserEvidence, Value>) -> Value {
        get { userPart[keyPath: keyPath] }
        set { userPart[keyPath: keyPath] = newValue }
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<OrgEvidence, Value>) -> Value { orgPart[keyPath: keyPath] }

    /// The user, or a reason to be `unknown` (no user file) or `skipped` (no such user: `user.not-found` says so).
    public func requireUser() throws -> SalesforceUser {
        guard let user = try userPart.user.require() else {
            throw CheckCannotRun(reason: "no user matches \"\(userPart.subject)\"")
        }
        return user
    }
}
