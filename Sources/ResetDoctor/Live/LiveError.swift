import Foundation
import SalesforceAPI

/// Why a live diagnosis, capture or reset could not go on. Each case carries its data and the exit code the
/// command line uses (design.md "Exit codes").
public enum LiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The subject matches several users (by email): the admin must pick one. Exit 64.
    case ambiguousUser(subject: String, candidates: [UserCandidate])
    /// The org refused or could not be reached. Exit code from the API error (69, 77, 64/65).
    case api(SalesforceAPIError)
    /// The org answered a query with a body the bundle parsers cannot read. Exit 69: the service misbehaved.
    case unreadableAnswer(file: String, problem: String)
    /// The bundle target already exists. Exit 64.
    case targetExists(path: String)
    /// Writing the bundle failed; nothing was left behind. Exit 74 (EX_IOERR in sysexits.h): neither the input
    /// nor the org is at fault, so none of the design's codes fits.
    case cannotWrite(path: String, problem: String)
    /// A live diagnosis asked for without naming the user on the ticket. Exit 64.
    case noSubject
    /// A `--where` condition that is not one SOQL condition. Exit 64.
    case badCondition(SOQLConditionError)

    public struct UserCandidate: Sendable, Equatable {
        public var username: String
        public var name: String?
        public var id: String
        public var isActive: Bool
        public init(username: String, name: String?, id: String, isActive: Bool) {
            self.username = username; self.name = name; self.id = id; self.isActive = isActive
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .ambiguousUser, .targetExists, .badCondition, .noSubject: 64
        case .api(let error): error.exitCode
        case .unreadableAnswer: 69
        case .cannotWrite: 74
        }
    }

    public var description: String {
        switch self {
        case .ambiguousUser(let subject, let candidates):
            let lines = candidates.map { candidate in
                "  \(candidate.username)  \(candidate.name ?? "(no name)")  \(candidate.id)  \(candidate.isActive ? "active" : "inactive")"
            }
            return (["\(candidates.count) users match \"\(subject)\"; pass the username or Id of the one on the ticket:"] + lines)
                .joined(separator: "\n")
        case .api(let error):
            return error.description
        case .unreadableAnswer(let file, let problem):
            return "the org's answer for \(file) could not be read (\(problem)). Try again; if it persists, capture a bundle with `sf data query --json` by hand and report the body"
        case .targetExists(let path):
            return "\(path) already exists; choose another path or remove it"
        case .badCondition(let error):
            return error.description
        case .noSubject:
            return "a live diagnosis needs the user on the ticket: pass USER (a username, email address or User Id)"
        case .cannotWrite(let path, let problem):
            return "could not write \(path) (\(problem)); nothing was left behind. Check the folder exists and is writable, and that the disk has room"
        }
    }
}
