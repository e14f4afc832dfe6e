import ArgumentParser
import ResetDoctor

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Say what a finding code means and what to do about it.")

    @Argument(help: "A finding code, e.g. user.email.change-pending.")
    var code: String

    @OptionGroup var rules: RulesOption

    func run() throws {
        guard let findingCode = FindingCode(rawValue: code.lowercased()) else {
            let near = FindingCode.allCases.map(\.rawValue).filter { $0.contains(code.lowercased()) || code.lowercased().contains($0) }
            let hint = near.isEmpty ? "Run `resetdoctor checks` to see every code." : "Did you mean: " + near.joined(separator: ", ") + "?"
            throw CLIErrors.usage("There is no finding code \"\(code)\". \(hint)")
        }
        print(CodeExplanation.render(findingCode, rules: try rules.load()), terminator: "")
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work with remediation rules.", subcommands: [Lint.self])

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the built-in rules and any --rules DIR: every code has one rule, every rule is well formed.")
        @OptionGroup var rules: RulesOption

        func run() throws {
            let book = try rules.load()
            let problems = book.lint()
            if problems.isEmpty {
                print("Rules are clean: every finding code has exactly one rule.")
                return
            }
            for problem in problems { print(problem.description) }
            throw CLIErrors.fail("\(problems.count) rule problem(s); fix the files named above.", code: 65)
        }
    }
}
