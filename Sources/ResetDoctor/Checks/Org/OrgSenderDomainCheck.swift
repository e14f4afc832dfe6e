import Foundation
import Salesforce

/// Is the domain the reset mail is sent from verified (an active DKIM key)? Salesforce sends only from verified
/// domains, system mail included, and may drop the rest silently. The sender comes from the email log.
struct OrgSenderDomainCheck: Check {
    let id = "org.sender-domain"
    let scope: CheckScope = .ticket
    let title = "Sender domain verification"
    let codes: [FindingCode] = [.orgSenderDomainUnverified]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let log = try evidence.emailLog.require()
            let address = user.email.lowercased()
            let rows = log.filter { $0.recipient.trimmingCharacters(in: .whitespaces).lowercased() == address }
            guard !rows.isEmpty else { return .unknown(.noMailToUser(user)) }
            var senders: [String: EmailLogEntry] = [:]  // sender domain → first row that shows it
            for row in rows {
                guard let domain = row.senderDomain, !isSalesforceOwned(domain), senders[domain] == nil else { continue }
                senders[domain] = row
            }
            guard !senders.isEmpty else { return .pass("the reset mail's sender is Salesforce-owned") }
            let keys = try evidence.emailDomainKeys.require()
            let keySource = evidence.emailDomainKeys.source ?? "email-domain-keys.json"
            var findings: [Finding] = []
            for (domain, row) in senders.sorted(by: { $0.key < $1.key }) {
                let covering = keys.filter { $0.covers(domain) }
                if covering.contains(where: \.isActive) { continue }
                let rowLine = EvidenceLine(row.origin, "sender \(row.sender ?? domain) of mail to \(row.recipient)", personal: true)
                let keyLine = covering.first.map {
                    EvidenceLine(keySource, "DKIM key \($0.id) for \($0.domain) (\($0.domainMatch ?? "DomainOnly")) is inactive")
                } ?? EvidenceLine(keySource, "no DKIM key covers \(domain) (\(keys.count) in the file)")
                findings.append(Finding(
                    .orgSenderDomainUnverified, confidence: .likely,
                    title: covering.isEmpty ? .noKeyTitle(domain) : .inactiveKeyTitle(domain),
                    evidence: [rowLine, keyLine, EvidenceLine(keySource, .authorizedDomainNote)]))
            }
            let verified = senders.count - findings.count
            return .found(findings, reason: findings.isEmpty
                ? "every sender domain of mail to the user has an active DKIM key (\(senders.keys.sorted().joined(separator: ", ")))"
                : "\(findings.count) sender domain(s) without an active DKIM key, \(verified) verified")
        }
    }

    /// Salesforce's own domains need no verification by the org.
    private func isSalesforceOwned(_ domain: String) -> Bool {
        ["salesforce.com", "sfcustomeremail.com", "salesforce-free-mailsend.com"].contains { domain == $0 || domain.hasSuffix("." + $0) }
    }

    var examples: [CheckExample] {
        [
            CheckExample("sender is noreply@salesforce.com", status: .pass),
            CheckExample("company sender with an active DKIM key", status: .pass) { $0.setSender("it@acme.example") },
            CheckExample("subdomain covered by a DomainAndSubdomains key", status: .pass) {
                $0.setSender("it@mail.acme.example")
                $0.emailDomainKeys = .found([EmailDomainKeyRecord(id: "09P1", domain: "acme.example", domainMatch: "DomainAndSubdomains", isActive: true)], source: "email-domain-keys.json")
            },
            CheckExample("company sender with no DKIM key", status: .fail, codes: [.orgSenderDomainUnverified]) {
                $0.setSender("it@globex.example")
            },
            CheckExample("company sender whose key is inactive", status: .fail, codes: [.orgSenderDomainUnverified]) {
                $0.setSender("it@acme.example")
                $0.emailDomainKeys = .found([EmailDomainKeyRecord(id: "09P1", domain: "acme.example", isActive: false)], source: "email-domain-keys.json")
            },
            CheckExample("subdomain not covered by a DomainOnly key", status: .fail, codes: [.orgSenderDomainUnverified]) {
                $0.setSender("it@mail.acme.example")
            },
            CheckExample("no DKIM key file for a company sender", status: .unknown) {
                $0.setSender("it@acme.example")
                $0.emailDomainKeys = .missing(reason: "email-domain-keys.json is not in the evidence")
            },
            CheckExample("no email log", status: .unknown) { $0.emailLog = .missing(reason: "no email log") },
            CheckExample("no mail to the user in the log", status: .unknown) { $0.emailLog = .found([], source: "email-log.csv") },
            .skippedWhenNoUser(),
        ]
    }
}

extension EmailLogEntry {
    /// The domain of the envelope sender, lowercased; nil when the column is empty or holds no "@".
    var senderDomain: String? {
        guard let sender, let at = sender.lastIndex(of: "@") else { return nil }
        let domain = sender[sender.index(after: at)...].trimmingCharacters(in: .whitespaces.union(.init(charactersIn: ">"))).lowercased()
        return domain.isEmpty ? nil : domain
    }
}

extension EmailDomainKeyRecord {
    /// Whether the key's domain and match pattern cover `domain` (active or not).
    func covers(_ domain: String) -> Bool {
        let own = self.domain.lowercased().trimmingCharacters(in: .whitespaces)
        let isSubdomain = domain.hasSuffix("." + own)
        switch domainMatch ?? "DomainOnly" {
        case "SubdomainsOnly": return isSubdomain
        case "DomainAndSubdomains": return domain == own || isSubdomain
        default: return domain == own
        }
    }
}

extension String {
    fileprivate static func noKeyTitle(_ domain: String) -> String {
        "The sender domain \(domain) has no DKIM key: Salesforce only sends from verified domains, so it may drop the reset mail"
    }
    fileprivate static func inactiveKeyTitle(_ domain: String) -> String {
        "The DKIM key for \(domain) is inactive: Salesforce only sends from verified domains; publish its two CNAME records, then Activate it (Setup > DKIM Keys)"
    }
    fileprivate static let authorizedDomainNote = "a verified Authorized Email Domain also counts as verification and is not in this evidence"
    fileprivate static func noMailToUser(_ user: SalesforceUser) -> String {
        "the email log has no mail to \(user.email), so the reset mail's sender is not known (log.delivery reports the missing mail)"
    }
}

extension Evidence {
    /// For examples: makes the envelope sender of every email log row `sender`.
    fileprivate mutating func setSender(_ sender: String) {
        guard case .found(var rows, let source) = self.emailLog else { return }
        for index in rows.indices { rows[index].sender = sender }
        self.emailLog = .found(rows, source: source)
    }
}
