import Foundation
import Yams

/// A rule as read from a file, with where it starts so lint can point at it.
struct LoadedRule: Sendable, Equatable {
    var remediation: Remediation
    var line: Int?
}

/// Reads one rule file: a YAML list of rules. Bad YAML and values of the wrong type throw `RuleError`;
/// things the rules can load despite (unknown codes and keys) come back as lint problems.
enum RuleFileParser {
    static let knownKeys: Set<String> = ["id", "codes", "title", "impact", "effort", "steps", "docs", "action", "supersedes"]
    static let requiredKeys = ["id", "codes", "title", "impact", "effort", "steps"]

    static func parse(yaml: String, file: String) throws -> (rules: [LoadedRule], problems: [RuleLintProblem]) {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch { throw syntaxError(error, yaml: yaml, file: file) }
        guard let root else { return ([], []) }  // an empty file holds no rules
        guard case .sequence(let list) = root else {
            throw RuleError(file: file, line: root.mark?.line, problem: "the file is not a list of rules",
                            hint: "Start each rule with \"- id: …\" at the left margin.")
        }
        var rules: [LoadedRule] = []
        var problems: [RuleLintProblem] = []
        for item in list {
            let (rule, itemProblems) = try parseRule(item, file: file)
            rules.append(rule)
            problems += itemProblems
        }
        return (rules, problems)
    }

    private static func parseRule(_ node: Node, file: String) throws -> (LoadedRule, [RuleLintProblem]) {
        let line = node.mark?.line
        guard case .mapping(let mapping) = node else {
            throw RuleError(file: file, line: line, problem: "a rule must be a mapping of keys (id, codes, title, …)",
                            hint: "Write the rule as \"- id: my-rule\" followed by its keys, indented.")
        }
        var fields: [String: Node] = [:]
        var problems: [RuleLintProblem] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw RuleError(file: file, line: keyNode.mark?.line, problem: "a key is not a plain word",
                                hint: "Use the keys \(knownKeys.sorted().joined(separator: ", ")).")
            }
            if !knownKeys.contains(key) {
                problems.append(.init(.unknownKey, file: file, line: keyNode.mark?.line, ruleId: nil,
                                      "unknown key \"\(key)\"; known keys: \(knownKeys.sorted().joined(separator: ", "))"))
            }
            fields[key] = value
        }
        for key in requiredKeys where fields[key] == nil {
            throw RuleError(file: file, line: line, problem: "the rule has no \"\(key)\"",
                            hint: "Every rule needs \(requiredKeys.joined(separator: ", ")).")
        }
        let reader = FieldReader(file: file)
        let id = try reader.string(fields["id"], "id")
        let (codes, unknownCodes) = try reader.codes(fields["codes"], "codes")
        let (supersedes, unknownSuperseded) = try reader.codes(fields["supersedes"], "supersedes")
        for (name, codeLine) in unknownCodes + unknownSuperseded {
            problems.append(.init(.unknownCode, file: file, line: codeLine, ruleId: id,
                                  "\"\(name)\" is not a finding code (resetdoctor explain lists them)"))
        }
        for index in problems.indices where problems[index].ruleId == nil { problems[index].ruleId = id }
        let remediation = Remediation(
            id: id, codes: codes, title: try reader.string(fields["title"], "title"),
            impact: try reader.int(fields["impact"], "impact"), effort: try reader.int(fields["effort"], "effort"),
            steps: try reader.steps(fields["steps"]), docs: try reader.docs(fields["docs"]),
            action: try reader.action(fields["action"]), supersedes: supersedes, source: file
        )
        return (LoadedRule(remediation: remediation, line: line), problems)
    }

    /// Turns a Yams error into a RuleError with the line and column libyaml reported.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> RuleError {
        let hint = "Fix the YAML syntax (indentation, a missing colon or quote) and run resetdoctor rules lint."
        guard let yamlError = error as? YamlError else {
            return RuleError(file: file, problem: "the file is not valid YAML: \(error)", hint: hint)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml reports where it noticed the problem; the context says where the broken construct began.
            let started = context.map { "\($0.text) that starts at line \($0.mark.line), column \($0.mark.column)" }
            let what = [started, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return RuleError(file: file, line: mark.line, column: mark.column, problem: "invalid YAML: \(what)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleError(file: file, line: context.mark.line, column: context.mark.column,
                             problem: "a key appears twice in one rule: \(duplicates.sorted().joined(separator: ", "))",
                             hint: "Keep one of each key per rule.")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1 }
            return RuleError(file: file, line: line, problem: "the file cannot be read as text: \(problem)",
                             hint: "Save the file as UTF-8.")
        default:
            return RuleError(file: file, problem: "invalid YAML: \(yamlError)", hint: hint)
        }
    }
}

/// Reads typed values out of YAML nodes, throwing a RuleError that names the key and line otherwise.
private struct FieldReader {
    var file: String

    func wrongType(_ node: Node?, _ key: String, _ expected: String) -> RuleError {
        RuleError(file: file, line: node?.mark?.line, column: node?.mark?.column,
                  problem: "\"\(key)\" must be \(expected)", hint: "See rules/user.yaml for the shape of a rule.")
    }

    func string(_ node: Node?, _ key: String) throws -> String {
        guard let scalar = node?.scalar else { throw wrongType(node, key, "text") }
        return scalar.string
    }

    func int(_ node: Node?, _ key: String) throws -> Int {
        guard let value = node?.int else { throw wrongType(node, key, "a whole number from 1 to 5") }
        return value
    }

    /// Known codes, and the unknown names with their lines (reported by lint, not thrown).
    func codes(_ node: Node?, _ key: String) throws -> ([FindingCode], [(String, Int?)]) {
        guard let node else { return ([], []) }
        if node.null != nil { return ([], []) }
        guard let list = node.sequence else { throw wrongType(node, key, "a list of finding codes, like [user.inactive]") }
        var known: [FindingCode] = []
        var unknown: [(String, Int?)] = []
        for item in list {
            guard let name = item.scalar?.string else { throw wrongType(item, key, "a list of finding codes") }
            if let code = FindingCode(rawValue: name) { known.append(code) } else { unknown.append((name, item.mark?.line)) }
        }
        return (known, unknown)
    }

    func steps(_ node: Node?) throws -> [RemediationStep] {
        guard let node else { return [] }
        if node.null != nil { return [] }
        guard let list = node.sequence else { throw wrongType(node, "steps", "a list of steps") }
        return try list.map { item in
            if let scalar = item.scalar { return RemediationStep(scalar.string) }
            guard let mapping = item.mapping else {
                throw wrongType(item, "steps", "text or {lightning: …, classic: …}")
            }
            var lightning: String?, classic: String?
            for (key, value) in mapping {
                switch key.scalar?.string {
                case "lightning": lightning = try string(value, "lightning")
                case "classic": classic = try string(value, "classic")
                default: throw wrongType(key, "steps", "text or {lightning: …, classic: …} (no other keys)")
                }
            }
            guard let lightning, let classic else {
                throw wrongType(item, "steps", "text, or a step with both lightning and classic")
            }
            return RemediationStep(lightning, classic: classic)
        }
    }

    func docs(_ node: Node?) throws -> [DocLink] {
        guard let node else { return [] }
        if node.null != nil { return [] }
        guard let list = node.sequence else { throw wrongType(node, "docs", "a list of {title, url}") }
        return try list.map { item in
            guard let mapping = item.mapping else { throw wrongType(item, "docs", "a list of {title, url}") }
            var title: String?, url: String?
            for (key, value) in mapping {
                switch key.scalar?.string {
                case "title": title = try string(value, "title")
                case "url": url = try string(value, "url")
                default: throw wrongType(key, "docs", "a list of {title, url} (no other keys)")
                }
            }
            guard let title, let url else { throw wrongType(item, "docs", "a link with both title and url") }
            return DocLink(title: title, url: url)
        }
    }

    func action(_ node: Node?) throws -> RemediationAction? {
        guard let node, node.null == nil else { return nil }
        guard let name = node.scalar?.string, let action = RemediationAction(rawValue: name) else {
            throw wrongType(node, "action", "one of: \(RemediationAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return action
    }
}
