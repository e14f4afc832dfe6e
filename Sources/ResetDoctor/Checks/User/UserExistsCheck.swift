import Foundation
import Salesforce

/// Does a Salesforce user match the username, email address or Id on the ticket?
struct UserExistsCheck: Check {
    let id = "user.exists"
    let scope: CheckScope = .user
    let title = "A Salesforce user matches the ticket"
    let codes: [FindingCode] = [.userNotFound]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        guard let user = try evidence.user.require() else {
            return .found(
                Finding(
                    .userNotFound, confidence: .confirmed, title: .noUserTitle(evidence.subject),
                    evidence: [EvidenceLine(evidence.userSource, .noUserEvidence(evidence.subject), personal: true)]))
        }
        return .pass(.foundReason(user))
    }

    var examples: [CheckExample] {
        [
            CheckExample("the user exists", status: .pass),
            CheckExample("the user query matched nobody", status: .fail, codes: [.userNotFound]) {
                $0.subject = "ada@acme.exmaple"
                $0.user = .found(nil, source: "user.json")
            },
            .unknownWithoutUserFile(),
        ]
    }
}

extension String {
    fileprivate static func noUserTitle(_ subject: String) -> String {
        "No Salesforce user matches \"\(subject)\": check the username or address on the ticket"
    }
    fileprivate static func noUserEvidence(_ subject: String) -> String {
        "the User query for \"\(subject)\" (by Username, Email and Id) returned no record"
    }
    fileprivate static func foundReason(_ user: SalesforceUser) -> String {
        "found \(user.displayName), Id \(user.id)"
    }
}
