import EmailAddress
import Foundation
import Salesforce
import SharedBasics

/// Does the address's domain look like a misspelling of a common mail domain (gmial.com for gmail.com)?
struct AddressDomainTypoCheck: Check {
    let id = "address.domain-typo"
    let scope: CheckScope = .user
    let title = "The email domain is not a misspelling of a common mail domain"
    let codes: [FindingCode] = [.userEmailDomainTypo]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let check = EmailAddressValidator.check(user.email)
            guard check.valid, let domain = check.domain else {
                return .skipped("the address is not valid; address.syntax reports it")
            }
            guard let suggestion = Self.suggestion(for: domain) else {
                return .pass("\(domain) does not look like a misspelling of a common mail domain")
            }
            let lines = [
                EvidenceLine(evidence.userSource, "Email = \(user.email)", personal: true),
                EvidenceLine(evidence.userSource, suggestion.reason, personal: true),
            ]
            return .found(
                Finding(.userEmailDomainTypo, confidence: .likely, title: .typoTitle(suggestion), evidence: lines))
        }
    }

    /// The suggester's answer depends on the domain alone, and a scan asks it for every user: once per domain.
    private static let suggestions = Locked<[String: DomainSuggestion?]>([:])

    private static func suggestion(for domain: String) -> DomainSuggestion? {
        if let known = suggestions.withLock({ $0[domain] }) { return known }
        let suggestion = DomainTypoSuggester.suggestion(for: domain)
        suggestions.withLock { cache in
            if cache.count >= 100_000 { cache.removeAll() }  // bounded: an org has far fewer domains
            cache[domain] = suggestion
        }
        return suggestion
    }

    var examples: [CheckExample] {
        [
            CheckExample("a company domain", status: .pass),
            CheckExample("a well-known domain spelled right", status: .pass) {
                $0.editUser { $0.email = "ada.lovelace@gmail.com" }
            },
            CheckExample("two letters swapped", status: .warn, codes: [.userEmailDomainTypo]) {
                $0.editUser { $0.email = "ada.lovelace@gmial.com" }
            },
            CheckExample("mistyped top-level domain", status: .warn, codes: [.userEmailDomainTypo]) {
                $0.editUser { $0.email = "ada.lovelace@hotmail.con" }
            },
            CheckExample("invalid address: address.syntax reports it", status: .skipped) {
                $0.editUser { $0.email = "ada.lovelace@@gmial.com" }
            },
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
    fileprivate static func typoTitle(_ suggestion: DomainSuggestion) -> String {
        "The address ends in \(suggestion.domain); did you mean \(suggestion.suggested)?"
    }
}
