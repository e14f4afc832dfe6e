import Foundation

/// How a check ended. Exactly one of these, whatever happened.
public enum CheckStatus: String, Sendable, Codable, CaseIterable {
    case fail, warn, pass, unknown, skipped
}

/// What a check returns: its status, the findings behind it, and a one-line reason (why it passed, failed,
/// could not run, or did not apply).
public struct CheckOutcome: Sendable, Equatable {
    public var status: CheckStatus
    public var findings: [Finding]
    public var reason: String

    private init(status: CheckStatus, findings: [Finding], reason: String) {
        self.status = status; self.findings = findings; self.reason = reason
    }

    /// Findings decide the status: any blocker → fail, any warning → warn, only info (or none) → pass.
    public static func found(_ findings: [Finding], reason: String) -> CheckOutcome {
        let worst = findings.map(\.severity).max()
        let status: CheckStatus = switch worst {
        case .blocker: .fail
        case .warning: .warn
        case .info, nil: .pass
        }
        return CheckOutcome(status: status, findings: findings, reason: reason)
    }

    public static func found(_ finding: Finding) -> CheckOutcome { found([finding], reason: finding.title) }
    public static func pass(_ reason: String, info: [Finding] = []) -> CheckOutcome {
        precondition(info.allSatisfy { $0.severity == .info }, "a passing check carries info findings only")
        return CheckOutcome(status: .pass, findings: info, reason: reason)
    }
    public static func unknown(_ reason: String) -> CheckOutcome { CheckOutcome(status: .unknown, findings: [], reason: reason) }
    public static func skipped(_ reason: String) -> CheckOutcome { CheckOutcome(status: .skipped, findings: [], reason: reason) }
}

/// Which part of the evidence a check reads, and so how often a run performs it.
public enum CheckScope: String, Sendable, Codable, CaseIterable {
    /// The org part only: once per run, whatever the number of users. (In a diagnosis the sender checks also read
    /// which sender the ticket's mail had, from the email log; a scan has no email log.)
    case org
    /// One user (and the org part): once per user, in a diagnosis and in a scan.
    case user
    /// One ticket's reset attempt (the audit trail's reset, the email log's delivery, spam advice): a diagnosis only.
    /// A scan asks whether users can receive a reset, not what became of one.
    case ticket
}

/// One diagnostic check. One per file, with its messages and examples beside it (the SwiftLint pattern).
public protocol Check: Sendable {
    /// Stable id, e.g. "user.active".
    var id: String { get }
    /// What the check reads: the org part (run once), a user, or one ticket's reset attempt.
    var scope: CheckScope { get }
    /// What the check looks at, for `resetdoctor checks`.
    var title: String { get }
    /// Every code the check can raise.
    var codes: [FindingCode] { get }
    /// Whether the verdict is incomplete when this check ends `unknown`.
    var matters: Bool { get }
    /// Example evidence with the codes and status it must produce; the test suite runs every one.
    var examples: [CheckExample] { get }
    /// Reads evidence, never performs I/O except through seams in the evidence. Throwing
    /// `CheckCannotRun` (e.g. via `Gathered.require()`) makes the result `unknown` with its reason.
    func run(_ evidence: Evidence) async throws -> CheckOutcome
}

extension Check {
    public var matters: Bool { true }
}
