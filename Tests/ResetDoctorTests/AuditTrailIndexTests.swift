import Foundation
import Salesforce
import SharedBasics
import Testing
@testable import ResetDoctor

/// The audit-trail index only narrows which rows are read; what matches must be exactly what reading every row finds.
@Suite struct AuditTrailIndexTests {
    static let names = ["Ada Lovelace", "ada lovelace", "Ada", "Ada Lovelace-Byron", "Al Bo", "O'Brien", "Zoë Keller", "Ｆｕｌｌ",
                        "User 00017", "user 17", "  Ada  ", "(Ada)", "ada.lovelace", "J. Smith"]
    static let addresses = ["ada@acme.example", "ADA@ACME.EXAMPLE", "ada.lovelace@acme.example", "a@b.c", "ada@acme.example.com",
                            "x.ada@acme.example", "ada_l@acme.example"]
    static let ids = ["005000000000001AAA", "005000000000001", "005000000000002AAA"]
    static let templates = ["Reset password for user {}", "Reset password for user {} (UserID: [005000000000001])",
                            "Reset password for user {}.", "Deactivated user {}", "Froze user {}'s login",
                            "Changed email for user {} from a@b.c to {}", "reset password for USER {}-x", "{}", "x{}", "{}x",
                            "Email change attempted for user {}, from {}."]

    static func rows(_ generator: inout SplitMix64) -> [AuditTrailEntry] {
        let actions: [String?] = ["resetpassword", "deactivateduser", "frozeuser", "changedemail", "useremailchangesent", nil, ""]
        let words = names + addresses + ids
        return (0..<400).map { number in
            let template = generator.pick(templates)
            var text = template
            while let slot = text.range(of: "{}") { text.replaceSubrange(slot, with: generator.pick(words)) }
            return AuditTrailEntry(
                action: generator.pick(actions), display: text,
                createdDate: Date(timeIntervalSince1970: 1_790_000_000 + Double(number)), origin: "row \(number)")
        }
    }

    @Test func theIndexFindsWhatReadingEveryRowFinds() throws {
        var generator = SplitMix64(seed: 7)
        let rows = Self.rows(&generator)
        let org = OrgEvidence(now: Date(timeIntervalSince1970: 1_800_000_000), auditTrail: .found(rows, source: "audit-trail.json"))
        for name in Self.names + [nil] {
            for address in Self.addresses {
                for id in Self.ids {
                    let user = SalesforceUser(id: id, username: address, email: address, name: name)
                    let evidence = Evidence(org: org, user: UserEvidence(subject: address, user: .found(user, source: "user.json")))
                    for events in [[UserAuditEvent.passwordReset], [.deactivated], [.frozen], [.emailChangeSent, .emailChanged]] {
                        let expected = Result {
                            try Self.readingEveryRow(rows, user: user, events: events, evidence: evidence)
                        }.map { $0.map(\.origin) }
                        let found = Result {
                            try events.count == 1 ? evidence.auditRows(aboutUser: user, events[0]) : evidence.auditRows(aboutUser: user, events[0], events[1])
                        }.map { $0.map(\.origin) }
                        #expect(String(describing: found) == String(describing: expected), "\(name ?? "nil") \(address) \(id) \(events)")
                    }
                }
            }
        }
    }

    /// What `auditRows(aboutUser:)` found before the index: every row of the kinds, every one asked whether it names the user.
    static func readingEveryRow(_ rows: [AuditTrailEntry], user: SalesforceUser, events: [UserAuditEvent], evidence: Evidence) throws -> [AuditTrailEntry] {
        let ofKind = rows.filter { row in events.contains { $0.matches(row) } }
        let about = ofKind.filter { $0.mentions(user) }
        if let silent = ofKind.first(where: { !$0.hasSentence }) {
            throw CheckCannotRun(reason: "\(silent.origin) is a \(silent.action ?? "matching") row without its Display sentence, so which user it is about is not known")
        }
        if (user.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty, about.count < ofKind.count {
            let example = ofKind.first { !$0.mentions(user) }.map { " (\($0.origin): \"\($0.display)\")" } ?? ""
            throw CheckCannotRun(
                reason: "user.json has no Name for \(user.username), and \(ofKind.count - about.count) audit row(s) of this kind name a user that cannot be matched without it\(example); add Name to the user query")
        }
        return about.sorted { $0.createdDate > $1.createdDate }
    }
}

