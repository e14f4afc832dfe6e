import Foundation
import MailDNS
import Salesforce

/// Does each email relay's host resolve? Salesforce treats the host as a mail domain first (MX), then as a host
/// (A/AAAA) (salesforce.md §4). An IP address needs no lookup.
struct RelayHostCheck: Check {
    let id = "relay.host"
    let scope: CheckScope = .org
    let title = "Email relay hosts resolve"
    let codes: [FindingCode] = [.relayUnresolvable]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let relays = try evidence.emailRelays.require()
        guard !relays.isEmpty else { return .skipped("no email relay is configured") }
        let source = evidence.emailRelays.source ?? "email-relays.json"
        let named = relays.filter { !$0.host.isIPAddressLiteral }
        guard !named.isEmpty else { return .pass("every relay host is an IP address: nothing to resolve") }
        let context = try evidence.requireDNS()
        // No gateway catalogue: a relay is the org's own server, not a recipient.
        let lookup = MailExchangeLookup(resolver: context.resolver, gateways: [])
        let reports = await concurrentMap(named) { relay in
            await lookup.check(domain: relay.host.trimmingCharacters(in: .whitespaces))
        }
        var findings: [Finding] = []
        var unanswered: [String] = []
        var resolved: [String] = []
        for (relay, report) in zip(named, reports) {
            var lines = [
                EvidenceLine(source, "relay \(relay.id): host \(relay.host), port \(relay.port ?? "?")"),
                context.line(report.domain, .mx, report.mxLookup),
            ]
            lines += report.exchanges.map {
                context.note("DNS \($0.host) A/AAAA: \($0.addresses.isEmpty ? "no addresses" : $0.addresses.joined(separator: ", "))")
            }
            switch (report.route, report.acceptsMail) {
            case (.unknown(let reason), _):
                unanswered.append("relay host \(relay.host): \(reason)")
            case (.domainMissing, _):
                findings.append(Finding(.relayUnresolvable, confidence: .confirmed, title: .missingTitle(relay), evidence: lines))
            case (.noMailHost, _), (.nullMX, _), (_, false?):
                findings.append(Finding(.relayUnresolvable, confidence: .confirmed, title: .noAddressTitle(relay), evidence: lines))
            case (_, nil):
                unanswered.append("relay host \(relay.host): the addresses of its mail exchangers did not resolve")
            case (_, true?):
                resolved.append(relay.host)
            }
        }
        return dnsOutcome(
            findings: findings, unanswered: unanswered,
            passReason: "every relay host resolves: \(resolved.joined(separator: ", "))",
            foundReason: findings.map(\.title).joined(separator: "; "))
    }

    var examples: [CheckExample] {
        [
            CheckExample("relay host with an address (no MX: the A record)", status: .pass) {
                $0.setRelay("smtp.acme.example")
                $0.editDNS { $0["smtp.acme.example"] = [.a: DNSExampleAnswers.records([.a("192.0.2.26")])] }
            },
            CheckExample("relay host is a mail domain with MX", status: .pass) { $0.setRelay("acme.example") },
            CheckExample("relay by IP address", status: .pass) { $0.setRelay("198.51.100.7") },
            CheckExample("relay host does not exist", status: .fail, codes: [.relayUnresolvable]) { $0.setRelay("smtp.acme-old.example") },
            CheckExample("relay host exists without MX or address", status: .fail, codes: [.relayUnresolvable]) {
                $0.setRelay("relay.acme.example")
                $0.editDNS { $0["relay.acme.example"] = [.txt: DNSExampleAnswers.records([.txt(["relay"])])] }
            },
            CheckExample("relay lookup times out", status: .unknown) {
                $0.setRelay("smtp.acme.example")
                $0.editDNS { $0["smtp.acme.example"] = [.mx: .timeout("no answer in 3 s")] }
            },
            CheckExample("no relay", status: .skipped),
            CheckExample("relay file missing", status: .unknown) { $0.emailRelays = .missing(reason: "email-relays.json is not in the evidence") },
            CheckExample("DNS lookups are off", status: .unknown) {
                $0.setRelay("smtp.acme.example")
                $0.dns = .missing(reason: "DNS lookups are off (--no-dns)")
            },
        ]
    }
}

extension String {
    fileprivate static func missingTitle(_ relay: EmailRelayRecord) -> String {
        "The email relay host \(relay.host) does not exist in DNS (NXDOMAIN): mail routed to the relay cannot be delivered; correct the host in Setup > Email Relays"
    }
    fileprivate static func noAddressTitle(_ relay: EmailRelayRecord) -> String {
        "The email relay host \(relay.host) has neither a usable MX nor an address: Salesforce cannot connect to it; correct the host in Setup > Email Relays"
    }
}

extension Evidence {
    /// For examples: one relay with host `host`.
    fileprivate mutating func setRelay(_ host: String) {
        self.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: host, port: "587", tlsSetting: "Preferred")], source: "email-relays.json")
    }
}
