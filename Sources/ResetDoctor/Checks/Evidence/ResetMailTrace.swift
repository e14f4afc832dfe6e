import Foundation
import Salesforce

/// The reset mail as the email log tells it: the first message to the user's address at or after the latest
/// admin reset (or in the whole window when the audit trail shows none), with every row of that message.
///
/// Without an admin reset the log alone cannot say which message was the reset (it has no subject): a message
/// Salesforce sent as itself (noreply@salesforce.com, or its bounce envelope) is likely a self-service reset;
/// any other message to the user only possibly is. `correlation` says which, and caps the findings' confidence.
struct ResetMailTrace: Sendable {
    enum Correlation: Sendable, Equatable {
        /// The first message at or after an admin reset in the audit trail.
        case afterAdminReset
        /// No admin reset: the first message Salesforce sent as itself, as a self-service reset is.
        case salesforceSender
        /// No admin reset and no message from Salesforce's own sender: the first message of any sender.
        case anyMessage

        /// The most a finding about this message may claim.
        var confidence: Confidence {
            switch self {
            case .afterAdminReset: return .confirmed
            case .salesforceSender: return .likely
            case .anyMessage: return .possible
            }
        }
    }

    /// Salesforce's clock and the mail servers' may differ a little: a row this much before the reset still counts.
    static let clockSkew: TimeInterval = 120

    var address: String
    /// The latest admin reset of the user, when the audit trail has one.
    var reset: AuditTrailEntry?
    var searchedFrom: Date
    /// First and last row time of the whole log, nil when the log is empty.
    var logSpan: (first: Date, last: Date)?
    /// Every row to the address, oldest first.
    var rowsToAddress: [EmailLogEntry]
    /// The rows of the correlated message, oldest first; empty when Salesforce sent nothing to the address.
    var message: [EmailLogEntry]
    var correlation: Correlation

    /// `log` may hold only the rows to the user (as the loader keeps them); its span covers the whole file.
    init(user: SalesforceUser, log: EmailLog, reset: AuditTrailEntry?, windowStart: Date) {
        let address = user.email.trimmingCharacters(in: .whitespaces).lowercased()
        self.address = user.email
        self.reset = reset
        searchedFrom = reset.map { $0.createdDate.addingTimeInterval(-Self.clockSkew) } ?? windowStart
        if let span = log.span { logSpan = (span.start, span.end) }
        rowsToAddress = log.rows
            .filter { $0.recipient.trimmingCharacters(in: .whitespaces).lowercased() == address }
            .sorted { $0.date < $1.date }
        let from = searchedFrom
        let candidates = rowsToAddress.filter { $0.date >= from }
        let salesforceSent = candidates.first { $0.isFromSalesforceItself }
        correlation = reset != nil ? .afterAdminReset : (salesforceSent != nil ? .salesforceSender : .anyMessage)
        guard let first = reset == nil ? (salesforceSent ?? candidates.first) : candidates.first else { message = []; return }
        if let key = first.messageKey {
            message = rowsToAddress.filter { $0.messageKey == key && $0.date >= from }
        } else {
            message = [first]
        }
    }

    /// The final Mail Event of the message: D beats P beats T beats anything else.
    var finalEvent: MailEvent? {
        let events = Set(message.compactMap(\.mailEvent))
        for event in [MailEvent.delivery, .permanentFailure, .transientFailure, .reception] where events.contains(event) {
            return event
        }
        return nil
    }

    var deliveryRow: EmailLogEntry? { message.last { $0.mailEvent == .delivery } }

    /// True when the log ends before the reset, or starts well after it with nothing for the user:
    /// then the log cannot say what happened to the reset mail.
    var logMissesReset: Bool {
        guard let reset, let logSpan else { return false }
        if logSpan.last < reset.createdDate.addingTimeInterval(-Self.clockSkew) { return true }
        return message.isEmpty && logSpan.first > reset.createdDate.addingTimeInterval(15 * 60)
    }
}

extension EmailLogEntry {
    /// Sent by Salesforce as itself (noreply@salesforce.com, or its bounce-management envelope at
    /// bnc.salesforce.com), as Salesforce's own reset mail is unless the org set another sender.
    var isFromSalesforceItself: Bool {
        guard let domain = senderDomain else { return false }
        return SalesforceOwnedDomain.contains(domain)
    }

    /// Rows of one message share the Internal Message ID (or, failing that, the Message-ID header).
    var messageKey: String? {
        for key in [internalMessageId, messageIdHeader] {
            if let key = key?.trimmingCharacters(in: .whitespaces), !key.isEmpty { return key }
        }
        return nil
    }

    /// "D at 2026-11-22 08:30 UTC to ada@acme.example (retry 0, 1 s in queue)": one row for an evidence line.
    var evidenceText: String {
        var parts = ["\(mailEventRaw) at \(date.userCheckTimestamp) to \(recipient)"]
        if let sender, !sender.isEmpty { parts.append("from \(sender)") }
        if let deliveryStage, !deliveryStage.isEmpty { parts.append("stage \"\(deliveryStage)\"") }
        if let retryCount { parts.append("retry \(retryCount)") }
        if let secondsInQueue { parts.append("\(secondsInQueue) s in queue") }
        if mailEvent == .permanentFailure || mailEvent == .transientFailure {
            // Columns after Delivery Stage are undocumented; a failure's reason may be in one of them.
            parts += extra.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }.map { "\($0.key) \"\($0.value)\"" }
        }
        if mailEvent == .delivery, let tlsCipher, !tlsCipher.isEmpty {
            parts.append("TLS \(tlsCipher)\(tlsVerified.map { " (\($0))" } ?? "")")
        }
        return parts.joined(separator: ", ")
    }

    /// True when a failure row blames TLS: its Delivery Stage or an undocumented column mentions it.
    /// TLS_Cipher and TLS_Verified are left out: they say how a delivery was encrypted, not why one failed.
    var blamesTLS: Bool {
        guard mailEvent == .permanentFailure || mailEvent == .transientFailure else { return false }
        let texts = [deliveryStage ?? ""] + extra.values
        return texts.contains { text in
            let lower = text.lowercased()
            return lower.contains("tls") || lower.contains("certificate") || lower.contains("ssl")
        }
    }
}

extension Evidence {
    /// The reset mail trace for `user`, or nil when the email log is missing.
    func resetMailTrace(for user: SalesforceUser) -> ResetMailTrace? {
        guard let log = self.emailLog.value else { return nil }
        return ResetMailTrace(user: user, log: log, reset: (try? passwordResets(of: user))?.first, windowStart: self.windowStart)
    }
}
