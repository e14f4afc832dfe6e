import EmailAddress
import Foundation
import MailDNS
import Salesforce

/// Can the user's domain receive mail, and does it go through a gateway that pre-clicks links? MX first (null MX,
/// implicit MX), then the exchanges' addresses, then the link-scanner catalogue on the exchange names.
struct DNSRecipientCheck: Check {
    let id = "dns.recipient"
    let scope: CheckScope = .user
    let title = "The user's email domain receives mail"
    let codes: [FindingCode] = [.userEmailDomainMissing, .userEmailNullMX, .userEmailNoMX, .dnsRecipientLinkScanner]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        guard let user = try evidence.user.require() else {
            return .skipped("no user matches \"\(evidence.subject)\"; user.exists reports it")
        }
        let address = EmailAddressValidator.check(user.email)
        guard address.valid else { return .skipped("the address is not valid; address.syntax reports it") }
        guard !address.isAddressLiteral, let domain = address.asciiDomain else {
            return .skipped("the address names an IP address literal, not a domain: there is no MX to look up")
        }
        let context = try evidence.requireDNS()
        let report = await context.recipientRoutes.report(for: domain, resolver: context.resolver)
        let lines = [EvidenceLine(evidence.userSource, "Email = \(user.email)", personal: true)] + answerLines(report, context)

        switch report.route {
        case .unknown(let reason):
            return .unknown("DNS did not answer for \(domain): \(reason)")
        case .domainMissing:
            return .found(Finding(.userEmailDomainMissing, confidence: .confirmed, title: .missingTitle(domain), evidence: lines))
        case .nullMX:
            return .found(Finding(.userEmailNullMX, confidence: .confirmed, title: .nullMXTitle(domain), evidence: lines))
        case .noMailHost:
            return .found(Finding(.userEmailNoMX, confidence: .confirmed, title: .noMailHostTitle(domain), evidence: lines))
        case .mailExchanges, .implicitMX:
            break
        }
        if report.acceptsMail == false {
            return .found(Finding(
                .userEmailNoMX, confidence: .likely, title: .noAddressTitle(domain, report.unresolvableExchanges), evidence: lines))
        }
        let scanners = report.linkScanners.map { match in
            Finding(
                .dnsRecipientLinkScanner, confidence: .likely, title: .scannerTitle(domain, match),
                evidence: lines + [
                    EvidenceLine("link-scanner catalogue", .scannerNote(match)),
                    EvidenceLine("KB 000333308", .keepLinksValid),
                ])
        }
        if report.acceptsMail == nil, scanners.isEmpty {
            let unknown = report.exchanges.compactMap { exchange -> String? in
                if case .unknown(let reason) = exchange.addressStatus { return reason }
                return nil
            }
            return .unknown("no mail exchanger of \(domain) resolved: \(unknown.joined(separator: "; "))")
        }
        let hosts = report.exchanges.map(\.host).joined(separator: ", ")
        return .found(scanners, reason: scanners.isEmpty
            ? "\(domain) receives mail at \(hosts) and no known link-scanning gateway is among them"
            : scanners.map(\.title).joined(separator: "; "))
    }

    /// The MX answer, then each exchange's addresses.
    private func answerLines(_ report: RecipientDomainReport, _ context: DNSContext) -> [EvidenceLine] {
        var lines = [context.line(report.domain, .mx, report.mxLookup)]
        for exchange in report.exchanges {
            let addresses: String
            switch exchange.addressStatus {
            case .resolved: addresses = exchange.addresses.joined(separator: ", ")
            case .noAddress: addresses = "no A or AAAA records"
            case .unknown(let reason): addresses = reason
            }
            let role = exchange.isImplicit ? " (no MX: the domain itself is the implicit MX)" : ""
            lines.append(context.note("DNS \(exchange.host) A/AAAA: \(addresses)\(role)"))
        }
        return lines
    }

    var examples: [CheckExample] {
        [
            CheckExample("MX with an address", status: .pass),
            CheckExample("no MX, but the domain has an address (implicit MX)", status: .pass) {
                $0.editDNS { $0["acme.example"] = [.a: DNSExampleAnswers.records([.a("192.0.2.80")])] }
            },
            CheckExample("domain does not exist", status: .fail, codes: [.userEmailDomainMissing]) {
                $0.editDNS { $0["acme.example"] = nil }
            },
            CheckExample("null MX", status: .fail, codes: [.userEmailNullMX]) {
                $0.editDNS { $0["acme.example"]?[.mx] = DNSExampleAnswers.records([.mx(preference: 0, exchange: ".")]) }
            },
            CheckExample("no MX and no address", status: .fail, codes: [.userEmailNoMX]) {
                $0.editDNS { $0["acme.example"]?[.mx] = nil }
            },
            CheckExample("every MX host lacks an address", status: .fail, codes: [.userEmailNoMX]) {
                $0.editDNS { $0["mx1.acme.example"] = nil }
            },
            CheckExample("MX at Microsoft 365", status: .warn, codes: [.dnsRecipientLinkScanner]) {
                $0.editDNS {
                    $0["acme.example"]?[.mx] = DNSExampleAnswers.records([.mx(preference: 0, exchange: "acme-example.mail.protection.outlook.com")])
                    $0["acme-example.mail.protection.outlook.com"] = [.a: DNSExampleAnswers.records([.a("52.101.68.10")])]
                }
            },
            CheckExample("MX lookup times out", status: .unknown) {
                $0.editDNS { $0["acme.example"]?[.mx] = .timeout("no answer from 192.0.2.53 in 3 s") }
            },
            CheckExample("MX host's addresses SERVFAIL", status: .unknown) {
                $0.editDNS { $0["mx1.acme.example"] = [.a: .serverFailure("upstream"), .aaaa: .serverFailure("upstream")] }
            },
            CheckExample("DNS lookups are off", status: .unknown) { $0.dns = .missing(reason: "DNS lookups are off (--no-dns)") },
            CheckExample("IP address literal", status: .skipped) { $0.editUser { $0.email = "ada@[192.0.2.7]" } },
            CheckExample("invalid address", status: .skipped) { $0.editUser { $0.email = "ada@@acme.example" } },
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func missingTitle(_ domain: String) -> String {
        "The domain \(domain) does not exist in DNS (NXDOMAIN): no mail can reach the user's address; correct the Email field"
    }
    fileprivate static func nullMXTitle(_ domain: String) -> String {
        "\(domain) publishes a null MX (MX 0 .): it accepts no mail at all; give the user an address at a domain that does"
    }
    fileprivate static func noMailHostTitle(_ domain: String) -> String {
        "\(domain) has no MX record and no address to fall back on: mail to it cannot be delivered"
    }
    fileprivate static func noAddressTitle(_ domain: String, _ hosts: [String]) -> String {
        "No mail exchanger of \(domain) has an address (\(hosts.joined(separator: ", "))): mail to it cannot be delivered"
    }
    fileprivate static func scannerTitle(_ domain: String, _ match: LinkScannerMatch) -> String {
        "\(domain) receives mail through \(match.gateway.vendor) \(match.gateway.product) (\(match.exchange)), which can pre-click the single-use reset link so the user sees it as expired"
    }
    fileprivate static func scannerNote(_ match: LinkScannerMatch) -> String {
        "\(match.gateway.vendor): \(match.gateway.note)" + (match.gateway.documentation.map { " (\($0))" } ?? "")
    }
    fileprivate static let keepLinksValid = "fix: in the user's profile password policy select \"Don't immediately expire links in forgot password emails\" (KB 000333308), then send the reset again"
}
