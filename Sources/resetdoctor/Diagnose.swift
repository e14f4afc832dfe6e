import ArgumentParser
import Foundation
import ResetDoctor

struct Diagnose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Diagnose a missing reset email from a live org, an evidence bundle or a built-in demo ticket.",
        discussion: """
        Evidence comes from the live org (USER plus a way to log in, below), from --bundle (a resetdoctor-bundle/1
        directory or .tar.gz) or from --demo NAME (--demo list shows the demo tickets). With --bundle or --demo,
        USER, when given, must be the bundle's subject (its username, email address or User Id).

        \(LiveAuthError.ways)
        --probe-deliverability runs anonymous Apex in the org to learn the deliverability level.
        --probe-relay talks SMTP to the org's email relays from this machine (no mail, no credentials).
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
    @OptionGroup var relayProbe: RelayProbeOptions
    @OptionGroup var rules: RulesOption
    @OptionGroup(title: "Live org") var auth: AuthOptions
    @OptionGroup(title: "Live org") var gather: LiveGatherOptions

    @Flag(help: "After a live diagnosis, offer to re-send the reset when nothing blocks it (asks on a terminal).")
    var offerReset = false

    var isLive: Bool { bundle == nil && demo == nil }

    func validate() throws {
        if offerReset && gather.asOf != nil { throw ValidationError("--offer-reset acts now; it cannot be combined with --as-of.") }
        if bundle != nil && demo != nil { throw ValidationError("Give --bundle or --demo, not both.") }
        if isLive {
            if user == nil {
                throw ValidationError("""
                Say whose ticket it is and where the evidence is: USER with a way to log in to the org (below), \
                --bundle DIR|FILE.tar.gz, or --demo NAME (try --demo list).
                \(LiveAuthError.ways)
                """)
            }
        } else {
            if auth.anyGiven || gather.since != nil || gather.asOf != nil || gather.probeDeliverability {
                throw ValidationError("Login options, --timeout, --since, --as-of and --probe-deliverability are for a live org; leave them out with --bundle or --demo.")
            }
            if offerReset { throw ValidationError("--offer-reset needs a live org: pass USER and a way to log in, not --bundle or --demo.") }
        }
    }

    func run() async throws {
        if demo == "list" {
            print(DemoListing.render())
            return
        }
        let ruleBook = try rules.load()
        if isLive, let user {
            try await runLive(user: user, ruleBook: ruleBook)
            return
        }
        var evidence = try await CLIErrors.mapping { try await loadEvidence() }
        if let emailLog {
            let user = evidence.user.value ?? nil
            evidence.emailLog = try CLIErrors.asDataError { try BundleLoader.loadEmailLog(path: emailLog, for: user) }
        }
        try dns.apply(to: &evidence, replaying: true)
        await relayProbe.apply(to: &evidence)
        if let user, !SubjectMatch.matches(user, evidence: evidence.userPart) {
            throw CLIErrors.usage("""
            The bundle is about \(evidence.subject), not \(user). Leave USER out, or pass the bundle of \(user)'s ticket.
            """)
        }
        let report = await diagnoseAndPrint(evidence, ruleBook: ruleBook)
        throw ExitCode(report.exitCode(failOn: output.failOn))
    }

    /// Gathers from the org, then the same checks and report as a bundle; `--offer-reset` continues into the reset.
    private func runLive(user: String, ruleBook: RuleBook) async throws {
        let connection = try auth.connect(asOf: gather.asOfDate)
        let capture = try await LiveRun.gather(user: user, connection: connection, options: gather, emailLog: emailLog)
        var evidence = capture.evidence
        try dns.apply(to: &evidence, replaying: false)
        await relayProbe.apply(to: &evidence)
        let report = await diagnoseAndPrint(evidence, ruleBook: ruleBook)
        if offerReset {
            let flow = ResetFlow(connection: connection, evidence: evidence, report: report, force: false, dryRun: false, yes: false)
            _ = try await flow.offer()
        }
        throw ExitCode(report.exitCode(failOn: output.failOn))
    }

    /// Runs the checks (progress on a terminal's stderr) and prints the report in the chosen format.
    private func diagnoseAndPrint(_ evidence: Evidence, ruleBook: RuleBook) async -> Report {
        let progress = ProgressLine.forStandardError()
        let report = await Diagnosis.run(evidence, rules: ruleBook, progress: progress?.update)
        progress?.finish()
        print(ReportRenderer.render(report, format: output.format, options: output.renderOptions()), terminator: "")
        return report
    }

    /// A demo, or a bundle: a ticket's, or an org bundle's user that USER names.
    private func loadEvidence() async throws -> Evidence {
        if let demo { return try DemoCatalog.evidence(named: demo) }
        return try await BundleEvidenceSource(path: bundle ?? "").ticket(subject: user)
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

/// The live gathering every live command shares: the email log checked first (a bad file is exit 65 before any
/// call), notes on refused parts on stderr, and the live layer's errors mapped to their exit codes.
enum LiveRun {
    static func gather(user: String, connection: LiveConnection, options: LiveGatherOptions, emailLog: String?) async throws -> LiveCapture {
        var logData: Data?
        if let emailLog {
            // Checked whole before any call (a bad file is exit 65 first); the capture then holds it in memory.
            _ = try CLIErrors.asDataError { try BundleLoader.loadEmailLog(path: emailLog, for: nil) }
            logData = FileManager.default.contents(atPath: emailLog)
        }
        let source = LiveEvidenceSource(connection: connection, window: options.window(), probeDeliverability: options.probeDeliverability)
        let capture = try await LiveCLIErrors.run { try await source.gather(subject: user, emailLog: logData) }
        for note in capture.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        if let usage = connection.client.apiUsage {
            // Scheduled checks share the org's daily API allowance: say what this run left.
            FileHandle.standardError.write(Data("note: org API usage \(usage.used)/\(usage.limit) requests in the last 24 hours\n".utf8))
        }
        return capture
    }
}
