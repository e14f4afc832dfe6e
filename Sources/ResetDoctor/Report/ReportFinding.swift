import Foundation

/// A finding as the report ranks it: the check's `Finding` itself (code, severity, confidence, title, evidence,
/// check), wrapped with its place in the ranking and its remedy. Its fields read through to the finding; the JSON is
/// flat, one object with all of them.
@dynamicMemberLookup
public struct ReportFinding: Sendable, Equatable {
    /// What the check found. Its `roleOverride` is folded into `role` and left nil here.
    public var finding: Finding
    /// 1-based position in the ranking.
    public var rank: Int
    /// `cause` (why the email did not arrive), `context` (what happened) or `caution` (about the remedy).
    public var role: FindingRole
    /// The codes of the cautions that qualify this finding's remedy (an integration user with a remedy that
    /// re-sends the reset); empty when none does.
    public var cautions: [FindingCode]
    /// True when a higher-ranked cause makes this finding irrelevant to the ticket.
    public var moot: Bool
    /// The code of the finding that makes this one moot.
    public var mootBecause: FindingCode?
    /// The rule that answers the code, or nil when no rule does.
    public var remediation: ReportRemediation?

    public init(
        finding: Finding, rank: Int, role: FindingRole? = nil, cautions: [FindingCode] = [], moot: Bool = false,
        mootBecause: FindingCode? = nil, remediation: ReportRemediation? = nil
    ) {
        self.role = role ?? finding.role
        self.finding = finding
        self.finding.roleOverride = nil
        self.rank = rank; self.cautions = cautions; self.moot = moot; self.mootBecause = mootBecause
        self.remediation = remediation
    }

    public init(
        rank: Int, code: FindingCode, severity: Severity, confidence: Confidence, title: String, check: String,
        role: FindingRole? = nil, cautions: [FindingCode] = [],
        moot: Bool = false, mootBecause: FindingCode? = nil, evidence: [ReportEvidence] = [], remediation: ReportRemediation? = nil
    ) {
        self.init(
            finding: Finding(code, severity: severity, confidence: confidence, title: title, evidence: evidence, check: check),
            rank: rank, role: role, cautions: cautions, moot: moot, mootBecause: mootBecause, remediation: remediation)
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Finding, Value>) -> Value {
        get { finding[keyPath: keyPath] }
        set { finding[keyPath: keyPath] = newValue }
    }

    /// A cause that is neither moot nor info: what makes the verdict cause-found.
    public var isCause: Bool { role == .cause && !moot && finding.severity != .info }
}

extension ReportFinding: Codable {
    enum CodingKeys: String, CodingKey {
        case rank, code, severity, confidence, title, check, role, cautions, moot, mootBecause, evidence, remediation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rank: try container.decode(Int.self, forKey: .rank), code: try container.decode(FindingCode.self, forKey: .code),
            severity: try container.decode(Severity.self, forKey: .severity),
            confidence: try container.decode(Confidence.self, forKey: .confidence),
            title: try container.decode(String.self, forKey: .title), check: try container.decode(String.self, forKey: .check),
            role: try container.decode(FindingRole.self, forKey: .role),
            cautions: try container.decode([FindingCode].self, forKey: .cautions),
            moot: try container.decode(Bool.self, forKey: .moot),
            mootBecause: try container.decodeIfPresent(FindingCode.self, forKey: .mootBecause),
            evidence: try container.decode([ReportEvidence].self, forKey: .evidence),
            remediation: try container.decodeIfPresent(ReportRemediation.self, forKey: .remediation))
    }

    /// Every key always present (`mootBecause` and `remediation` as null when absent): the shape never depends on
    /// the outcome.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(finding.code, forKey: .code)
        try container.encode(finding.severity, forKey: .severity)
        try container.encode(finding.confidence, forKey: .confidence)
        try container.encode(finding.title, forKey: .title)
        try container.encode(finding.check, forKey: .check)
        try container.encode(role, forKey: .role)
        try container.encode(cautions, forKey: .cautions)
        try container.encode(moot, forKey: .moot)
        try container.encode(mootBecause, forKey: .mootBecause)
        try container.encode(finding.evidence, forKey: .evidence)
        try container.encode(remediation, forKey: .remediation)
    }
}
