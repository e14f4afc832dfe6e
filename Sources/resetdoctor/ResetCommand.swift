import ArgumentParser
import Foundation
import ResetDoctor

struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Re-send the password reset email, after a diagnosis shows nothing would stop it again.",
        discussion: """
        Diagnoses USER first and refuses (exit 1) while a blocker stands that would stop the new email too
        (\(ResetGuard.blockingCodes.map(\.rawValue).joined(separator: ", "))), or when the user was reset less than
        15 minutes ago; --force overrides both. Salesforce resets the password (and the security token) and emails
        a link: REST DELETE /sobjects/User/{id}/password. The temporary password it returns is never shown or kept.
        Asks for confirmation on a terminal; elsewhere pass --yes. --dry-run shows the plan and changes nothing.
        Resets are recorded (org Id, user Id, time only) in $RESETDOCTOR_STATE_DIR, $XDG_STATE_HOME/resetdoctor
        or ~/.local/state/resetdoctor. The ledger is locked from the last check to the record, so of several
        resets of one user started at once exactly one is sent and the others refuse (exit 1); a reset that waits
        30 s for another's lock gives up (exit 75, nothing sent); an unusable ledger is exit 73. A reset sent but
        never answered (--timeout passed) may have been carried out: it is recorded too, and the run exits 69.

        Bulk: --users FILE (usernames, email addresses or Ids, one a line, or a CSV naming the column) or --from-scan
        SCAN.json (a `resetdoctor scan --format json` output; --only ok keeps the users it found ok). Every user is
        checked again live and guarded as above; \(BulkResetFlow.rules)

        \(LiveAuthError.ways)
        """
    )

    @Argument(help: "The user to reset: username, email address or User Id. Or name many with --users or --from-scan.")
    var user: String?

    @OptionGroup(title: "Bulk reset") var bulk: BulkResetOptions

    @Flag(help: "Show what would be checked and called; change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (needed when there is no terminal).")
    var yes = false

    @Flag(help: "Reset even when a blocker stands or the user was reset in the last 15 minutes.")
    var force = false

    @Option(help: ArgumentHelp("An Email Log File (CSV from Setup > Email Log Files) to include in the diagnosis.", valueName: "FILE"))
    var emailLog: String?

    @OptionGroup(title: "Live org") var auth: AuthOptions
    @OptionGroup(title: "Live org") var gather: LiveGatherOptions
    @OptionGroup var dns: DiagnoseDNSOptions
    @OptionGroup var rules: RulesOption

    func validate() throws {
        if gather.asOf != nil { throw ValidationError("--as-of is for diagnosing the past; a reset acts now. Leave it out.") }
        try bulk.validate(user: user)
        if bulk.isBulk, emailLog != nil { throw ValidationError("--email-log is for one user; a bulk reset checks each user live.") }
    }

    func run() async throws {
        guard let user else {
            let flow = BulkResetFlow(options: bulk, force: force, dryRun: dryRun, yes: yes, auth: auth, gather: gather, dns: dns, rules: rules)
            throw ExitCode(try await flow.run())
        }
        let ruleBook = try rules.load()
        let connection = try auth.connect()
        let capture = try await LiveRun.gather(user: user, connection: connection, options: gather, emailLog: emailLog)
        var evidence = capture.evidence
        try dns.apply(to: &evidence, replaying: false)
        let report = await Diagnosis.run(evidence, rules: ruleBook)
        print("Diagnosis: \(ResetGuard.headline(of: report))")
        let flow = ResetFlow(connection: connection, evidence: evidence, report: report, force: force, dryRun: dryRun, yes: yes)
        throw ExitCode(try await flow.run())
    }
}

/// The guarded reset, shared by `reset` and `diagnose --offer-reset`.
/// The terminal around a `ResetSession`: confirming on a TTY, printing, exit codes.
struct ResetFlow {
    var session: ResetSession
    var dryRun: Bool
    var yes: Bool

    init(connection: LiveConnection, evidence: Evidence, report: Report, force: Bool, dryRun: Bool, yes: Bool,
         ledger: ResetLedger = ResetLedger(file: ResetLedger.defaultFile())) {
        session = ResetSession(connection: connection, evidence: evidence, report: report, force: force, ledger: ledger)
        self.dryRun = dryRun; self.yes = yes
    }

    func run() async throws -> Int32 {
        let assessment = try assess()
        guard let user = assessment.user else {
            say("No user matches \"\(session.evidence.subject)\": there is nobody to reset. Check the username, email address or Id.")
            return 1
        }
        if let refusal = session.refusal(assessment) {
            say(refusal)
            return 1
        }
        if session.force, !assessment.blockers.isEmpty || assessment.recentReset != nil {
            say("--force: resetting despite the findings above.")
        }
        if let warning = assessment.integrationWarning { say(ResetSession.integrationWarning(user, warning)) }
        if dryRun {
            print(session.plan(user, assessment))
            return 0
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                say("error: there is no terminal to confirm on: pass --yes to reset \(user.username) (or --dry-run to see the plan).")
                return 64
            }
            guard session.connection.deadline.pausing({ confirm(user) }) else {
                print("Not reset.")
                return 0
            }
        }
        return try await send(user, assessment)
    }

    /// After a diagnosis on a terminal: offers the reset when nothing stands in its way; nil when not offered or declined.
    func offer() async throws -> Int32? {
        let assessment = try assess()
        guard let user = assessment.user else { return nil }
        if let refusal = session.refusal(assessment) {
            say("Not offering a reset: " + refusal)
            return nil
        }
        guard isatty(STDIN_FILENO) == 1 else {
            say("Not offering a reset: there is no terminal to confirm on; run `resetdoctor reset \(user.username) --yes` instead.")
            return nil
        }
        if let warning = assessment.integrationWarning { say(ResetSession.integrationWarning(user, warning)) }
        guard session.connection.deadline.pausing({ confirm(user) }) else {
            print("Not reset.")
            return nil
        }
        return try await send(user, assessment)
    }

    private func assess() throws -> ResetGuard.Assessment {
        do { return try session.assess() }
        catch { throw CLIErrors.fail(error.description, code: error.exitCode) }
    }

    private func confirm(_ user: ResetTarget) -> Bool {
        FileHandle.standardError.write(Data((ResetSession.question(user) + " [y/N] ").utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private func send(_ user: ResetTarget, _ assessment: ResetGuard.Assessment) async throws -> Int32 {
        switch try await LiveCLIErrors.run({ try await session.send(user, assessment) }) {
        case .refused(let refusal):
            say(refusal)
            return 1
        case .sent(let email, let warning):
            if let warning { say(warning) }
            print("Reset sent: Salesforce emailed a reset link to \(email)")
            return 0
        }
    }

    private func say(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
