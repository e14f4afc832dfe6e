import Foundation
import Testing
@testable import ResetDoctor

struct RulesTests {
    /// The required completeness test: every finding code has exactly one built-in rule, and no rule names
    /// a code that does not exist.
    @Test func everyFindingCodeHasExactlyOneRuleAndNoRuleNamesAnUnknownCode() throws {
        let book = try RuleBook.builtIn()
        for code in FindingCode.allCases {
            let answering = book.rules.filter { $0.codes.contains(code) }
            #expect(answering.count == 1, "\(code.rawValue) is answered by \(answering.map(\.id)); add or merge rules in rules/*.yaml")
        }
        let problems = book.lint()
        #expect(!problems.contains { $0.kind == .unknownCode }, "\(problems.filter { $0.kind == .unknownCode })")
        #expect(!problems.contains { $0.kind == .codeWithoutRule }, "\(problems.filter { $0.kind == .codeWithoutRule })")
    }

    @Test func builtInRulesLintClean() throws {
        let book = try RuleBook.builtIn()
        #expect(!book.rules.isEmpty)
        let problems = book.lint()
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        #expect(Set(book.rules.map(\.source)) == ["rules/user.yaml", "rules/org.yaml", "rules/evidence.yaml",
                                                    "rules/dns.yaml", "rules/relay.yaml", "rules/general.yaml"])
    }

    @Test func builtInDocsPointOnlyAtSalesforce() throws {
        for rule in try RuleBook.builtIn().rules {
            #expect(!rule.docs.isEmpty, "rule \(rule.id) has no documentation link")
            for doc in rule.docs {
                let host = URLComponents(string: doc.url)?.host ?? ""
                #expect(host == "help.salesforce.com" || host == "developer.salesforce.com", "\(rule.id): \(doc.url)")
            }
        }
    }

    @Test func stepsCarryLightningAndClassicPaths() throws {
        let rule = try #require(try RuleBook.builtIn().remediation(for: .userInactive))
        #expect(rule.id == "reactivate-user")
        #expect(rule.action == .reset)
        let split = try #require(rule.steps.first { $0.classic != nil })
        #expect(split.text.hasPrefix("Setup > Users"))
        #expect(split.classic?.hasPrefix("Setup > Administer") == true)
        #expect(rule.supersedes.contains(.generalCheckSpam))
    }

    @Test func resetIsTheActionWhereTheBriefSaysSo() throws {
        let book = try RuleBook.builtIn()
        #expect(book.remediation(for: .userEmailChangePending)?.action == .reset)
        #expect(book.remediation(for: .logBounced)?.action == .reset)
        #expect(book.remediation(for: .logDelivered)?.action == nil)
        #expect(book.remediation(for: .auditNoReset)?.supersedes.contains(.generalCheckSpam) == true)
        #expect(book.remediation(for: .logDelivered)?.supersedes.isEmpty == true)
    }

    // MARK: user rules

    @Test func userRulesOverrideByIdAndTakeOverCodes() throws {
        let dir = try RulesScratchDirectory()
        try dir.write("local.yaml", """
            - id: reactivate-user
              codes: [user.inactive]
              title: Ask the service desk to reactivate the user
              impact: 5
              effort: 2
              steps: [Open a service desk ticket in queue IAM.]
            - id: our-spam-advice
              codes: [general.check-spam]
              title: Check the Proofpoint quarantine
              impact: 1
              effort: 1
              steps:
                - Search Proofpoint for the message.
              docs:
                - {title: Our wiki, url: "https://wiki.example.com/proofpoint"}
            """)
        let book = try RuleBook.builtIn().adding(directory: dir.path)
        #expect(book.remediation(for: .userInactive)?.title == "Ask the service desk to reactivate the user")
        #expect(book.remediation(for: .userInactive)?.source == dir.path + "/local.yaml")
        #expect(book.remediation(for: .generalCheckSpam)?.id == "our-spam-advice")
        #expect(!book.rules.contains { $0.id == "check-spam-and-quarantine" }, "a rule whose codes were all taken over is dropped")
        #expect(book.rules.filter { $0.id == "reactivate-user" }.count == 1)
        #expect(book.lint().isEmpty, "\(book.lint())")
    }

    @Test func userRuleYAMLErrorNamesFileAndLine() throws {
        let dir = try RulesScratchDirectory()
        try dir.write("broken.yaml", """
            - id: broken
              codes: [user.inactive]
              title: "unterminated
              impact: 3
            """)
        do {
            _ = try RuleBook.builtIn().adding(directory: dir.path)
            Issue.record("a YAML error must throw")
        } catch let error as RuleError {
            #expect(error.file == dir.path + "/broken.yaml")
            #expect(error.line != nil)
            #expect(error.description.contains("broken.yaml:"))
        }
    }

    @Test func wrongTypeNamesKeyAndLine() throws {
        let yaml = """
            - id: a
              codes: [user.inactive]
              title: T
              impact: high
              effort: 1
              steps: [x]
            """
        #expect {
            _ = try RuleBook.load([("mine.yaml", yaml)])
        } throws: { error in
            guard let error = error as? RuleError else { return false }
            return error.line == 4 && error.problem.contains("impact") && error.file == "mine.yaml"
        }
        #expect(throws: RuleError.self) { _ = try RuleBook.load([("top.yaml", "id: not-a-list")]) }
        #expect(throws: RuleError.self) { _ = try RuleBook.load([("missing.yaml", "- id: a\n  codes: [user.inactive]\n")]) }
        #expect(throws: RuleError.self) {
            _ = try RuleBook.load([("action.yaml", "- {id: a, codes: [user.inactive], title: t, impact: 1, effort: 1, steps: [s], action: explode}")])
        }
    }

    @Test func missingRulesDirectoryIsARuleError() throws {
        #expect(throws: RuleError.self) { _ = try RuleBook.builtIn().adding(directory: "/nonexistent/rules-\(UUID())") }
    }

    @Test func lintFindsEveryKindOfProblem() throws {
        let yaml = """
            - id: one
              codes: [user.inactive, user.nonsense]
              title: One
              impact: 9
              effort: 0
              steps: []
              docs:
                - {title: Bad, url: "ftp://example.com/x"}
              colour: red
              supersedes: [user.inactive]
            - id: one
              codes: [user.inactive]
              title: Two
              impact: 3
              effort: 3
              steps: [do it]
            """
        let book = try RuleBook.load([("lint.yaml", yaml)])
        let kinds = Set(book.lint().map(\.kind))
        #expect(kinds == [.unknownCode, .codeWithoutRule, .codeInTwoRules, .duplicateId, .outOfRange, .emptySteps,
                          .badURL, .unknownKey, .selfSupersede])
        let unknown = try #require(book.lint().first { $0.kind == .unknownCode })
        #expect(unknown.line == 2 && unknown.ruleId == "one" && unknown.file == "lint.yaml")
        #expect(unknown.description.hasPrefix("lint.yaml:2 (rule one): unknown-code"))
    }
}

/// A scratch directory removed when the test ends.
private final class RulesScratchDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "resetdoctor-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
