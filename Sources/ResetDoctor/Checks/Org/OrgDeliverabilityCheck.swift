import Foundation
import Salesforce

/// Does the org's "Access to Send Email" level (Setup > Email > Deliverability) let the reset email out?
/// No API reads the level: it comes from org-settings.json, or from the latest change in the audit trail.
struct OrgDeliverabilityCheck: Check {
    let id = "org.deliverability"
    let scope: CheckScope = .org
    let title = "Org deliverability (Access to Send Email)"
    let codes: [FindingCode] = [.orgDeliverabilityNoAccess, .orgDeliverabilityUnknown]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let changes = try? evidence.auditRows(.sendEmailAccessControl)
        if evidence.orgSettings.value == nil && changes == nil {
            return .unknown(.neitherSource(evidence))
        }
        let sandboxNote = evidence.org?.isSandbox == true ? " " + .sandboxDefault : ""
        guard let reading = DeliverabilityReading(evidence, changes: changes ?? []) else {
            let finding = Finding(
                .orgDeliverabilityUnknown, confidence: .possible, title: .unknownTitle,
                evidence: .unknownEvidence(evidence, hasAudit: changes != nil))
            return .found([finding], reason: .unknownTitle + sandboxNote)
        }
        let from = " (\(reading.provenance))."
        switch reading.level {
        case .all:
            return .pass("Access to Send Email is \"All email\"" + from + sandboxNote)
        case .system:
            return .pass("Access to Send Email is \"System email only\", which allows password resets: they are system email" + from + sandboxNote)
        case .none, .unknown:
            let finding = Finding(
                .orgDeliverabilityNoAccess, confidence: .possible, title: .noAccessTitle, evidence: [reading.line])
            return .found([finding], reason: .noAccessTitle + from + sandboxNote)
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("all email, declared", status: .pass),
            CheckExample("system email only, declared", status: .pass) {
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .system, deliverabilitySource: .declared), source: "org-settings.json")
            },
            CheckExample("sandbox on system email only", status: .pass) {
                $0.org?.isSandbox = true
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .system, deliverabilitySource: .declared), source: "org-settings.json")
            },
            CheckExample("level from the CSV audit trail sentence", status: .pass) {
                $0.orgSettings = .missing(reason: "org-settings.json is not in the evidence")
                $0.auditTrail = .found([.levelChange(action: nil, "No access", "All email")], source: "audit-trail.csv")
            },
            CheckExample("no access, declared", status: .warn, codes: [.orgDeliverabilityNoAccess]) {
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: DeliverabilityLevel.none, deliverabilitySource: .declared), source: "org-settings.json")
            },
            CheckExample("no access, from the latest API audit row", status: .warn, codes: [.orgDeliverabilityNoAccess]) {
                $0.orgSettings = .found(OrgSettings(), source: "org-settings.json")
                $0.auditTrail = .found([
                    .levelChange(action: "sendEmailAccessControl", "All email", "No access", hoursAgo: 2),
                    .levelChange(action: "sendEmailAccessControl", "No access", "All email", hoursAgo: 48),
                ], source: "audit-trail.json")
            },
            CheckExample("level unknown and no change in the audit trail", status: .warn, codes: [.orgDeliverabilityUnknown]) {
                $0.orgSettings = .found(OrgSettings(deliverabilityLevel: .unknown), source: "org-settings.json")
            },
            CheckExample("no org settings and no audit trail", status: .unknown) {
                $0.orgSettings = .missing(reason: "org-settings.json is not in the evidence")
                $0.auditTrail = .missing(reason: "no audit trail")
            },
        ]
    }
}

/// The level and where it was read.
private struct DeliverabilityReading {
    var level: DeliverabilityLevel
    var line: EvidenceLine
    /// Where the level was read, and how sure that makes it.
    var provenance: String

    /// The declared level first; else the "to" level of the latest change in the audit trail; else nil.
    init?(_ evidence: Evidence, changes: [AuditTrailEntry]) {
        if let settings = evidence.orgSettings.value, let level = settings.deliverabilityLevel, level != .unknown {
            let source = settings.deliverabilitySource?.rawValue ?? "declared"
            self.level = level
            line = EvidenceLine(evidence.orgSettings.source ?? "org-settings.json", "deliverability level \"\(level.rawValue)\" (source: \(source))")
            provenance = source == "declared" ? "stated in org-settings.json" : "org-settings.json, learned from \(source)"
            return
        }
        for change in changes {  // newest first
            guard let level = Self.newLevel(in: change.display) else { continue }
            self.level = level
            line = change.userCheckEvidenceLine(fallbackSource: evidence.auditSource)
            provenance = "from the latest change in the audit trail, at \(change.createdDate.userCheckTimestamp): likely still current"
            return
        }
        return nil
    }

    /// "Changed Access to Send Email level from System email only to No access" → `.none`.
    static func newLevel(in sentence: String) -> DeliverabilityLevel? {
        guard let to = sentence.range(of: " to ", options: [.backwards, .caseInsensitive]) else { return nil }
        let name = sentence[to.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: ".\"")))
        switch name.lowercased() {
        case "all email": return .all
        case "system email only": return .system
        case "no access": return DeliverabilityLevel.none
        default: return nil
        }
    }
}

extension String {
    fileprivate static let noAccessTitle = "Access to Send Email is \"No access\": Salesforce's current help says password resets still go out, but KB 000385234 says to make sure it is not No access; set it to System email only or All email to rule it out"
    fileprivate static let unknownTitle = "The deliverability level is not known: check Setup > Email > Deliverability, Access to Send Email (System email only or All email lets resets out)"
    fileprivate static let sandboxDefault = "This is a sandbox: new and refreshed sandboxes default to System email only, which still allows password resets."

    fileprivate static func neitherSource(_ evidence: Evidence) -> String {
        "neither org-settings.json nor an audit trail is in the evidence, so the Access to Send Email level is unknown; look at Setup > Email > Deliverability"
            + (evidence.org?.isSandbox == true ? ". " + sandboxDefault : "")
    }
}

extension [EvidenceLine] {
    fileprivate static func unknownEvidence(_ evidence: Evidence, hasAudit: Bool) -> [EvidenceLine] {
        var lines = [EvidenceLine]()
        if let source = evidence.orgSettings.source {
            lines.append(EvidenceLine(source, "no deliverability level stated (or \"unknown\")"))
        } else {
            lines.append(EvidenceLine("org-settings.json", "not in the evidence"))
        }
        if hasAudit {
            lines.append(EvidenceLine(
                evidence.auditSource,
                "no change of Access to Send Email since \(evidence.windowStart.userCheckTimestamp) (the audit trail shows changes only)"))
        }
        return lines
    }
}

extension AuditTrailEntry {
    /// For examples: a change of the deliverability level, in API form (with `action`) or CSV form (action nil).
    fileprivate static func levelChange(action: String?, _ from: String, _ to: String, hoursAgo: Double = 24) -> AuditTrailEntry {
        AuditTrailEntry(
            action: action, section: "Email Administration", display: "Changed Access to Send Email level from \(from) to \(to)",
            createdDate: Evidence.exampleNow.addingTimeInterval(-hoursAgo * 3_600), createdByUsername: "admin@acme.example",
            origin: action == nil ? "audit-trail.csv line 2" : "audit-trail.json record 1")
    }
}
