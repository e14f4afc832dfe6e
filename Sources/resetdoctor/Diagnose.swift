import ArgumentParser
import Foundation
import ResetDoctor

struct Diagnose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Diagnose a missing reset email from an evidence bundle or a built-in demo ticket.",
        discussion: """
        Evidence comes from --bundle (a resetdoctor-bundle/1 directory or .tar.gz) or --demo NAME
        (--demo list shows the demo tickets). USER, when given, must be the bundle's subject
        (its username, email address or User Id).
        """
    )

    @Argument(help: "The user on the ticket: username, email address or User Id.")
    var user: String?

    @Option(help: ArgumentHelp("An evidence bundle: a directory or a .tar.gz file.", valueName: "DIR|FILE.tar.gz"))
    var bundle: String?

    @Option(help: ArgumentHelp("A built-in demo ticket, or 'list'.", valueName: "NAME|list"))
    var demo: String?

    @Option(help: ArgumentHelp("An Email Log File (CSV from Setup > Email Log Files) to use instead of the bundle's.", valueName: "FILE"))
    var emailLog: String?

    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var dns: DiagnoseDNSOptions
    @OptionGroup var rules: RulesOption

    func validate() throws {
        if bundle != nil && demo != nil { throw ValidationError("Give --bundle or --demo, not both.") }
        if bundle == nil && demo == nil {
            throw ValidationError("""
            Say where the evidence is: --bundle DIR|FILE.tar.gz, or --demo NAME (try --demo list).
            Diagnosing a live org directly is not in this version: capture the org's evidence into a bundle.
            """)
        }
    }

    func run() async throws {
        if demo == "list" {
            print(DemoListing.render())
            return
        }
        let ruleBook = try rules.load()
        var evidence = try CLIErrors.asDataError { try loadEvidence() }
        if let emailLog {
            evidence.emailLog = try CLIErrors.asDataError { try BundleLoader.loadEmailLog(path: emailLog) }
        }
        try dns.apply(to: &evidence)
        if let user, !SubjectMatch.matches(user, evidence: evidence) {
            throw CLIErrors.usage("""
            The bundle is about \(evidence.subject), not \(user). Leave USER out, or pass the bundle of \(user)'s ticket.
            """)
        }
        let progress = ProgressLine.forStandardError()
        let report = await Diagnosis.run(evidence, rules: ruleBook, progress: progress?.update)
        progress?.finish()
        print(ReportRenderer.render(report, format: output.format, options: output.renderOptions()), terminator: "")
        throw ExitCode(report.exitCode(failOn: output.failOn))
    }

    private func loadEvidence() throws -> Evidence {
        if let demo { return try DemoCatalog.evidence(named: demo) }
        return try BundleLoader.load(path: bundle ?? "")
    }
}

/// Whether USER on the command line names the same user as the evidence.
enum SubjectMatch {
    static func matches(_ user: String, evidence: Evidence) -> Bool {
        let wanted = user.lowercased()
        var names = [evidence.subject.lowercased()]
        if let record = evidence.user.value ?? nil {
            names += [record.username.lowercased(), record.email.lowercased(), record.id.lowercased()]
            // 15- and 18-character Ids name the same record.
            if record.id.count == 18 { names.append(String(record.id.prefix(15)).lowercased()) }
        }
        return names.contains(wanted)
    }
}

enum DemoListing {
    static func render() -> String {
        let width = DemoCatalog.names.map(\.count).max() ?? 0
        let lines = DemoCatalog.names.map { name in
            let marker = name == DemoCatalog.defaultName ? " (default)" : ""
            return "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (DemoCatalog.summary(of: name) ?? "") + marker
        }
        return (["Demo tickets (resetdoctor diagnose --demo NAME):"] + lines).joined(separator: "\n")
    }
}
