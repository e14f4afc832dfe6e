import Foundation
import Salesforce

/// Is each email relay's TLS setting one that can work? A verifying setting needs a host name (a certificate names
/// hosts, not IP addresses), and SMTP AUTH needs RequiredVerify.
struct RelayConfigCheck: Check {
    let id = "relay.config"
    let scope: CheckScope = .org
    let title = "Email relay TLS and authentication settings"
    let codes: [FindingCode] = [.relayTLSMismatch, .relayAuthWithoutVerify]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let relays = try evidence.emailRelays.require()
        guard !relays.isEmpty else { return .skipped("no email relay is configured") }
        let source = evidence.emailRelays.source ?? "email-relays.json"
        var findings: [Finding] = []
        var unstated: [String] = []
        for relay in relays {
            // An unstated TLS setting is not "Off": the relay's TLS fit cannot be judged.
            guard let tls = relay.tlsSetting, !tls.trimmingCharacters(in: .whitespaces).isEmpty else {
                unstated.append(relay.id)
                continue
            }
            let line = EvidenceLine(source, "relay \(relay.id): host \(relay.host), port \(relay.port ?? "?"), TlsSetting \(tls), IsRequireAuth \(relay.isRequireAuth)")
            if ["PreferredVerify", "RequiredVerify"].contains(tls), relay.host.isIPAddressLiteral {
                findings.append(Finding(.relayTLSMismatch, confidence: .confirmed, title: .ipWithVerify(relay, tls), evidence: [line]))
            }
            if relay.isRequireAuth, tls != "RequiredVerify" {
                findings.append(Finding(.relayAuthWithoutVerify, confidence: .confirmed, title: .authWithoutVerify(relay, tls), evidence: [line]))
            }
        }
        if findings.isEmpty, !unstated.isEmpty {
            return .unknown("\(source) gives no TlsSetting for relay \(unstated.joined(separator: ", ")), so whether TLS fits its host and authentication is not known")
        }
        return .found(findings, reason: findings.isEmpty
            ? "\(relays.count) relay(s); their TLS settings fit their hosts and authentication"
            : "\(findings.count) relay setting(s) stop delivery through the relay")
    }

    var examples: [CheckExample] {
        [
            CheckExample("relay by name with RequiredVerify and auth", status: .pass) {
                $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example", port: "587", tlsSetting: "RequiredVerify", isRequireAuth: true)], source: "email-relays.json")
            },
            CheckExample("relay by IP with Preferred TLS", status: .pass) {
                $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "198.51.100.7", tlsSetting: "Preferred")], source: "email-relays.json")
            },
            CheckExample("IPv4 host with a verifying TLS setting", status: .warn, codes: [.relayTLSMismatch]) {
                $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "198.51.100.7", tlsSetting: "RequiredVerify")], source: "email-relays.json")
            },
            CheckExample("IPv6 host and auth without RequiredVerify", status: .warn, codes: [.relayTLSMismatch, .relayAuthWithoutVerify]) {
                $0.emailRelays = .found([
                    EmailRelayRecord(id: "0MZ1", host: "[2001:db8::25]", tlsSetting: "PreferredVerify"),
                    EmailRelayRecord(id: "0MZ2", host: "smtp.acme.example", tlsSetting: "Required", isRequireAuth: true),
                ], source: "email-relays.json")
            },
            CheckExample("relay without a TlsSetting", status: .unknown) {
                $0.emailRelays = .found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example", tlsSetting: nil)], source: "email-relays.json")
            },
            CheckExample("no relay", status: .skipped),
            CheckExample("relay file missing", status: .unknown) { $0.emailRelays = .missing(reason: "email-relays.json is not in the evidence") },
        ]
    }
}

extension String {
    /// True for an IPv4 dotted quad or an IPv6 literal (with or without brackets).
    var isIPAddressLiteral: Bool {
        var host = trimmingCharacters(in: .whitespaces)
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) { return true }
        let ipv6Characters = CharacterSet(charactersIn: "0123456789abcdefABCDEF:.%")
        return host.contains(":") && host.unicodeScalars.allSatisfy(ipv6Characters.contains)
    }

    fileprivate static func ipWithVerify(_ relay: EmailRelayRecord, _ tls: String) -> String {
        "Relay \(relay.host) uses TLS \(tls) but is an IP address: the certificate check needs a host name, so mail through it is not delivered; use the relay's host name"
    }
    fileprivate static func authWithoutVerify(_ relay: EmailRelayRecord, _ tls: String) -> String {
        "Relay \(relay.host) requires SMTP authentication with TLS \(tls): Salesforce requires RequiredVerify with authentication"
    }
}
