import Foundation

/// What to do about one or more finding codes: a rule from rules/*.yaml (or a user's --rules DIR).
public struct Remediation: Sendable, Codable, Equatable {
    /// Stable rule id, e.g. "reactivate-user". A user rule with the same id replaces the built-in one.
    public var id: String
    /// The finding codes this rule answers.
    public var codes: [FindingCode]
    /// The remediation in one line.
    public var title: String
    /// How much fixing this helps (1–5); ranking orders equal findings by impact over effort.
    public var impact: Int
    /// How much work the fix is (1–5).
    public var effort: Int
    public var steps: [RemediationStep]
    public var docs: [DocLink]
    /// Set when re-sending the reset is the remedy once the cause is fixed.
    public var action: RemediationAction?
    /// Codes this cause makes moot: a finding with one of them ranks after this one and is marked moot.
    public var supersedes: [FindingCode]
    /// The file the rule came from ("rules/user.yaml", or a path in the user's rules directory).
    public var source: String

    public init(
        id: String, codes: [FindingCode], title: String, impact: Int, effort: Int, steps: [RemediationStep],
        docs: [DocLink] = [], action: RemediationAction? = nil, supersedes: [FindingCode] = [], source: String
    ) {
        self.id = id; self.codes = codes; self.title = title; self.impact = impact; self.effort = effort
        self.steps = steps; self.docs = docs; self.action = action; self.supersedes = supersedes; self.source = source
    }

    /// Impact over effort: higher first when severity and confidence tie.
    public var priority: Double { Double(impact) / Double(max(effort, 1)) }
}

/// One step of a remediation. `text` is the step, or its Lightning Experience path when `classic` holds the
/// Salesforce Classic path of the same step.
public struct RemediationStep: Sendable, Codable, Equatable {
    public var text: String
    /// null when the paths do not differ: the shape stays fixed.
    @NullWhenAbsent public var classic: String?

    public init(_ text: String, classic: String? = nil) { self.text = text; self.classic = classic }

    /// The step on one line: the Lightning path first, the Classic one in brackets.
    public var plainText: String {
        guard let classic else { return text }
        return "\(text) [Classic: \(classic)]"
    }
}

public struct DocLink: Sendable, Codable, Equatable {
    public var title: String
    public var url: String
    public init(title: String, url: String) { self.title = title; self.url = url }
}

public enum RemediationAction: String, Sendable, Codable, Equatable, CaseIterable {
    /// Re-send the password reset (resetdoctor reset) once the cause is fixed.
    case reset
}
