import Foundation
import Salesforce

/// Always last, and a finding whenever there is a user (or no user file): the spam, junk and quarantine folders.
/// Sharper when the email log shows that Salesforce handed the reset mail to the recipient's server. Never
/// `unknown`: the advice holds whatever is missing. Skipped only when no user matches the ticket.
struct GeneralSpamCheck: Check {
    let id = "general.spam"
    let scope: CheckScope = .ticket
    let title = "Spam, junk and quarantine"
    let codes: [FindingCode] = [.generalCheckSpam]
    var matters: Bool { false }

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        if case .found(nil, _) = evidence.user {
            return .skipped("no user matches \"\(evidence.subject)\": there is no mailbox to look in (user.exists reports it)")
        }
        guard let user = evidence.user.value ?? nil else {
            let finding = Finding(
                .generalCheckSpam, confidence: .possible, title: .generalTitle,
                evidence: [EvidenceLine("ticket", "\"\(evidence.subject)\": look for mail from Salesforce in every folder", personal: true)])
            return .pass(finding.title, info: [finding])
        }
        let userLine = EvidenceLine(evidence.userSource, "the reset mail goes to \(user.email)", personal: true)
        if let trace = evidence.resetMailTrace(for: user), trace.finalEvent == .delivery, let row = trace.deliveryRow {
            let rowLine = EvidenceLine(row.origin.isEmpty ? evidence.emailLog.source ?? "email-log.csv" : row.origin, row.evidenceText, personal: true)
            let finding = Finding(.generalCheckSpam, confidence: .possible, title: .deliveredTitle, evidence: [userLine, rowLine])
            return .pass(finding.title, info: [finding])
        }
        let finding = Finding(.generalCheckSpam, confidence: .possible, title: .generalTitle, evidence: [userLine])
        return .pass(finding.title, info: [finding])
    }

    var examples: [CheckExample] {
        [
            CheckExample("delivered per the email log", status: .pass, codes: [.generalCheckSpam]),
            CheckExample("no email log: general advice", status: .pass, codes: [.generalCheckSpam]) {
                $0.emailLog = .missing(reason: "no email log")
            },
            CheckExample("bounced: general advice", status: .pass, codes: [.generalCheckSpam]) {
                $0.emailLog = .found([EmailLogEntry(date: Evidence.exampleNow.addingTimeInterval(-3_500), mailEventRaw: "P",
                                                    recipient: "ada.lovelace@acme.example", origin: "email-log.csv line 2")], source: "email-log.csv")
            },
            CheckExample("no user file: still advice, never unknown", status: .pass, codes: [.generalCheckSpam]) {
                $0.user = .missing(reason: "user.json is not in the evidence")
            },
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static let deliveredTitle = "Salesforce delivered it: ask the user to look in spam, junk and quarantine"
    fileprivate static let generalTitle = "Ask the user to look in spam, junk and quarantine, and to allow mail from Salesforce (*.salesforce.com)"
}
