import Foundation
import Salesforce
import SalesforceAPI

/// The SOQL of each bundle file, exactly as design.md's bundle format lists it, so a live capture is a recording of
/// the same queries a hand-made bundle documents. Every value that reaches a query goes through `SOQL.quote`.
enum LiveQueries {
    static let userFields = UserQuery.fields

    /// How the subject is looked up, in order: by Id when it looks like one, else by Username, else by Email.
    enum UserKey: String, Sendable, CaseIterable {
        case id = "Id", username = "Username", email = "Email"
    }

    static func user(where key: UserKey, is value: String) -> String {
        "SELECT \(userFields) FROM User WHERE \(key.rawValue) = \(SOQL.quote(value))"
    }

    static func userLogin(userId: String) -> String {
        "SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = \(SOQL.quote(userId))"
    }

    static func permissions(userId: String) -> String {
        "SELECT PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsIsSsoEnabled, PermissionSet.PermissionsPasswordNeverExpires FROM PermissionSetAssignment WHERE AssigneeId = \(SOQL.quote(userId))"
    }

    /// Bounded on both sides: with `--as-of` the window ends in the past, and rows after it must not leak in.
    static func auditTrail(since: Date, until: Date) -> String {
        "SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username, DelegateUser FROM SetupAuditTrail WHERE CreatedDate >= \(literal(since)) AND CreatedDate <= \(literal(until)) ORDER BY CreatedDate DESC"
    }

    static func loginHistory(userId: String, since: Date, until: Date) -> String {
        "SELECT Id, UserId, LoginTime, LoginType, SourceIp, Status, Application, LoginUrl FROM LoginHistory WHERE UserId = \(SOQL.quote(userId)) AND LoginTime >= \(literal(since)) AND LoginTime <= \(literal(until))"
    }

    /// An org scan's login history for a chunk of users, without the rows no check reads: browser logins
    /// (LoginType 'Application', most of an org's rows) of users whose User record shows a login. The checks read
    /// API logins (user.integration), and whether a user who never logged in has a successful login (a scan's
    /// onboarding groups), so those users keep every row. Status is not filterable on LoginHistory (only LoginTime,
    /// LoginType, UserId and a few ids are), so "failures only" cannot be asked for; an Application lockout of a
    /// user who has logged in is left out with the rest, and user.password-locked rests on UserLogin alone.
    static func orgLoginHistory(userIds: [String], neverLoggedIn: [String], since: Date, until: Date) -> String {
        let base = "SELECT Id, UserId, LoginTime, LoginType, SourceIp, Status, Application, LoginUrl FROM LoginHistory WHERE UserId IN (\(list(userIds))) AND LoginTime >= \(literal(since)) AND LoginTime <= \(literal(until))"
        // Past half the chunk, the second Id list would cost more URL than the few rows it leaves out.
        if neverLoggedIn.count * 2 > userIds.count { return base }
        if neverLoggedIn.isEmpty { return base + " AND LoginType != 'Application'" }
        return base + " AND (LoginType != 'Application' OR UserId IN (\(list(neverLoggedIn))))"
    }

    /// Quoted values for an `IN (…)` list.
    static func list(_ values: [String]) -> String { values.map(SOQL.quote).joined(separator: ", ") }

    static let emailRelays = "SELECT Id, Host, Port, TlsSetting, IsRequireAuth, AuthType FROM EmailRelay"
    static let emailDomainFilters = "SELECT Id, EmailRelayId, FromDomain, ToDomain, IsActive, PriorityNumber FROM EmailDomainFilter"
    static let emailDomainKeys = "SELECT Id, Domain, DomainMatch, Selector, AlternateSelector, IsActive FROM EmailDomainKey"
    static let organization = "SELECT Id, Name, IsSandbox, InstanceName FROM Organization"

    /// The Apex the deliverability probe runs: it reserves capacity for one email and sends nothing.
    static let deliverabilityProbe = "Messaging.reserveSingleEmailCapacity(1);"

    /// A SOQL date-time literal (unquoted, UTC, whole seconds): 2026-11-15T09:30:00Z.
    static func literal(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// 15 or 18 letters and digits starting with 005, the User key prefix.
    static func looksLikeUserId(_ text: String) -> Bool {
        (text.count == 15 || text.count == 18) && text.hasPrefix("005")
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The lookups to try for `subject`, in order.
    static func userKeys(for subject: String) -> [UserKey] {
        if looksLikeUserId(subject) { return [.id] }
        return subject.contains("@") ? [.username, .email] : [.username]
    }
}
