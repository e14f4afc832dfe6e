import Foundation

// Typed records for the evidence ResetDoctor reads. Field names follow Salesforce's API names;
// every field a query may omit or null is optional, so a partial export still parses.

/// A `User` row: `SELECT Id, Username, Email, Name, IsActive, UserType, ProfileId, Profile.Name, ContactId,
/// IsPortalEnabled, FederationIdentifier, LastLoginDate, LastPasswordChangeDate FROM User`.
public struct SalesforceUser: Sendable, Equatable, Codable {
    public var id: String
    public var username: String
    public var email: String
    public var name: String?
    public var isActive: Bool
    public var userType: String?
    public var profileId: String?
    public var profileName: String?
    public var contactId: String?
    public var isPortalEnabled: Bool?
    public var federationIdentifier: String?
    public var lastLoginDate: Date?
    public var lastPasswordChangeDate: Date?
    /// When the user was created (onboarding scans); nil in bundles captured before it was asked for.
    public var createdDate: Date?

    public init(
        id: String, username: String, email: String, name: String? = nil, isActive: Bool = true,
        userType: String? = "Standard", profileId: String? = nil, profileName: String? = nil,
        contactId: String? = nil, isPortalEnabled: Bool? = false, federationIdentifier: String? = nil,
        lastLoginDate: Date? = nil, lastPasswordChangeDate: Date? = nil, createdDate: Date? = nil
    ) {
        self.id = id; self.username = username; self.email = email; self.name = name
        self.isActive = isActive; self.userType = userType; self.profileId = profileId
        self.profileName = profileName; self.contactId = contactId; self.isPortalEnabled = isPortalEnabled
        self.federationIdentifier = federationIdentifier; self.lastLoginDate = lastLoginDate
        self.lastPasswordChangeDate = lastPasswordChangeDate; self.createdDate = createdDate
    }
}

/// A `UserLogin` row: frozen and password-locked state.
public struct UserLoginRecord: Sendable, Equatable, Codable {
    public var id: String?
    public var userId: String
    public var isFrozen: Bool
    public var isPasswordLocked: Bool
    public init(id: String? = nil, userId: String, isFrozen: Bool = false, isPasswordLocked: Bool = false) {
        self.id = id; self.userId = userId; self.isFrozen = isFrozen; self.isPasswordLocked = isPasswordLocked
    }
}

/// One `PermissionSetAssignment` row, flattened to the permission set it grants.
public struct PermissionGrant: Sendable, Equatable, Codable {
    public var permissionSetName: String
    public var isOwnedByProfile: Bool
    public var isSsoEnabled: Bool
    public var passwordNeverExpires: Bool
    /// The user the set is assigned to: present in an org bundle (several users in one file), nil in a ticket's.
    public var assigneeId: String?
    public init(
        permissionSetName: String, isOwnedByProfile: Bool = false, isSsoEnabled: Bool = false, passwordNeverExpires: Bool = false,
        assigneeId: String? = nil
    ) {
        self.permissionSetName = permissionSetName; self.isOwnedByProfile = isOwnedByProfile
        self.isSsoEnabled = isSsoEnabled; self.passwordNeverExpires = passwordNeverExpires; self.assigneeId = assigneeId
    }
}

/// One Setup Audit Trail row, from the API (which has the `Action` code) or the Setup CSV download
/// (which has only the sentence: there `action` is nil and `display` holds the CSV's "Action" column).
public struct AuditTrailEntry: Sendable, Equatable, Codable {
    public var id: String?
    public var action: String?
    public var section: String?
    public var display: String
    public var createdDate: Date
    public var createdByUsername: String?
    public var delegateUser: String?
    /// Where the row came from, for evidence lines: "audit-trail.csv line 4", "audit-trail.json record 2".
    public var origin: String
    public init(
        id: String? = nil, action: String?, section: String? = nil, display: String, createdDate: Date,
        createdByUsername: String? = nil, delegateUser: String? = nil, origin: String = ""
    ) {
        self.id = id; self.action = action; self.section = section; self.display = display
        self.createdDate = createdDate; self.createdByUsername = createdByUsername
        self.delegateUser = delegateUser; self.origin = origin
    }
}

/// One `LoginHistory` row.
public struct LoginHistoryEntry: Sendable, Equatable, Codable {
    public var id: String?
    public var userId: String?
    public var loginTime: Date
    public var loginType: String?
    public var sourceIp: String?
    public var status: String?
    public var application: String?
    public var loginUrl: String?
    public var apiType: String?
    public var origin: String
    /// The login's username: the Setup download names users by username, not by Id.
    public var username: String?
    public var browser: String?
    public var platform: String?
    public init(
        id: String? = nil, userId: String? = nil, loginTime: Date, loginType: String? = nil, sourceIp: String? = nil,
        status: String? = nil, application: String? = nil, loginUrl: String? = nil, apiType: String? = nil, origin: String = "",
        username: String? = nil, browser: String? = nil, platform: String? = nil
    ) {
        self.id = id; self.userId = userId; self.loginTime = loginTime; self.loginType = loginType
        self.sourceIp = sourceIp; self.status = status; self.application = application
        self.loginUrl = loginUrl; self.apiType = apiType; self.origin = origin
        self.username = username; self.browser = browser; self.platform = platform
    }
}

/// Mail Event codes of an Email Log File (column C).
public enum MailEvent: String, Sendable, Equatable, Codable {
    case reception = "R", delivery = "D", transientFailure = "T", permanentFailure = "P"
}

/// One row of an Email Log File CSV. Columns after L are not documented: anything unknown is kept in `extra`.
public struct EmailLogEntry: Sendable, Equatable, Codable {
    public var date: Date
    public var internalMessageId: String?
    public var mailEvent: MailEvent?
    /// The raw Mail Event cell, kept when it is not one of R, D, T, P.
    public var mailEventRaw: String
    public var recipient: String
    public var sender: String?
    public var remoteHost: String?
    public var bytesTransferred: Int?
    public var userId: String?
    public var messageIdHeader: String?
    public var retryCount: Int?
    public var secondsInQueue: Int?
    public var deliveryStage: String?
    public var relayAddress: String?
    public var tlsCipher: String?
    public var tlsVerified: String?
    public var extra: [String: String]
    public var origin: String
    public init(
        date: Date, internalMessageId: String? = nil, mailEventRaw: String, recipient: String, sender: String? = nil,
        remoteHost: String? = nil, bytesTransferred: Int? = nil, userId: String? = nil, messageIdHeader: String? = nil,
        retryCount: Int? = nil, secondsInQueue: Int? = nil, deliveryStage: String? = nil, relayAddress: String? = nil,
        tlsCipher: String? = nil, tlsVerified: String? = nil, extra: [String: String] = [:], origin: String = ""
    ) {
        self.date = date; self.internalMessageId = internalMessageId; self.mailEventRaw = mailEventRaw
        self.mailEvent = MailEvent(rawValue: mailEventRaw.trimmingCharacters(in: .whitespaces).uppercased())
        self.recipient = recipient; self.sender = sender; self.remoteHost = remoteHost
        self.bytesTransferred = bytesTransferred; self.userId = userId; self.messageIdHeader = messageIdHeader
        self.retryCount = retryCount; self.secondsInQueue = secondsInQueue; self.deliveryStage = deliveryStage
        self.relayAddress = relayAddress; self.tlsCipher = tlsCipher; self.tlsVerified = tlsVerified
        self.extra = extra; self.origin = origin
    }
}

/// An `EmailRelay` row. The relay password is never read or stored.
public struct EmailRelayRecord: Sendable, Equatable, Codable {
    public var id: String
    public var host: String
    public var port: String?
    /// Off, Preferred, Required, PreferredVerify, RequiredVerify.
    public var tlsSetting: String?
    public var isRequireAuth: Bool
    public var authType: String?
    public init(id: String, host: String, port: String? = "25", tlsSetting: String? = "Preferred", isRequireAuth: Bool = false, authType: String? = nil) {
        self.id = id; self.host = host; self.port = port; self.tlsSetting = tlsSetting
        self.isRequireAuth = isRequireAuth; self.authType = authType
    }
}

/// An `EmailDomainFilter` row. Domains are comma-separated lists that may contain `*` wildcards.
public struct EmailDomainFilterRecord: Sendable, Equatable, Codable {
    public var id: String
    public var emailRelayId: String?
    public var fromDomain: String?
    public var toDomain: String?
    public var isActive: Bool
    public var priorityNumber: Int?
    public init(id: String, emailRelayId: String?, fromDomain: String? = nil, toDomain: String? = nil, isActive: Bool = true, priorityNumber: Int? = nil) {
        self.id = id; self.emailRelayId = emailRelayId; self.fromDomain = fromDomain; self.toDomain = toDomain
        self.isActive = isActive; self.priorityNumber = priorityNumber
    }
}

/// An `EmailDomainKey` (DKIM key) row.
public struct EmailDomainKeyRecord: Sendable, Equatable, Codable {
    public var id: String
    public var domain: String
    /// DomainOnly, SubdomainsOnly, DomainAndSubdomains.
    public var domainMatch: String?
    public var selector: String?
    public var alternateSelector: String?
    public var isActive: Bool
    public init(id: String, domain: String, domainMatch: String? = "DomainOnly", selector: String? = nil, alternateSelector: String? = nil, isActive: Bool) {
        self.id = id; self.domain = domain; self.domainMatch = domainMatch; self.selector = selector
        self.alternateSelector = alternateSelector; self.isActive = isActive
    }
}

/// The "Access to Send Email" level of Setup > Deliverability.
public enum DeliverabilityLevel: String, Sendable, Equatable, Codable, CaseIterable {
    case all, system, none, unknown
}

/// Where a deliverability level was learned: stated in the bundle, read from the audit trail, or probed with Apex.
public enum DeliverabilitySource: String, Sendable, Equatable, Codable {
    case declared, auditTrail = "audit-trail", apexProbe = "apex-probe"
}

/// `org-settings.json`.
public struct OrgSettings: Sendable, Equatable, Codable {
    public var deliverabilityLevel: DeliverabilityLevel?
    public var deliverabilitySource: DeliverabilitySource?
    public var bounceManagement: Bool?
    public var emailSecurityCompliance: Bool?
    public init(deliverabilityLevel: DeliverabilityLevel? = nil, deliverabilitySource: DeliverabilitySource? = nil, bounceManagement: Bool? = nil, emailSecurityCompliance: Bool? = nil) {
        self.deliverabilityLevel = deliverabilityLevel; self.deliverabilitySource = deliverabilitySource
        self.bounceManagement = bounceManagement; self.emailSecurityCompliance = emailSecurityCompliance
    }
}

/// `manifest.json`.
public struct BundleManifest: Sendable, Equatable, Codable {
    public static let currentFormat = "resetdoctor-bundle/1"
    public struct Window: Sendable, Equatable, Codable {
        public var from: Date
        public var to: Date
        public init(from: Date, to: Date) { self.from = from; self.to = to }
    }
    public struct Org: Sendable, Equatable, Codable {
        public var id: String?
        public var name: String?
        public var isSandbox: Bool?
        public var instanceUrl: String?
        public init(id: String? = nil, name: String? = nil, isSandbox: Bool? = nil, instanceUrl: String? = nil) {
            self.id = id; self.name = name; self.isSandbox = isSandbox; self.instanceUrl = instanceUrl
        }
    }
    /// What a bundle is about: one ticket's user (`"subject"`), or every user in scope (`"scope":"org"`).
    public enum Scope: String, Sendable, Equatable, Codable {
        case ticket, org
    }
    public var format: String
    public var capturedAt: Date
    /// The ticket's user; empty for an org bundle.
    public var subject: String
    public var window: Window?
    public var org: Org?
    public var scope: Scope
    public init(
        format: String = BundleManifest.currentFormat, capturedAt: Date, subject: String, window: Window? = nil, org: Org? = nil,
        scope: Scope = .ticket
    ) {
        self.format = format; self.capturedAt = capturedAt; self.subject = subject; self.window = window; self.org = org
        self.scope = scope
    }
}
