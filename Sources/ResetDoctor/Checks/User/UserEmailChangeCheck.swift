import Foundation
import Salesforce

/// Is an email change waiting for verification? Until the user clicks the link sent to the new address, the Email
/// field keeps the old address, so the reset email goes there. The verification link lasts 72 hours.
struct UserEmailChangeCheck: Check {
    let id = "user.email-change"
    let scope: CheckScope = .user
    let title = "No email change is waiting for verification"
    let codes: [FindingCode] = [.userEmailChangePending]

    static let verificationLinkLifetime: TimeInterval = 72 * 3_600

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let rows = try evidence.auditRows(aboutUser: user, .emailChangeSent, .emailChanged)
            guard let latest = rows.first else { return .pass("the audit trail shows no email change for the user") }
            guard UserAuditEvent.emailChangeSent.matches(latest) else {
                return .pass("the last email change, on \(latest.createdDate.userCheckTimestamp), was applied")
            }
            let change = EmailChangeSentence(latest.display)
            let expiry = latest.createdDate.addingTimeInterval(Self.verificationLinkLifetime)
            let lines = [
                latest.userCheckEvidenceLine(fallbackSource: evidence.auditSource),
                EvidenceLine(evidence.userSource, .currentAddress(user), personal: true),
                EvidenceLine(
                    evidence.auditSource, .linkState(change, sent: latest.createdDate, expiry: expiry, now: evidence.now),
                    personal: true),
            ]
            let title: String = expiry <= evidence.now ? .expiredTitle(change, user) : .pendingTitle(change, user)
            return .found(Finding(.userEmailChangePending, confidence: .likely, title: title, evidence: lines))
        }
    }

    var examples: [CheckExample] {
        let sentAPI = AuditTrailEntry(
            action: "useremailchangesent", section: "Manage Users", display: .exampleSentence,
            createdDate: Evidence.exampleNow.addingTimeInterval(-5 * 3_600), createdByUsername: "admin@acme.example",
            origin: "audit-trail.json record 2")
        var sentCSV = sentAPI
        (sentCSV.action, sentCSV.origin) = (nil, "audit-trail.csv line 3")
        var sentLongAgo = sentAPI
        sentLongAgo.createdDate = Evidence.exampleNow.addingTimeInterval(-4 * 86_400)
        var applied = sentAPI
        (applied.action, applied.createdDate) = ("changedemail", Evidence.exampleNow.addingTimeInterval(-3_600))
        applied.display = "Changed email for user Ada Lovelace from ada.lovelace@acme.example to ada@newco.example"
        return [
            CheckExample("no email change", status: .pass),
            CheckExample("change sent, not verified", status: .fail, codes: [.userEmailChangePending]) {
                $0.auditTrail = .found([sentAPI], source: "audit-trail.json")
            },
            CheckExample("change sent, from the CSV download", status: .fail, codes: [.userEmailChangePending]) {
                $0.auditTrail = .found([sentCSV], source: "audit-trail.csv")
            },
            CheckExample("change sent 4 days ago, link expired", status: .fail, codes: [.userEmailChangePending]) {
                $0.auditTrail = .found([sentLongAgo], source: "audit-trail.json")
            },
            CheckExample("change sent, then applied", status: .pass) {
                $0.auditTrail = .found([applied, sentAPI], source: "audit-trail.json")
            },
            CheckExample("no Name in the user record and a change row that names a user only by name", status: .unknown) {
                $0.editUser { $0.name = nil }
                var byName = sentAPI
                byName.display = "Email change attempted for user Ada Lovelace from ada.old@acme.example to ada@newco.example"
                $0.auditTrail = .found([byName], source: "audit-trail.json")
            },
            CheckExample("audit trail missing", status: .unknown) {
                $0.auditTrail = .missing(reason: "neither audit-trail.json nor audit-trail.csv is in the evidence")
            },
            .skippedWhenNoUser(),
        ]
    }
}

/// The addresses in "Email change attempted for user X (UserID: [...]) from old@ to new@"; nil when not stated.
private struct EmailChangeSentence {
    var from: String?
    var to: String?

    init(_ sentence: String) {
        let words = sentence.split(whereSeparator: \.isWhitespace).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()[]<>\"'"))
        }
        // The last "from A to B" in the sentence: the user's name cannot contain "@".
        guard let toIndex = words.lastIndex(of: "to"), toIndex >= 2, words[toIndex - 2] == "from",
            toIndex + 1 < words.count
        else { return }
        from = words[toIndex - 1].contains("@") ? words[toIndex - 1] : nil
        to = words[toIndex + 1].contains("@") ? words[toIndex + 1] : nil
    }
}

extension String {
    fileprivate static let exampleSentence =
        "Email change attempted for user Ada Lovelace (UserID: [005000000000001]) from ada.lovelace@acme.example to ada@newco.example"

    fileprivate static func pendingTitle(_ change: EmailChangeSentence, _ user: SalesforceUser) -> String {
        "An email change to \(change.to ?? "a new address") is waiting for verification: "
            + "reset emails go to the current address \(user.email)"
    }
    fileprivate static func expiredTitle(_ change: EmailChangeSentence, _ user: SalesforceUser) -> String {
        "An email change to \(change.to ?? "a new address") was never verified and its link has expired: "
            + "reset emails go to the current address \(user.email); re-enter the new address to send a new link"
    }
    fileprivate static func currentAddress(_ user: SalesforceUser) -> String {
        "Email = \(user.email): Salesforce keeps sending mail, the reset included, here until the change is verified"
    }
    fileprivate static func linkState(_ change: EmailChangeSentence, sent: Date, expiry: Date, now: Date) -> String {
        let state =
            expiry <= now
            ? "expired \(spokenDuration(now.timeIntervalSince(expiry))) ago"
            : "still valid for \(spokenDuration(expiry.timeIntervalSince(now)))"
        return "verification link sent to \(change.to ?? "the new address") at \(sent.userCheckTimestamp); "
            + "it lasts 72 hours, until \(expiry.userCheckTimestamp): \(state)"
    }
}
