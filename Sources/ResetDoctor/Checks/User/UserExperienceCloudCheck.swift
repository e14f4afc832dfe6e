import Foundation
import Salesforce

/// Is the user an Experience Cloud (community, portal) user? Then the site's Forgot Password page, its sender and
/// email template apply, and the link behaves differently from an internal user's.
struct UserExperienceCloudCheck: Check {
    let id = "user.experience-cloud"
    let scope: CheckScope = .user
    let title = "The user is an internal user, not an Experience Cloud user"
    let codes: [FindingCode] = [.userExperienceCloud]

    /// UserType values of external (site) users; "Guest" is handled apart: guests have no password.
    static let externalUserTypes: Set<String> = [
        "PowerPartner", "PowerCustomerSuccess", "CustomerSuccess", "CspLitePortal", "CsnOnly", "SelfService",
    ]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            if user.userType == "Guest" { return .skipped("a site guest user has no password to reset") }
            let source = evidence.userSource
            var lines: [EvidenceLine] = []
            if let type = user.userType, Self.externalUserTypes.contains(type) {
                lines.append(EvidenceLine(source, "UserType = \(type) (an external site user)"))
            }
            if let contactId = user.contactId, !contactId.isEmpty {
                lines.append(EvidenceLine(source, "ContactId = \(contactId) (the user belongs to a contact)"))
            }
            if user.isPortalEnabled == true {
                lines.append(EvidenceLine(source, "IsPortalEnabled = true"))
            }
            guard !lines.isEmpty else {
                // Salesforce always gives UserType: without it, "internal" would be a guess.
                guard let type = user.userType, !type.isEmpty else {
                    throw CheckCannotRun(reason: "\(source) gives no UserType for the user, so whether they are an Experience Cloud user is not known")
                }
                return .pass("UserType \(type), no contact, not portal-enabled")
            }
            lines.append(EvidenceLine("Salesforce Help: external user passwords", .linkBehaviour))
            return .found(
                Finding(.userExperienceCloud, confidence: .confirmed, title: .siteUserTitle(user), evidence: lines))
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("internal user", status: .pass),
            CheckExample("customer community user", status: .warn, codes: [.userExperienceCloud]) {
                $0.editUser {
                    $0.userType = "CspLitePortal"
                    $0.contactId = "003000000000001AAA"
                    $0.isPortalEnabled = true
                }
            },
            CheckExample("partner user known only by contact", status: .warn, codes: [.userExperienceCloud]) {
                $0.editUser {
                    $0.userType = nil
                    $0.contactId = "003000000000002AAA"
                }
            },
            CheckExample("no UserType and nothing else that tells", status: .unknown) {
                $0.editUser {
                    $0.userType = nil
                    $0.isPortalEnabled = nil
                }
            },
            CheckExample("site guest user", status: .skipped) {
                $0.editUser { $0.userType = "Guest" }
            },
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func siteUserTitle(_ user: SalesforceUser) -> String {
        "\(user.displayName) is an Experience Cloud user: the reset goes through the site's Forgot Password page, "
            + "and the site's sender address and email template apply"
    }
    fileprivate static let linkBehaviour =
        "an external user's reset link expires as soon as it is clicked, or after 24 hours if unused; "
        + "have the user request the reset from the site's login page, not login.salesforce.com"
}
