import Foundation

/// What a scan is for. Every purpose runs the same checks over the same users; a purpose adds the groups its runbook
/// needs (who will break, who is skipped, who cannot receive the email) on top of the per-user statuses.
public enum ScanPurpose: String, Sendable, Codable, CaseIterable {
    /// Every user's ability to receive a reset email.
    case all
    /// Before Setup > Expire All Passwords: who breaks, who is skipped, who cannot get the email they will need.
    case expireAll = "expire-all"
    /// After onboarding: users created in the window who never logged in, and why their welcome email may be lost.
    case onboarding

    /// The groups this purpose shows, in the order the text report lists them.
    public var groupKinds: [ScanGroup.Kind] {
        switch self {
        case .all: []
        case .expireAll: [.cannotReceive, .integrationUsers, .delegatedSSO, .passwordNeverExpires, .unknownExpireAll]
        case .onboarding: [.neverLoggedInBlocked, .neverLoggedInWarning, .neverLoggedInUnknown, .neverLoggedInOK]
        }
    }
}

/// A purpose's group of users: what they have in common and what to do about it.
public struct ScanGroup: Sendable, Codable, Equatable {
    /// The group's stable id (scripts match on it; never renamed).
    public var id: String
    public var title: String
    public var advice: String
    /// User Ids, in the order the users were read.
    public var users: [String]

    /// Every group any purpose has: its id, title and advice, and who belongs.
    public enum Kind: String, Sendable, CaseIterable {
        case cannotReceive = "cannot-receive"
        case integrationUsers = "integration-users"
        case delegatedSSO = "delegated-sso"
        case passwordNeverExpires = "password-never-expires"
        case unknownExpireAll = "unknown"
        case neverLoggedInBlocked = "never-logged-in-blocked"
        case neverLoggedInWarning = "never-logged-in-warning"
        case neverLoggedInUnknown = "never-logged-in-unknown"
        case neverLoggedInOK = "never-logged-in-ok"

        public var title: String {
            switch self {
            case .cannotReceive: "Cannot receive the forgot-password email they will need"
            case .integrationUsers: "Integration users: their API logins break when the password changes"
            case .delegatedSSO: "Delegated SSO users: they sign in through their identity provider"
            case .passwordNeverExpires: "Password Never Expires: Expire All Passwords skips them"
            case .unknownExpireAll: "Could not be checked"
            case .neverLoggedInBlocked: "Never logged in, and the welcome email cannot have reached them"
            case .neverLoggedInWarning: "Never logged in, and the welcome email may have been filtered or its link used up"
            case .neverLoggedInUnknown: "Never logged in, and whether the email could arrive is not known"
            case .neverLoggedInOK: "Never logged in, and nothing in Salesforce stops the email"
            }
        }

        public var advice: String {
            switch self {
            case .cannotReceive: "Fix each user's cause (below) before expiring passwords, or they will be locked out with no way back but an admin reset."
            case .integrationUsers: "Exclude them (Password Never Expires on an API-only profile or permission set) or plan new passwords and security tokens for the integrations before expiring passwords."
            case .delegatedSSO: "Expiring their Salesforce password changes nothing for them; leave them out of any reset follow-up."
            case .passwordNeverExpires: "They keep their passwords: make sure that is intended (integration and API-only users usually)."
            case .unknownExpireAll: "Add the missing evidence (see each user's checks) and scan again before expiring passwords."
            case .neverLoggedInBlocked: "Fix the cause, then resend the welcome email (Users > Reset Password) once it can arrive."
            case .neverLoggedInWarning: "Ask the user to check spam and quarantine; if a gateway pre-clicks links, allowlist Salesforce's link domains, then resend."
            case .neverLoggedInUnknown: "Add the missing evidence and scan again."
            case .neverLoggedInOK: "Salesforce's side is clean: look at the recipient's spam folder and mail gateway, then resend the welcome email."
            }
        }

        /// Whether `user` (with its evidence and scan outcome) belongs, given the scan's window start.
        func contains(_ user: ScanUser, evidence: UserEvidence, windowStart: Date) -> Bool {
            switch self {
            case .cannotReceive: return user.status == .blocked && !user.codes.contains(.userSSODelegated)
            case .integrationUsers: return user.codes.contains(.userIntegrationUser)
            case .delegatedSSO: return user.codes.contains(.userSSODelegated)
            case .passwordNeverExpires: return evidence.permissions.value?.contains(where: \.passwordNeverExpires) == true
            case .unknownExpireAll: return user.status == .unknown
            case .neverLoggedInBlocked: return Self.isNewAndNeverLoggedIn(evidence, windowStart) && user.status == .blocked
            case .neverLoggedInWarning: return Self.isNewAndNeverLoggedIn(evidence, windowStart) && user.status == .warning
            case .neverLoggedInUnknown: return Self.isNewAndNeverLoggedIn(evidence, windowStart) && user.status == .unknown
            case .neverLoggedInOK: return Self.isNewAndNeverLoggedIn(evidence, windowStart) && user.status == .ok
            }
        }

        /// Created in the window and no login since: no LastLoginDate and no successful login in the history.
        static func isNewAndNeverLoggedIn(_ evidence: UserEvidence, _ windowStart: Date) -> Bool {
            guard let record = evidence.user.value ?? nil, let created = record.createdDate, created >= windowStart else { return false }
            if record.lastLoginDate != nil { return false }
            return !(evidence.loginHistory.value ?? []).contains { ($0.status ?? "").caseInsensitiveCompare("Success") == .orderedSame }
        }
    }
}
