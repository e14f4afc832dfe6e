import Foundation

/// `user.json`: `SELECT Id, Username, Email, Name, IsActive, UserType, ProfileId, Profile.Name, ContactId,
/// IsPortalEnabled, FederationIdentifier, LastLoginDate, LastPasswordChangeDate FROM User WHERE …`.
public enum UserQuery {
    /// The User fields every reader of users selects: the live queries, captures, the simulator's generated users.
    public static let fields = "Id, Username, Email, Name, IsActive, UserType, ProfileId, Profile.Name, ContactId, IsPortalEnabled, FederationIdentifier, LastLoginDate, LastPasswordChangeDate"

    static let query = SOQLResult.Query(sObject: "User", soql: "SELECT \(fields) FROM User WHERE Username = '…'")

    public static func parse(_ data: Data, file: String) throws -> [SalesforceUser] {
        try SOQLResult.map(data, file: file, query: query) { record in
            SalesforceUser(
                id: try record.requiredString("Id"),
                username: try record.requiredString("Username"),
                email: try record.requiredString("Email"),
                name: try record.string("Name"),
                // Required: assuming "active" when the field is absent would hide an inactive user.
                isActive: try record.required("IsActive", record.bool),
                userType: try record.string("UserType"),
                profileId: try record.recordId("ProfileId"),
                profileName: try record.string("Profile.Name"),
                contactId: try record.recordId("ContactId"),
                isPortalEnabled: try record.bool("IsPortalEnabled"),
                federationIdentifier: try record.string("FederationIdentifier"),
                lastLoginDate: try record.date("LastLoginDate"),
                lastPasswordChangeDate: try record.date("LastPasswordChangeDate"),
                createdDate: try record.date("CreatedDate"))
        }
    }
}

/// `user-login.json`: `SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = '…'`.
public enum UserLoginQuery {
    static let query = SOQLResult.Query(
        sObject: "UserLogin", soql: "SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = '…'")

    public static func parse(_ data: Data, file: String) throws -> [UserLoginRecord] {
        try SOQLResult.map(data, file: file, query: query) { record in
            UserLoginRecord(
                id: try record.string("Id"),
                userId: try record.requiredString("UserId"),
                isFrozen: try record.required("IsFrozen", record.bool),
                isPasswordLocked: try record.required("IsPasswordLocked", record.bool))
        }
    }
}

/// `permissions.json`: `PermissionSetAssignment` rows, each flattened to the permission set it grants.
public enum PermissionQuery {
    static let query = SOQLResult.Query(
        sObject: "PermissionSetAssignment",
        soql: "SELECT PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsIsSsoEnabled, PermissionSet.PermissionsPasswordNeverExpires FROM PermissionSetAssignment WHERE AssigneeId = '…'")

    public static func parse(_ data: Data, file: String) throws -> [PermissionGrant] {
        try SOQLResult.map(data, file: file, query: query) { record in
            PermissionGrant(
                permissionSetName: try record.requiredString("PermissionSet.Name"),
                isOwnedByProfile: try record.bool("PermissionSet.IsOwnedByProfile") ?? false,
                // Required: a missing flag read as false would hide delegated SSO.
                isSsoEnabled: try record.required("PermissionSet.PermissionsIsSsoEnabled", record.bool),
                passwordNeverExpires: try record.bool("PermissionSet.PermissionsPasswordNeverExpires") ?? false,
                assigneeId: try record.recordId("AssigneeId"))
        }
    }
}
