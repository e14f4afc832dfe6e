import Foundation

/// The public catalogue of finding codes. Scripts match on the raw values: add codes, never rename one.
public enum FindingCode: String, Sendable, Codable, CaseIterable, Comparable {
    // user
    case userNotFound = "user.not-found"
    case userInactive = "user.inactive"
    case userFrozen = "user.frozen"
    case userPasswordLocked = "user.password-locked"
    case userEmailInvalid = "user.email.invalid"
    case userEmailSandboxSuffix = "user.email.sandbox-suffix"
    case userEmailDomainTypo = "user.email.domain-typo"
    case userEmailDomainMissing = "user.email.domain-missing"
    case userEmailNoMX = "user.email.no-mx"
    case userEmailNullMX = "user.email.null-mx"
    case userEmailChangePending = "user.email.change-pending"
    case userSSODelegated = "user.sso-delegated"
    case userExperienceCloud = "user.experience-cloud"
    case userPasswordMinLifetime = "user.password-min-lifetime"
    case userIntegrationUser = "user.integration-user"
    // org
    case orgDeliverabilityNoAccess = "org.deliverability.no-access"
    case orgDeliverabilityUnknown = "org.deliverability.unknown"
    case orgSenderDomainUnverified = "org.sender-domain.unverified"
    // audit trail
    case auditNoReset = "audit.no-reset"
    case auditResetFound = "audit.reset-found"
    // email log
    case logNotAttempted = "log.not-attempted"
    case logDelivered = "log.delivered"
    case logDeferred = "log.deferred"
    case logBounced = "log.bounced"
    case logTLSFailed = "log.tls-failed"
    // recipient DNS
    case dnsRecipientLinkScanner = "dns.recipient.link-scanner"
    // sender DNS
    case dnsSenderSPFFail = "dns.sender.spf-fail"
    case dnsSenderSPFPermError = "dns.sender.spf-permerror"
    case dnsSenderSPFTempError = "dns.sender.spf-temperror"
    case dnsSenderDMARCUnaligned = "dns.sender.dmarc-unaligned"
    case dnsSenderDKIMMissing = "dns.sender.dkim-missing"
    // relay
    case relayUnresolvable = "relay.unresolvable"
    case relayUnreachable = "relay.unreachable"
    case relayTLSMismatch = "relay.tls-mismatch"
    case relayAuthWithoutVerify = "relay.auth-without-verify"
    case relayFilterUnmatched = "relay.filter-unmatched"
    case relayBounceManagementSoftfail = "relay.bounce-management-softfail"
    case relayTLSCertificateInvalid = "relay.tls-certificate-invalid"
    case relayStartTLSMissing = "relay.starttls-missing"
    case relayAuthMissing = "relay.auth-missing"
    // always last
    case generalCheckSpam = "general.check-spam"

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The severity a finding of this code has unless its check says otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .userNotFound, .userInactive, .userFrozen, .userEmailInvalid, .userEmailSandboxSuffix, .userEmailDomainMissing,
             .userEmailNoMX, .userEmailNullMX, .userSSODelegated, .auditNoReset, .logNotAttempted,
             .logBounced, .logTLSFailed, .orgSenderDomainUnverified, .relayUnresolvable, .relayUnreachable,
             .userEmailChangePending, .relayTLSCertificateInvalid, .relayStartTLSMissing, .relayAuthMissing:
            return .blocker
        case .userPasswordLocked, .userEmailDomainTypo, .userExperienceCloud, .userPasswordMinLifetime,
             .userIntegrationUser, .orgDeliverabilityNoAccess, .orgDeliverabilityUnknown, .logDeferred,
             .dnsRecipientLinkScanner, .dnsSenderSPFFail, .dnsSenderSPFPermError, .dnsSenderSPFTempError,
             .dnsSenderDMARCUnaligned, .dnsSenderDKIMMissing, .relayTLSMismatch, .relayAuthWithoutVerify,
             .relayFilterUnmatched, .relayBounceManagementSoftfail:
            return .warning
        case .auditResetFound, .logDelivered, .generalCheckSpam:
            return .info
        }
    }

    /// What the code means, in one sentence, for `resetdoctor explain`.
    public var meaning: String {
        switch self {
        case .userNotFound: "No Salesforce user matches the username, email address or Id on the ticket."
        case .userInactive: "The user is deactivated; Salesforce sends no reset email to an inactive user."
        case .userFrozen: "The user is frozen; they cannot log in, and a reset does not unfreeze them."
        case .userPasswordLocked: "The user is locked out after too many failed logins; the reset link works only once they are unlocked or the lockout period ends."
        case .userEmailInvalid: "The user's email address is not a valid address, so no mail can reach it."
        case .userEmailSandboxSuffix: "The user's address in this sandbox ends in .invalid, which Salesforce adds when a sandbox is created or refreshed so that no mail reaches production users."
        case .userEmailDomainTypo: "The user's email domain looks like a misspelling of a common mail domain."
        case .userEmailDomainMissing: "The user's email domain does not exist in DNS (NXDOMAIN)."
        case .userEmailNoMX: "The user's email domain has neither MX nor address records, so mail cannot be delivered."
        case .userEmailNullMX: "The user's email domain publishes a null MX (RFC 7505): it accepts no mail."
        case .userEmailChangePending: "An email change was started but never confirmed: the reset went to the old address."
        case .userSSODelegated: "The user signs in with delegated single sign-on: Salesforce does not reset their password or sends a link that cannot be used."
        case .userExperienceCloud: "The user is an Experience Cloud (community) user: the site's own Forgot Password page and its sender apply."
        case .userPasswordMinLifetime: "The password changed less than a day ago and a minimum password lifetime applies: the reset is refused."
        case .userIntegrationUser: "The user logs in through the API: a reset also changes the password and security token that integrations use."
        case .orgDeliverabilityNoAccess: "Deliverability is set to \"No access\"; Salesforce's pages disagree on whether reset emails still go out."
        case .orgDeliverabilityUnknown: "The org's deliverability level could not be determined."
        case .orgSenderDomainUnverified: "The sending domain is not verified (no active DKIM key): Salesforce drops mail from unverified domains."
        case .auditNoReset: "The Setup Audit Trail shows no password reset for the user in the window: the reset email was never triggered by an admin."
        case .auditResetFound: "The Setup Audit Trail shows a password reset for the user."
        case .logNotAttempted: "The email log has no message to the user's address after the reset: Salesforce never tried to deliver it."
        case .logDelivered: "Salesforce delivered the reset email to the recipient's mail server; look at spam, quarantine and link scanners."
        case .logDeferred: "The recipient's server deferred the reset email (transient failure); Salesforce retries for 24 hours."
        case .logBounced: "The recipient's server rejected the reset email (permanent failure)."
        case .logTLSFailed: "Delivery failed at the TLS stage: the recipient's server or certificate did not satisfy the TLS setting."
        case .dnsRecipientLinkScanner: "The recipient's mail goes through a gateway that pre-clicks links, which can use up the single-use reset link."
        case .dnsSenderSPFFail: "The sender domain's SPF does not authorize Salesforce's servers."
        case .dnsSenderSPFPermError: "The sender domain's SPF record is broken (permerror)."
        case .dnsSenderSPFTempError: "The sender domain's SPF could not be evaluated because of a DNS error (temperror)."
        case .dnsSenderDMARCUnaligned: "The reset email does not align with the sender domain's DMARC policy."
        case .dnsSenderDKIMMissing: "The DKIM key that Salesforce signs with is not published in DNS."
        case .relayUnresolvable: "The email relay's host name does not resolve."
        case .relayUnreachable: "The email relay does not accept connections."
        case .relayTLSMismatch: "The relay's TLS setting verifies certificates while its host is an IP address, so verification cannot succeed."
        case .relayAuthWithoutVerify: "The relay requires SMTP authentication but its TLS setting is not RequiredVerify, which Salesforce requires."
        case .relayFilterUnmatched: "No active email domain filter matches the reset email's domains, so the relay never sees it (or every filter is off)."
        case .relayTLSCertificateInvalid: "The relay's TLS certificate does not pass the check its TLS setting asks for: expired, not yet valid, self-signed, from an untrusted CA, or for another host name."
        case .relayStartTLSMissing: "The relay does not offer STARTTLS while its TLS setting requires TLS, so Salesforce cannot hand it mail."
        case .relayAuthMissing: "The relay requires SMTP authentication in Salesforce, but its server offers no AUTH mechanism."
        case .relayBounceManagementSoftfail: "Bounce management rewrites the envelope sender to bnc.salesforce.com, which fails SPF when mail leaves through your relay."
        case .generalCheckSpam: "Ask the user to look in spam, junk and quarantine folders and to allow mail from Salesforce."
        }
    }
}

/// What a finding is to the ticket. A report's first finding is always a cause; context and cautions never
/// outrank one.
public enum FindingRole: String, Sendable, Codable, CaseIterable {
    /// Explains (or may explain) why the email did not arrive.
    case cause
    /// What happened: a reset was found, the mail was delivered.
    case context
    /// About the remedy rather than the ticket (an integration user's token changes with a reset); shown with
    /// the remedies it qualifies.
    case caution
}

/// The reset email's journey, in order: the user, the org, the reset being sent, Salesforce taking the mail,
/// its delivery (delivered, deferred or bounced), and the recipient's side.
public enum JourneyStage: String, Sendable, Codable, CaseIterable, Comparable {
    case user, org
    case resetSent = "reset-sent"
    case received, delivery, recipient

    public static func < (lhs: JourneyStage, rhs: JourneyStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a finding bears on how far the reset got.
public enum JourneyEvidence: Sendable, Equatable {
    /// Says nothing about how far the reset got.
    case none
    /// Shows the reset got this far: a reset row (reset sent), a failed delivery attempt (delivery), a delivery
    /// (the recipient's side: their server has the mail).
    case reached(JourneyStage)
    /// Says the reset mail never got as far as the given stage (no reset sent, Salesforce never sent it, the
    /// relay or an org setting stops it); evidence that it did refutes the finding for this ticket.
    case stopsBefore(JourneyStage)
}

/// A code's place in the story: its role, where it sits on the journey, and what it shows about the journey.
public struct FindingProfile: Sendable, Equatable {
    public var role: FindingRole
    public var stage: JourneyStage
    public var journey: JourneyEvidence

    init(_ role: FindingRole, _ stage: JourneyStage, _ journey: JourneyEvidence = .none) {
        self.role = role; self.stage = stage; self.journey = journey
    }
}

extension FindingCode {
    /// The one table of roles and journey stages. A cause's stage is where it stops the email: a frozen or
    /// locked user, a misspelt domain or a pending change still get mail (on the recipient's side), so the
    /// log's delivery does not refute them; an org setting or an unverified sender domain stop the mail before it
    /// leaves Salesforce, so any delivery attempt in the log refutes them, and a delivery refutes a broken relay.
    public var profile: FindingProfile {
        switch self {
        case .userNotFound, .userInactive, .userEmailInvalid, .userEmailSandboxSuffix, .userSSODelegated,
             .userExperienceCloud, .userPasswordMinLifetime:
            FindingProfile(.cause, .user)
        case .userIntegrationUser: FindingProfile(.caution, .user)
        case .orgDeliverabilityNoAccess, .orgDeliverabilityUnknown: FindingProfile(.cause, .org, .stopsBefore(.delivery))
        case .auditNoReset: FindingProfile(.cause, .resetSent, .stopsBefore(.resetSent))
        case .auditResetFound: FindingProfile(.context, .resetSent, .reached(.resetSent))
        case .orgSenderDomainUnverified, .logNotAttempted: FindingProfile(.cause, .received, .stopsBefore(.delivery))
        // A relay's failures show in the log as deferrals, bounces or TLS failures: only a delivery refutes them.
        case .relayUnresolvable, .relayUnreachable, .relayTLSMismatch, .relayAuthWithoutVerify, .relayFilterUnmatched,
             .relayBounceManagementSoftfail, .relayTLSCertificateInvalid, .relayStartTLSMissing, .relayAuthMissing:
            FindingProfile(.cause, .received, .stopsBefore(.recipient))
        case .logDelivered: FindingProfile(.context, .delivery, .reached(.recipient))
        case .logDeferred, .logBounced, .logTLSFailed: FindingProfile(.cause, .delivery, .reached(.delivery))
        case .userEmailDomainMissing, .userEmailNoMX, .userEmailNullMX, .dnsSenderSPFFail, .dnsSenderSPFPermError,
             .dnsSenderSPFTempError, .dnsSenderDMARCUnaligned, .dnsSenderDKIMMissing:
            FindingProfile(.cause, .delivery)
        case .userFrozen, .userPasswordLocked, .userEmailDomainTypo, .userEmailChangePending,
             .dnsRecipientLinkScanner, .generalCheckSpam:
            FindingProfile(.cause, .recipient)
        }
    }

    /// The role a finding of this code has unless its check says otherwise.
    public var defaultRole: FindingRole { profile.role }
    public var stage: JourneyStage { profile.stage }
}
