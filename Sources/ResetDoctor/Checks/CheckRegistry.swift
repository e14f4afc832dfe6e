import Foundation

/// Every check, in report order. `CheckRegistryTests` proves this list names every `Check` in Checks/.
public enum CheckRegistry {
    public static let all: [any Check] = [
        UserExistsCheck(),
        UserActiveCheck(),
        UserFrozenCheck(),
        UserPasswordLockedCheck(),
        UserSSOCheck(),
        UserExperienceCloudCheck(),
        UserEmailChangeCheck(),
        AddressSyntaxCheck(),
        AddressDomainTypoCheck(),
        DNSRecipientCheck(),
        UserPasswordMinLifetimeCheck(),
        UserIntegrationCheck(),
        OrgDeliverabilityCheck(),
        OrgSenderDomainCheck(),
        DNSSenderSPFCheck(),
        DNSSenderDMARCCheck(),
        DNSSenderDKIMCheck(),
        AuditResetCheck(),
        EmailLogDeliveryCheck(),
        RelayHostCheck(),
        RelayConfigCheck(),
        RelayProbeCheck(),
        RelayFiltersCheck(),
        RelayBounceManagementCheck(),
        GeneralSpamCheck(),
    ]

    public static func check(id: String) -> (any Check)? { all.first { $0.id == id } }
}
