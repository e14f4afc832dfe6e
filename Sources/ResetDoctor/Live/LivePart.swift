import Foundation
import SalesforceAPI

/// One piece of evidence the live source fetches after the user: the bundle file it becomes, its query, and the
/// permission an admin needs to read it (named when the org refuses, so the report says what to grant).
struct LivePart: Sendable {
    var file: String
    var soql: String
    /// What to grant when the query is refused, e.g. "View Setup and Configuration".
    var permission: String
    /// Whether the query is about the user (skipped when no user matches) or about the whole org.
    var perUser = false
    /// Tooling API objects go through /tooling/query; everything here is plain SOQL today.
    var tooling = false

    /// The parallel batch that follows the user lookup.
    static func batch(userId: String, since: Date, until: Date) -> [LivePart] {
        [
            LivePart(file: "user-login.json", soql: LiveQueries.userLogin(userId: userId), permission: "Manage Users", perUser: true),
            LivePart(file: "permissions.json", soql: LiveQueries.permissions(userId: userId), permission: "View Setup and Configuration", perUser: true),
            LivePart(file: "audit-trail.json", soql: LiveQueries.auditTrail(since: since, until: until), permission: "View Setup and Configuration"),
            LivePart(file: "login-history.json", soql: LiveQueries.loginHistory(userId: userId, since: since, until: until), permission: "Manage Users or Monitor Login History", perUser: true),
            LivePart(file: "email-relays.json", soql: LiveQueries.emailRelays, permission: "Email Administration, Customize Application and View Setup and Configuration"),
            LivePart(file: "email-domain-filters.json", soql: LiveQueries.emailDomainFilters, permission: "Email Administration, Customize Application and View Setup and Configuration"),
            LivePart(file: "email-domain-keys.json", soql: LiveQueries.emailDomainKeys, permission: "View Setup and Configuration"),
        ]
    }

    /// The org's facts for the manifest; not a bundle file of its own.
    static let organization = LivePart(file: "organization", soql: LiveQueries.organization, permission: "View Setup and Configuration")

    /// An org scan's per-user parts for a chunk of users: one query each for all of them.
    static func orgUserBatch(_ chunk: OrgUserChunk, since: Date, until: Date) -> [LivePart] {
        let list = LiveQueries.list(chunk.userIds)
        return [
            LivePart(file: "user-login.json", soql: "SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId IN (\(list))", permission: "Manage Users", perUser: true),
            LivePart(file: "permissions.json", soql: "SELECT AssigneeId, PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsIsSsoEnabled, PermissionSet.PermissionsPasswordNeverExpires FROM PermissionSetAssignment WHERE AssigneeId IN (\(list))", permission: "View Setup and Configuration", perUser: true),
            LivePart(file: "login-history.json", soql: LiveQueries.orgLoginHistory(userIds: chunk.userIds, neverLoggedIn: chunk.neverLoggedIn, since: since, until: until), permission: "Manage Users or Monitor Login History", perUser: true),
        ]
    }
}
