import Foundation

/// The remediation rules in force: the built-in rules/*.yaml, plus any from `--rules DIR`.
public struct RuleBook: Sendable {
    /// Every rule, built-in ones first, in file order.
    public private(set) var rules: [Remediation]
    /// Where each rule starts (by position in `rules`), for lint messages.
    private var lines: [Int?]
    /// Problems found while loading (unknown codes and keys, duplicates within one layer).
    private var loadProblems: [RuleLintProblem]

    init(loaded: [LoadedRule], problems: [RuleLintProblem]) {
        rules = loaded.map(\.remediation); lines = loaded.map(\.line); loadProblems = problems
    }

    /// The rules built into the binary (rules/*.yaml at build time, via EmbeddedFiles).
    public static func builtIn() throws -> RuleBook {
        let files = EmbeddedFiles.files
            .filter { $0.key.hasPrefix("rules/") && ($0.key.hasSuffix(".yaml") || $0.key.hasSuffix(".yml")) }
            .sorted { $0.key < $1.key }
        return try load(files.map { ($0.key, $0.value) })
    }

    /// Reads rule files given as (path, contents), in that order.
    public static func load(_ files: [(path: String, contents: String)]) throws -> RuleBook {
        var loaded: [LoadedRule] = []
        var problems: [RuleLintProblem] = []
        for file in files {
            let parsed = try RuleFileParser.parse(yaml: file.contents, file: file.path)
            loaded += parsed.rules
            problems += parsed.problems
        }
        problems += duplicateProblems(loaded)
        return RuleBook(loaded: loaded, problems: problems)
    }

    /// Adds the rules of every .yaml/.yml file in `directory`. A rule whose id matches a built-in rule replaces
    /// it; a rule for a code another rule already answers takes that code over.
    public func adding(directory: String) throws -> RuleBook {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleError(file: directory, problem: "the rules directory does not exist",
                            hint: "Pass --rules with a directory that holds .yaml rule files.")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw RuleError(file: directory, problem: "the rules directory cannot be read: \(error.localizedDescription)",
                            hint: "Check the directory's permissions.")
        }
        var files: [(path: String, contents: String)] = []
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuleError(file: path, problem: "the file cannot be read", hint: "Check the file's permissions.")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleError(file: path, problem: "the file is not UTF-8 text", hint: "Save the file as UTF-8.")
            }
            files.append((path, text))
        }
        return try merging(RuleBook.load(files))
    }

    /// This book with `overrides` layered on top (see `adding(directory:)`).
    public func merging(_ overrides: RuleBook) -> RuleBook {
        let replacedIds = Set(overrides.rules.map(\.id))
        let takenCodes = Set(overrides.rules.flatMap(\.codes))
        var merged: [LoadedRule] = []
        for (index, rule) in rules.enumerated() where !replacedIds.contains(rule.id) {
            var kept = rule
            kept.codes.removeAll { takenCodes.contains($0) }
            // A rule whose every code was taken over answers nothing any more.
            if kept.codes.isEmpty && !rule.codes.isEmpty { continue }
            merged.append(LoadedRule(remediation: kept, line: lines[index]))
        }
        merged += zip(overrides.rules, overrides.lines).map { LoadedRule(remediation: $0, line: $1) }
        return RuleBook(loaded: merged, problems: loadProblems + overrides.loadProblems)
    }

    /// The rule that answers `code`; the last one loaded wins should two claim it.
    public func remediation(for code: FindingCode) -> Remediation? {
        rules.last { $0.codes.contains(code) }
    }

    /// Every problem in the book: unknown codes, codes with no rule or two rules, duplicate ids, impact or effort
    /// out of 1–5, empty steps, bad URLs, unknown keys. Empty when the rules are clean.
    public func lint() -> [RuleLintProblem] {
        var problems = loadProblems
        for (index, rule) in rules.enumerated() {
            let line = lines[index]
            func add(_ kind: RuleLintProblem.Kind, _ message: String) {
                problems.append(.init(kind, file: rule.source, line: line, ruleId: rule.id, message))
            }
            if !(1...5).contains(rule.impact) { add(.outOfRange, "impact is \(rule.impact); use 1 to 5") }
            if !(1...5).contains(rule.effort) { add(.outOfRange, "effort is \(rule.effort); use 1 to 5") }
            if rule.steps.isEmpty || rule.steps.contains(where: { $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) {
                add(.emptySteps, "the rule needs at least one step, and no step may be blank")
            }
            let namesUnknownCodes = loadProblems.contains { $0.ruleId == rule.id && $0.kind == .unknownCode }
            if rule.codes.isEmpty && !namesUnknownCodes {
                add(.unknownCode, "the rule names no finding code")
            }
            for doc in rule.docs where !Self.isValidURL(doc.url) {
                add(.badURL, "\"\(doc.url)\" is not an https URL")
            }
            for code in rule.supersedes where rule.codes.contains(code) {
                add(.selfSupersede, "the rule supersedes its own code \(code.rawValue)")
            }
        }
        let answered = Set(rules.flatMap(\.codes))
        for code in FindingCode.allCases where !answered.contains(code) {
            problems.append(.init(.codeWithoutRule, file: nil, line: nil, ruleId: nil,
                                  "no rule answers \(code.rawValue); add one with codes: [\(code.rawValue)]"))
        }
        return problems
    }

    /// Rules with the same id, and codes claimed by two rules, within one set of files.
    private static func duplicateProblems(_ loaded: [LoadedRule]) -> [RuleLintProblem] {
        var problems: [RuleLintProblem] = []
        var firstById: [String: LoadedRule] = [:]
        var firstByCode: [FindingCode: (index: Int, rule: LoadedRule)] = [:]
        for (index, rule) in loaded.enumerated() {
            let remediation = rule.remediation
            if let first = firstById[remediation.id] {
                problems.append(.init(.duplicateId, file: remediation.source, line: rule.line, ruleId: remediation.id,
                                      "id \"\(remediation.id)\" is also used at \(first.remediation.source):\(first.line ?? 0)"))
            } else {
                firstById[remediation.id] = rule
            }
            for code in remediation.codes {
                if let first = firstByCode[code] {
                    if first.index != index {
                        problems.append(.init(.codeInTwoRules, file: remediation.source, line: rule.line, ruleId: remediation.id,
                                              "\(code.rawValue) is also answered by rule \(first.rule.remediation.id) (\(first.rule.remediation.source))"))
                    }
                } else {
                    firstByCode[code] = (index, rule)
                }
            }
        }
        return problems
    }

    static func isValidURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), components.scheme == "https",
              let host = components.host, host.contains("."), !text.contains(" ") else { return false }
        return true
    }
}
