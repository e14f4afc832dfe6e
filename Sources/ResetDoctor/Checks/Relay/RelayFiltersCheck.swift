import Foundation
import Salesforce

/// Do the email domain filters send mail for the user's domain through the relay? Only the To side can be judged:
/// the From domain of reset mail is not documented, so a FromDomain restriction is reported as "cannot tell".
struct RelayFiltersCheck: Check {
    let id = "relay.filters"
    let scope: CheckScope = .user
    let title = "Email domain filters of the relay"
    let codes: [FindingCode] = [.relayFilterUnmatched]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        let relays = try evidence.emailRelays.require()
        guard !relays.isEmpty else { return .skipped("no email relay is configured") }
        let filters = try evidence.emailDomainFilters.require()
        return try evidence.withUser { user in
            guard let at = user.email.lastIndex(of: "@") else { return .unknown("the user's email address \(user.email) has no domain") }
            let domain = user.email[user.email.index(after: at)...].trimmingCharacters(in: .whitespaces).lowercased()
            guard !filters.isEmpty else { return .pass("no email domain filter: every email goes through the relay") }
            let source = evidence.emailDomainFilters.source ?? "email-domain-filters.json"
            let ordered = filters.sorted { ($0.priorityNumber ?? .max) < ($1.priorityNumber ?? .max) }
            let matching = ordered.filter { $0.isActive && $0.matchesTo(domain) }
            guard let first = matching.first else {
                let allInactive = !filters.contains(where: \.isActive)
                let lines = ordered.map { EvidenceLine(source, $0.evidenceText) }
                let title = String.unmatchedTitle(domain, allInactive: allInactive)
                return .found([Finding(.relayFilterUnmatched, confidence: .possible, title: title, evidence: lines)], reason: title)
            }
            let host = relays.first { $0.id == first.emailRelayId }?.host ?? "the relay"
            var reason = "active filter \(first.id) sends mail to \(domain) through \(host)"
            let fromDomains = first.fromDomain?.trimmingCharacters(in: .whitespaces) ?? ""
            if !fromDomains.isEmpty {
                reason += "; it also requires a From domain in \"\(fromDomains)\": cannot tell whether reset mail has one (its sender is not documented)"
            }
            return .pass(reason)
        }
    }

    var examples: [CheckExample] {
        let relay = Gathered<[EmailRelayRecord]>.found([EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example")], source: "email-relays.json")
        func filters(_ list: [EmailDomainFilterRecord]) -> Gathered<[EmailDomainFilterRecord]> { .found(list, source: "email-domain-filters.json") }
        return [
            CheckExample("relay without filters", status: .pass) { $0.emailRelays = relay },
            CheckExample("wildcard To filter matches", status: .pass) {
                $0.emailRelays = relay
                $0.emailDomainFilters = filters([EmailDomainFilterRecord(id: "0T61", emailRelayId: "0MZ1", toDomain: "globex.example, *.example", priorityNumber: 1)])
            },
            CheckExample("From-only filter: cannot tell, not a finding", status: .pass) {
                $0.emailRelays = relay
                $0.emailDomainFilters = filters([EmailDomainFilterRecord(id: "0T61", emailRelayId: "0MZ1", fromDomain: "acme.example")])
            },
            CheckExample("To filter for another domain", status: .warn, codes: [.relayFilterUnmatched]) {
                $0.emailRelays = relay
                $0.emailDomainFilters = filters([EmailDomainFilterRecord(id: "0T61", emailRelayId: "0MZ1", toDomain: "globex.example")])
            },
            CheckExample("every filter inactive", status: .warn, codes: [.relayFilterUnmatched]) {
                $0.emailRelays = relay
                $0.emailDomainFilters = filters([EmailDomainFilterRecord(id: "0T61", emailRelayId: "0MZ1", toDomain: "acme.example", isActive: false)])
            },
            CheckExample("filters file missing", status: .unknown) {
                $0.emailRelays = relay
                $0.emailDomainFilters = .missing(reason: "email-domain-filters.json is not in the evidence")
            },
            CheckExample("no relay", status: .skipped),
        ]
    }
}

extension EmailDomainFilterRecord {
    /// Whether `domain` is in the ToDomain list (comma-separated, `*` wildcards, empty = any domain).
    func matchesTo(_ domain: String) -> Bool {
        let patterns = (toDomain ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }.filter { !$0.isEmpty }
        return patterns.isEmpty || patterns.contains { Self.glob(Array($0), Array(domain)) }
    }

    /// `*` matches any run of characters; everything else matches itself.
    private static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0, starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" { starP = p; starT = t; p += 1 }
            else if p < pattern.count, pattern[p] == text[t] { p += 1; t += 1 }
            else if starP >= 0 { p = starP + 1; starT += 1; t = starT }
            else { return false }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    var evidenceText: String {
        "filter \(id) (relay \(emailRelayId ?? "?"), priority \(priorityNumber.map(String.init) ?? "none")): To \"\(toDomain ?? "")\", From \"\(fromDomain ?? "")\", \(isActive ? "active" : "inactive")"
    }
}

extension String {
    fileprivate static func unmatchedTitle(_ domain: String, allInactive: Bool) -> String {
        allInactive
            ? "Every email domain filter is inactive, so the reset mail to \(domain) does not go through the relay (what Salesforce does with unmatched mail is not documented)"
            : "No active email domain filter's To domains match \(domain), so the reset mail does not go through the relay (what Salesforce does with unmatched mail is not documented)"
    }
}
