import Foundation

public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, blocker
    var rank: Int { switch self { case .info: 0; case .warning: 1; case .blocker: 2 } }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case possible, likely, confirmed
    var rank: Int { switch self { case .possible: 0; case .likely: 1; case .confirmed: 2 } }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// One line of evidence behind a finding: where it was read, and what it says.
public struct EvidenceLine: Sendable, Codable, Equatable {
    /// "user.json", "audit-trail.csv line 7", "email-log.csv line 3".
    public var source: String
    public var text: String
    /// True when `text` holds personal data (addresses, names) that `--redact` must mask.
    public var personal: Bool
    public init(_ source: String, _ text: String, personal: Bool = false) {
        self.source = source; self.text = text; self.personal = personal
    }
}

/// What a check found. Its shape is the same whatever the outcome.
public struct Finding: Sendable, Codable, Equatable {
    public var code: FindingCode
    public var severity: Severity
    public var confidence: Confidence
    public var title: String
    public var evidence: [EvidenceLine]
    /// The check that raised it; the engine fills it in.
    public var check: String
    /// Set by a check whose finding plays another part than its code's (`FindingCode.profile`); nil for the
    /// code's role.
    public var roleOverride: FindingRole?

    public init(
        _ code: FindingCode, severity: Severity? = nil, confidence: Confidence = .confirmed, title: String,
        evidence: [EvidenceLine] = [], check: String = "", role: FindingRole? = nil
    ) {
        self.code = code; self.severity = severity ?? code.defaultSeverity; self.confidence = confidence
        self.title = title; self.evidence = evidence; self.check = check; self.roleOverride = role
    }

    /// Its part in the report: the check's override, else the code's role.
    public var role: FindingRole { roleOverride ?? code.defaultRole }
}
