import EmailAddress
import Foundation
import MailDNS

/// What `resetdoctor email check` says about one address: its syntax, a likely typo in its domain and, when DNS is
/// on, whether the domain accepts mail. Every field is present whatever the outcome.
public struct AddressReport: Sendable, Equatable {
    public var check: AddressCheck
    public var suggestion: DomainSuggestion?
    /// nil when DNS is off, or the address is invalid or an address literal.
    public var mail: RecipientDomainReport?

    public init(check: AddressCheck, suggestion: DomainSuggestion?, mail: RecipientDomainReport?) {
        self.check = check
        self.suggestion = suggestion
        self.mail = mail
    }

    /// The address with the suggested domain in place of the typed one.
    public var suggestedAddress: String? {
        guard let suggestion, let local = check.localPart else { return nil }
        return local + "@" + suggestion.suggested
    }

    public var hasProblem: Bool { !check.valid || suggestion != nil || mail?.acceptsMail == false }
    /// DNS was asked but did not say whether the domain accepts mail.
    public var isInconclusive: Bool { mail != nil && mail?.acceptsMail == nil }
}

/// Checks addresses; with a resolver also their domain's mail route.
public struct AddressChecker: Sendable {
    public var resolver: (any DNSResolver)?

    public init(resolver: (any DNSResolver)?) { self.resolver = resolver }

    public func check(_ address: String) async -> AddressReport {
        let check = EmailAddressValidator.check(address)
        let suggestion = (check.asciiDomain ?? check.domain).flatMap(DomainTypoSuggester.suggestion(for:))
        var mail: RecipientDomainReport?
        if let resolver, check.valid, !check.isAddressLiteral, let domain = check.asciiDomain {
            mail = await MailExchangeLookup(resolver: resolver).check(domain: domain)
        }
        return AddressReport(check: check, suggestion: suggestion, mail: mail)
    }
}

extension AddressReport {
    /// One JSON Lines record.
    public var json: ReportJSON {
        .object([
            "input": .string(check.input),
            "valid": .bool(check.valid),
            "normalized": .optional(check.normalized),
            "reason": .optional(check.reason),
            "notes": .strings(check.notes),
            "suggestion": suggestion.map { suggestion in
                .object([
                    "domain": .string(suggestion.suggested), "address": .optional(suggestedAddress),
                    "reason": .string(suggestion.reason),
                ])
            } ?? .null,
            "domain": mail.map { mail in
                .object([
                    "name": .string(mail.domain),
                    "route": .string(mail.route.word),
                    "reason": .optional(mail.route.reason),
                    "acceptsMail": .optional(mail.acceptsMail),
                    "exchanges": .strings(mail.exchanges.map(\.host)),
                    "linkScanner": mail.linkScanners.first.map(\.json) ?? .null,
                ])
            } ?? .null,
        ])
    }

    /// One line: "VALID ada@acme.example; mail via mx1.acme.example" or "INVALID x@@y: reason".
    public var textLine: String {
        var line = check.valid ? "VALID \(check.normalized ?? check.input)" : "INVALID \(check.input): \(check.reason ?? "not an address")"
        if check.valid, let unicode = check.unicodeDomain, unicode != check.asciiDomain, let local = check.localPart {
            line += " (\(local)@\(unicode))"
        }
        if let suggestion, let address = suggestedAddress {
            line += "; did you mean \(address)? (\(suggestion.reason))"
        }
        if let mail { line += "; " + Self.mailSummary(mail) }
        return line
    }

    static func mailSummary(_ mail: RecipientDomainReport) -> String {
        let scanner = mail.linkScanners.first.map { "; link scanner: \($0.gateway.vendor) (\($0.exchange))" } ?? ""
        switch mail.route {
        case .mailExchanges, .implicitMX:
            let hosts = mail.exchanges.map(\.host).joined(separator: ", ")
            let via = mail.route == .implicitMX ? "implicit MX \(hosts)" : "MX \(hosts)"
            switch mail.acceptsMail {
            case true?: return "accepts mail via \(via)" + scanner
            case false?: return "accepts no mail: no mail exchanger has an address (\(via))"
            case nil: return "mail route unknown: the addresses of \(via) could not be looked up"
            }
        case .nullMX: return "accepts no mail: \(mail.domain) publishes a null MX"
        case .noMailHost: return "accepts no mail: \(mail.domain) has no MX and no address"
        case .domainMissing: return "accepts no mail: \(mail.domain) does not exist (NXDOMAIN)"
        case .unknown(let reason): return "mail route unknown: \(reason)"
        }
    }
}
