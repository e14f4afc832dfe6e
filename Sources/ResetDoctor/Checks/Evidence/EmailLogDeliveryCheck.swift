import Foundation
import Salesforce

/// What happened to the reset mail, per the Email Log File: the first message to the user's address at or after
/// the latest admin reset, followed to its final Mail Event (D delivered, T deferred, P failed).
struct EmailLogDeliveryCheck: Check {
    let id = "log.delivery"
    let scope: CheckScope = .ticket
    let title = "Reset mail in the email log"
    let codes: [FindingCode] = [.logNotAttempted, .logDelivered, .logDeferred, .logBounced, .logTLSFailed]
    /// Salesforce retries a transient failure for 24 hours, then gives up.
    static let retryPeriod: TimeInterval = 24 * 3_600

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            guard let trace = evidence.resetMailTrace(for: user) else {
                return .unknown(.noLog(evidence.emailLog.missingReason ?? ""))
            }
            if trace.logMissesReset, let reset = trace.reset, let span = trace.logSpan {
                return .unknown("the email log covers \(span.first.userCheckTimestamp) to \(span.last.userCheckTimestamp); the reset was at \(reset.createdDate.userCheckTimestamp): request a log that covers it")
            }
            let finding = verdict(trace, evidence)
            return .found([finding], reason: finding.title)
        }
    }

    private func verdict(_ trace: ResetMailTrace, _ evidence: Evidence) -> Finding {
        let source = evidence.emailLog.source ?? "email-log.csv"
        let address = trace.address
        var lines = trace.reset.map { [$0.userCheckEvidenceLine(fallbackSource: evidence.auditSource)] } ?? []
        guard let first = trace.message.first else {
            let span = trace.logSpan.map { "\($0.first.userCheckTimestamp) to \($0.last.userCheckTimestamp)" } ?? "no rows at all"
            lines.append(EvidenceLine(source, "log rows: \(span); none to \(address) at or after \(trace.searchedFrom.userCheckTimestamp)", personal: true))
            lines.append(EvidenceLine(source, .notAttemptedNext))
            let confidence: Confidence = trace.logSpan == nil ? .possible : (trace.reset == nil ? .likely : .confirmed)
            return Finding(.logNotAttempted, confidence: confidence, title: .notAttemptedTitle(address, trace.reset), evidence: lines)
        }
        if trace.correlation != .afterAdminReset {
            lines.append(EvidenceLine(source, trace.correlation == .salesforceSender ? .selfServiceLikely : .anyMessageOnly))
        }
        // Without an admin reset the log cannot name the reset mail: the findings claim no more than the match.
        func cap(_ confidence: Confidence) -> Confidence { min(confidence, trace.correlation.confidence) }
        lines += trace.message.map { EvidenceLine($0.origin.isEmpty ? source : $0.origin, $0.evidenceText, personal: true) }
        let failures = trace.message.filter { $0.mailEvent == .permanentFailure || $0.mailEvent == .transientFailure }
        let tlsFailure = failures.first(where: \.blamesTLS)
        switch trace.finalEvent {
        case .delivery:
            let row = trace.deliveryRow ?? first
            return Finding(.logDelivered, confidence: cap(.confirmed), title: .deliveredTitle(address, row), evidence: lines)
        case .permanentFailure where tlsFailure != nil, .transientFailure where tlsFailure != nil:
            return Finding(.logTLSFailed, confidence: cap(.confirmed), title: .tlsTitle(address, tlsFailure?.deliveryStage), evidence: lines)
        case .permanentFailure:
            let stage = failures.last { $0.mailEvent == .permanentFailure }?.deliveryStage
            return Finding(.logBounced, confidence: cap(.confirmed), title: .bouncedTitle(address, stage), evidence: lines)
        case .transientFailure:
            let firstDeferral = failures.first?.date ?? first.date
            let givesUp = firstDeferral.addingTimeInterval(Self.retryPeriod)
            if evidence.now > givesUp {
                lines.append(EvidenceLine(source, "Salesforce retries for 24 h: it gave up at \(givesUp.userCheckTimestamp)"))
                return Finding(.logBounced, confidence: cap(.likely), title: .gaveUpTitle(address, firstDeferral, stage: failures.last?.deliveryStage), evidence: lines)
            }
            return Finding(.logDeferred, confidence: cap(.confirmed), title: .deferredTitle(address, failures, until: givesUp), evidence: lines)
        case .reception, nil:
            return Finding(.logDeferred, confidence: .possible, title: .acceptedOnlyTitle(address, first), evidence: lines)
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("delivered a few seconds after the reset", status: .pass, codes: [.logDelivered]),
            CheckExample("recipient matched without regard to case", status: .pass, codes: [.logDelivered]) {
                $0.emailLog = .found([.row("D", minutesAgo: 59, to: "Ada.Lovelace@ACME.example")], source: "email-log.csv")
            },
            CheckExample("no reset in the audit trail: the whole window counts", status: .pass, codes: [.logDelivered]) {
                $0.auditTrail = .found([], source: "audit-trail.json")
            },
            CheckExample("no admin reset: Salesforce's own message is preferred to an earlier one from the org", status: .fail, codes: [.logBounced]) {
                $0.auditTrail = .found([], source: "audit-trail.json")
                $0.emailLog = .found([.row("D", minutesAgo: 90, id: "report", from: "reports@acme.example"), .row("P", minutesAgo: 59, stage: "during DATA")], source: "email-log.csv")
            },
            CheckExample("rejected during RCPT TO", status: .fail, codes: [.logBounced]) {
                $0.emailLog = .found([.row("T", minutesAgo: 59, stage: "during RCPT TO"), .row("P", minutesAgo: 40, stage: "during RCPT TO")], source: "email-log.csv")
            },
            CheckExample("an earlier delivery does not hide a later bounce", status: .fail, codes: [.logBounced]) {
                $0.emailLog = .found([.row("D", minutesAgo: 300, id: "old"), .row("P", minutesAgo: 59, stage: "during DATA")], source: "email-log.csv")
            },
            CheckExample("deferred, still retrying", status: .warn, codes: [.logDeferred]) {
                $0.emailLog = .found([.row("T", minutesAgo: 59, stage: "during RCPT TO"), .row("T", minutesAgo: 30)], source: "email-log.csv")
            },
            CheckExample("deferred for more than 24 h: effectively bounced", status: .fail, codes: [.logBounced]) {
                $0.auditTrail = .found([], source: "audit-trail.json")
                $0.emailLog = .found([.row("T", minutesAgo: 26 * 60), .row("T", minutesAgo: 10 * 60)], source: "email-log.csv")
            },
            CheckExample("failed at STARTTLS", status: .fail, codes: [.logTLSFailed]) {
                $0.emailLog = .found([.row("P", minutesAgo: 59, stage: "during STARTTLS")], source: "email-log.csv")
            },
            CheckExample("deferred with a certificate error in an extra column", status: .fail, codes: [.logTLSFailed]) {
                $0.emailLog = .found([.row("T", minutesAgo: 59, extra: ["Reason": "certificate verify failed"])], source: "email-log.csv")
            },
            CheckExample("only mail to someone else", status: .fail, codes: [.logNotAttempted]) {
                $0.emailLog = .found([.row("D", minutesAgo: 59, to: "grace@acme.example")], source: "email-log.csv")
            },
            CheckExample("only mail before the reset", status: .fail, codes: [.logNotAttempted]) {
                $0.emailLog = .found([.row("D", minutesAgo: 65), .row("D", minutesAgo: 30, to: "grace@acme.example")], source: "email-log.csv")
            },
            CheckExample("log ends before the reset", status: .unknown) {
                $0.emailLog = .found([.row("D", minutesAgo: 300)], source: "email-log.csv")
            },
            CheckExample("no email log", status: .unknown) { $0.emailLog = .missing(reason: "no email log file is in the evidence") },
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static let selfServiceLikely = "no admin reset in the audit trail: this is the first message Salesforce sent to the user as itself, likely a self-service (Forgot Password) reset"
    fileprivate static let anyMessageOnly = "no admin reset in the audit trail and no message from Salesforce's own sender: the first message to the user is only possibly the reset mail"
    fileprivate static let notAttemptedNext = "Salesforce never tried: look at the audit trail, deliverability, sender domain verification and the user's status"
    fileprivate static func noLog(_ reason: String) -> String {
        reason.contains("--email-log") ? reason
            : "no email log: request one in Setup > Email Log Files for the hours after the reset and add it with --email-log FILE (\(reason))"
    }
    fileprivate static func notAttemptedTitle(_ address: String, _ reset: AuditTrailEntry?) -> String {
        if let reset { return "Salesforce sent nothing to \(address) after the reset at \(reset.createdDate.userCheckTimestamp)" }
        return "Salesforce sent nothing to \(address) in the email log"
    }
    fileprivate static func deliveredTitle(_ address: String, _ row: EmailLogEntry) -> String {
        "Salesforce delivered the reset mail to \(address)'s mail server at \(row.date.userCheckTimestamp): look at spam, quarantine and link scanners next"
    }
    fileprivate static func tlsTitle(_ address: String, _ stage: String?) -> String {
        "Delivery to \(address) failed at TLS\(stage.map { " (\($0))" } ?? ""): the recipient's server or its certificate did not meet the TLS setting"
    }
    fileprivate static func bouncedTitle(_ address: String, _ stage: String?) -> String {
        "The recipient's server rejected the reset mail to \(address): \(stageMeaning(stage))"
    }
    fileprivate static func gaveUpTitle(_ address: String, _ first: Date, stage: String?) -> String {
        "The reset mail to \(address) was deferred from \(first.userCheckTimestamp) for over 24 h, so Salesforce gave up: \(stageMeaning(stage))"
    }
    fileprivate static func deferredTitle(_ address: String, _ failures: [EmailLogEntry], until: Date) -> String {
        let retries = failures.compactMap(\.retryCount).max().map { ", retry count \($0)" } ?? ""
        let queued = failures.compactMap(\.secondsInQueue).max().map { ", \($0) s in queue" } ?? ""
        return "The recipient's server deferred the reset mail to \(address) (\(failures.count) attempts\(retries)\(queued)); Salesforce retries until \(until.userCheckTimestamp)"
    }
    fileprivate static func acceptedOnlyTitle(_ address: String, _ row: EmailLogEntry) -> String {
        "Salesforce queued the reset mail to \(address) at \(row.date.userCheckTimestamp) (event \(row.mailEventRaw)) but the log shows no delivery attempt"
    }

    /// What the Delivery Stage of a failure says about who refused what.
    static func stageMeaning(_ stage: String?) -> String {
        let lower = stage?.lowercased() ?? ""
        let quoted = "\"\(stage ?? "")\""
        if lower.isEmpty { return "the log gives no delivery stage" }
        if lower.contains("rcpt") { return "\(quoted) means the address itself was refused (no such mailbox, disabled or full)" }
        if lower.contains("data") { return "\(quoted) means the content was refused (spam or policy filter)" }
        if lower.contains("mail from") { return "\(quoted) means the sender was refused (SPF, DMARC or a block on Salesforce)" }
        if ["connect", "helo", "ehlo", "banner", "greeting"].contains(where: lower.contains) {
            return "\(quoted) means the recipient's server refused the connection (often a block on Salesforce's IP addresses)"
        }
        return "delivery stage \(quoted)"
    }
}

extension EmailLogEntry {
    /// For examples: a row of message `id` to the example user.
    fileprivate static func row(_ event: String, minutesAgo: Double, id: String = "16/A4-1", to: String = "ada.lovelace@acme.example", from: String = "noreply@salesforce.com", stage: String? = nil, extra: [String: String] = [:]) -> EmailLogEntry {
        EmailLogEntry(
            date: Evidence.exampleNow.addingTimeInterval(-minutesAgo * 60), internalMessageId: id, mailEventRaw: event,
            recipient: to, sender: from, retryCount: event == "T" ? 1 : 0, secondsInQueue: 300,
            deliveryStage: stage, extra: extra, origin: "email-log.csv line 2")
    }
}
