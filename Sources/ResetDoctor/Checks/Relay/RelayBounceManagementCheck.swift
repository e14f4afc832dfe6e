import Foundation
import Salesforce

/// Relay + bounce management (or Email Security Compliance): the envelope sender becomes an address at
/// *.bnc.salesforce.com, which your relay's IP is not allowed to send for, so SPF soft-fails.
struct RelayBounceManagementCheck: Check {
    let id = "relay.bounce-management"
    let scope: CheckScope = .org
    let title = "Bounce management with an email relay"
    let codes: [FindingCode] = [.relayBounceManagementSoftfail]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let relays = try evidence.emailRelays.require()
        guard !relays.isEmpty else { return .skipped("no email relay is configured") }
        let settings = try evidence.orgSettings.require()
        let source = evidence.orgSettings.source ?? "org-settings.json"
        var lines: [EvidenceLine] = []
        if settings.bounceManagement == true { lines.append(EvidenceLine(source, "bounceManagement: true (Activate bounce management)")) }
        if settings.emailSecurityCompliance == true {
            lines.append(EvidenceLine(source, "emailSecurityCompliance: true (the envelope sender becomes an address at *.bnc.salesforce.com)"))
        }
        if !lines.isEmpty {
            lines.append(EvidenceLine(evidence.emailRelays.source ?? "email-relays.json", "relays: \(relays.map(\.host).joined(separator: ", "))"))
            let finding = Finding(.relayBounceManagementSoftfail, confidence: .likely, title: .softfailTitle(relays), evidence: lines)
            return .found([finding], reason: finding.title)
        }
        guard settings.bounceManagement != nil else {
            return .unknown("\(source) does not say whether bounce management is on (Setup > Deliverability > Bounce Management)")
        }
        // Either setting alone makes the softfail: an unstated one is not an "off".
        guard settings.emailSecurityCompliance != nil else {
            return .unknown("bounce management is off, but \(source) does not say whether Email Security Compliance is on (Setup > Deliverability)")
        }
        return .pass("bounce management is off and so is Email Security Compliance")
    }

    var examples: [CheckExample] {
        let relay = Gathered<[EmailRelayRecord]>.found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example")], source: "email-relays.json")
        return [
            CheckExample("relay with bounce management and compliance off", status: .pass) {
                $0.emailRelays = relay
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .all, bounceManagement: false, emailSecurityCompliance: false), source: "org-settings.json")
            },
            CheckExample("relay with bounce management on", status: .warn, codes: [.relayBounceManagementSoftfail]) {
                $0.emailRelays = relay
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .all, bounceManagement: true, emailSecurityCompliance: false), source: "org-settings.json")
            },
            CheckExample("relay with Email Security Compliance on", status: .warn, codes: [.relayBounceManagementSoftfail]) {
                $0.emailRelays = relay  // the healthy example has compliance on
            },
            CheckExample("relay, bounce management not stated", status: .unknown) {
                $0.emailRelays = relay
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .all), source: "org-settings.json")
            },
            CheckExample("relay, bounce management off, Email Security Compliance not stated", status: .unknown) {
                $0.emailRelays = relay
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .all, bounceManagement: false), source: "org-settings.json")
            },
            CheckExample("relay, no org settings", status: .unknown) {
                $0.emailRelays = relay
                $0.orgSettings = .missing(reason: "org-settings.json is not in the evidence")
            },
            CheckExample("no relay", status: .skipped),
        ]
    }
}

extension String {
    fileprivate static func softfailTitle(_ relays: [EmailRelayRecord]) -> String {
        "Mail leaves through your relay (\(relays.map(\.host).joined(separator: ", "))) with a *.bnc.salesforce.com envelope sender, so SPF soft-fails at the recipient: DKIM-sign with DMARC, or turn off bounce management and compliance"
    }
}
