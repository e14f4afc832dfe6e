import Foundation
import Salesforce

/// Whether a name on a ticket (a username, an email address or a User Id) names a user: the one rule the bundle
/// loader, `diagnose USER --bundle` and the live lookup share.
public enum SubjectMatch {
    /// Username (any case), email address (any case) or Id (15 or 18 characters).
    public static func matches(_ user: SalesforceUser, _ subject: String) -> Bool {
        matchesUsernameOrId(user, subject)
            || user.email.caseInsensitiveCompare(subject.trimmingCharacters(in: .whitespaces)) == .orderedSame
    }

    /// Usernames and Ids are unique in an org, emails are not: a username or Id match settles a choice.
    public static func matchesUsernameOrId(_ user: SalesforceUser, _ subject: String) -> Bool {
        let subject = subject.trimmingCharacters(in: .whitespaces)
        return user.username.caseInsensitiveCompare(subject) == .orderedSame || SalesforceId.same(user.id, subject)
    }

    /// Whether `name` (from the command line) names the evidence's user: its subject or the user record.
    public static func matches(_ name: String, evidence: UserEvidence) -> Bool {
        if evidence.subject.caseInsensitiveCompare(name.trimmingCharacters(in: .whitespaces)) == .orderedSame { return true }
        guard let record = evidence.user.value ?? nil else { return false }
        return matches(record, name)
    }
}
