import Foundation

/// A rule file that cannot be read: bad YAML, or a value of the wrong type. The CLI exits 65 with it.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule file ("rules/user.yaml" or the path in the user's rules directory).
    public var file: String
    /// 1-based line of the problem, when known.
    public var line: Int?
    /// 1-based column of the problem, when known.
    public var column: Int?
    public var problem: String
    /// What to do about it.
    public var hint: String

    public init(file: String, line: Int? = nil, column: Int? = nil, problem: String, hint: String) {
        self.file = file; self.line = line; self.column = column; self.problem = problem; self.hint = hint
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(problem). \(hint)"
    }
}

/// A problem `resetdoctor rules lint` reports. Unlike `RuleError` the rules still load.
public struct RuleLintProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case unknownCode = "unknown-code"
        case codeWithoutRule = "code-without-rule"
        case codeInTwoRules = "code-in-two-rules"
        case duplicateId = "duplicate-id"
        case outOfRange = "out-of-range"
        case emptySteps = "empty-steps"
        case badURL = "bad-url"
        case unknownKey = "unknown-key"
        case selfSupersede = "self-supersede"
    }
    public var kind: Kind
    /// The rule file, or nil for problems of the whole book (a code no rule answers).
    public var file: String?
    public var line: Int?
    public var ruleId: String?
    public var message: String

    public init(_ kind: Kind, file: String?, line: Int?, ruleId: String?, _ message: String) {
        self.kind = kind; self.file = file; self.line = line; self.ruleId = ruleId; self.message = message
    }

    public var description: String {
        var place = file ?? "rules"
        if let line { place += ":\(line)" }
        let rule = ruleId.map { " (rule \($0))" } ?? ""
        return "\(place)\(rule): \(kind.rawValue): \(message)"
    }
}
