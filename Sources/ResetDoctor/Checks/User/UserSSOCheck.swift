import Foundation
import Salesforce

/// Does the user sign in with delegated authentication ("Is Single Sign-On Enabled")? Then Salesforce does not
/// reset their password: an admin reset sends no email, and a Forgot Password link lands on a page that refuses
/// (KB 000385305). SAML single sign-on (FederationIdentifier) is different and does not stop a reset.
struct UserSSOCheck: Check {
    let id = "user.sso"
    let scope: CheckScope = .user
    let title = "The user is not on delegated single sign-on"
    let codes: [FindingCode] = [.userSSODelegated]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let grants = try evidence.permissions.require().filter(\.isSsoEnabled)
            guard grants.isEmpty else {
                let source = evidence.permissions.source ?? "permissions.json"
                var lines = grants.map { EvidenceLine(source, .grantedBy($0, user)) }
                lines.append(EvidenceLine("Salesforce Help KB 000385305", .delegatedBehaviour))
                return .found(
                    Finding(.userSSODelegated, confidence: .confirmed, title: .delegatedTitle(user), evidence: lines))
            }
            if let federationId = user.federationIdentifier, !federationId.isEmpty {
                return .pass(.samlReason)
            }
            return .pass("no profile or permission set grants Is Single Sign-On Enabled")
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("no single sign-on", status: .pass),
            CheckExample("SAML only (FederationIdentifier set)", status: .pass) {
                $0.editUser { $0.federationIdentifier = "ada@idp.acme.example" }
            },
            CheckExample("delegated SSO through the profile", status: .fail, codes: [.userSSODelegated]) {
                $0.permissions = .found(
                    [PermissionGrant(permissionSetName: "X00ex000000000001", isOwnedByProfile: true, isSsoEnabled: true)],
                    source: "permissions.json")
            },
            CheckExample("delegated SSO through a permission set", status: .fail, codes: [.userSSODelegated]) {
                $0.permissions = .found(
                    [
                        PermissionGrant(permissionSetName: "X00ex000000000001", isOwnedByProfile: true),
                        PermissionGrant(permissionSetName: "Delegated_SSO_Users", isSsoEnabled: true),
                    ], source: "permissions.json")
            },
            CheckExample("permissions.json missing", status: .unknown) {
                $0.permissions = .missing(reason: "permissions.json is not in the evidence")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func delegatedTitle(_ user: SalesforceUser) -> String {
        "\(user.displayName) uses delegated single sign-on: an admin reset sends no email, and a Forgot Password "
            + "link leads to a page that refuses; reset the password in the identity provider instead"
    }
    fileprivate static func grantedBy(_ grant: PermissionGrant, _ user: SalesforceUser) -> String {
        let holder =
            grant.isOwnedByProfile
            ? "the profile\(user.profileName.map { " \"\($0)\"" } ?? "")'s own permission set \(grant.permissionSetName)"
            : "permission set \(grant.permissionSetName)"
        return "Is Single Sign-On Enabled (PermissionsIsSsoEnabled) is granted by \(holder)"
    }
    fileprivate static let delegatedBehaviour =
        "for delegated-authentication users an admin Reset Password shows \"Password not reset for Single Sign-On User\" "
        + "and sends nothing; self-service sends a link to a page that says the password cannot be reset"
    fileprivate static let samlReason =
        "no delegated single sign-on; FederationIdentifier is set, so the user also signs in with SAML, "
        + "which does not stop a reset for a user who also has a Salesforce password"
}
