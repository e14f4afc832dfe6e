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
struct ResetFlow {
    var connection: LiveConnection
    var evidence: Evidence
    var report: Report
    var force: Bool
    var dryRun: Bool
    var yes: Bool
    var ledger = ResetLedger(file: ResetLedger.defaultFile())

    /// `reset`: refuse, plan, confirm, send. Returns the exit code.
    func run() async throws -> Int32 {
        let assessment = try assess()
        guard let user = assessment.user else {
            say("No user matches \"\(evidence.subject)\": there is nobody to reset. Check the username, email address or Id.")
            return 1
        }
        if let refusal = refusal(assessment) {
            say(refusal)
            return 1
        }
        if force, !assessment.blockers.isEmpty || assessment.recentReset != nil {
            say("--force: resetting despite the findings above.")
        }
        if let warning = assessment.integrationWarning { say(integrationWarning(user, warning)) }
        if dryRun {
            print(plan(user, assessment))
            return 0
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                say("error: there is no terminal to confirm on: pass --yes to reset \(user.username) (or --dry-run to see the plan).")
                return 64
            }
            guard connection.deadline.pausing({ confirm(user) }) else {
                print("Not reset.")
                return 0
            }
        }
        return try await send(user, assessment)
    }

    /// `diagnose --offer-reset`: offers only when nothing blocks it and a terminal can answer; never forces.
    func offer() async throws -> Int32? {
        let assessment = try assess()
        guard let user = assessment.user else { return nil }
        if let refusal = refusal(assessment) {
            say("Not offering a reset: " + refusal)
            return nil
        }
        guard isatty(STDIN_FILENO) == 1 else {
            say("Not offering a reset: there is no terminal to confirm on; run `resetdoctor reset \(user.username) --yes` instead.")
            return nil
        }
        if let warning = assessment.integrationWarning { say(integrationWarning(user, warning)) }
        guard connection.deadline.pausing({ confirm(user) }) else {
            print("Not reset.")
            return nil
        }
        return try await send(user, assessment)
    }

    private func assess() throws -> ResetGuard.Assessment {
        do { return try ResetGuard.assess(report: report, evidence: evidence, ledger: ledger, now: connection.clock()) }
        catch { throw CLIErrors.fail(error.description, code: error.exitCode) }
    }

    /// Why the reset must not go ahead without --force, or nil.
    private func refusal(_ assessment: ResetGuard.Assessment) -> String? {
        if force { return nil }
        var lines: [String] = []
        if !assessment.blockers.isEmpty {
            lines.append("Refusing to reset: \(assessment.blockers.count == 1 ? "this finding" : "these findings") would stop the new email too. Fix \(assessment.blockers.count == 1 ? "it" : "them") first, or pass --force:")
            for finding in assessment.blockers {
                lines.append("  [\(finding.code.rawValue)] \(finding.title)")
                if let step = finding.remediation?.steps.first { lines.append("      fix: \(step.plainText)") }
            }
        }
        if let recent = assessment.recentReset {
            let minutes = max(0, Int(connection.clock().timeIntervalSince(recent.at) / 60))
            lines.append("Refusing to reset: \(evidence.subject) was reset \(minutes) minute\(minutes == 1 ? "" : "s") ago (seen in \(recent.seenIn)); a second reset within 15 minutes needs --force. The first link may still be on its way, and each reset invalidates the previous link.")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    private func integrationWarning(_ user: ResetTarget, _ finding: ReportFinding) -> String {
        "warning: \(user.username) looks like an integration user (\(finding.title)). A reset changes the password AND the security token: API logins that use them stop working until they are updated."
    }

    private func plan(_ user: ResetTarget, _ assessment: ResetGuard.Assessment) -> String {
        """
        Plan (dry run: nothing was changed, nothing was sent):
          1. Checked: \(report.findings.isEmpty ? "no findings" : "\(report.findings.count) finding(s)"); blockers that would stop the email: \(assessment.blockers.isEmpty ? "none" : assessment.blockers.map(\.code.rawValue).joined(separator: ", ")); reset in the last 15 minutes: \(assessment.recentReset == nil ? "none" : "yes")
          2. Would confirm: "Reset the password of \(user.username) and email a link to \(user.email)?" (or --yes)
          3. Would call: DELETE /services/data/…/sobjects/User/\(user.id)/password in org \(assessment.orgId) (\(connection.flowName)); Salesforce resets the password and security token and emails a link to \(user.email)
          4. Would record: {orgId \(assessment.orgId), userId \(user.id), time} in \(ledger.file.path)
        """
    }

    private func confirm(_ user: ResetTarget) -> Bool {
        FileHandle.standardError.write(Data("Reset the password of \(user.username) and email a link to \(user.email)? [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Read-check-send-record under the ledger's lock: a concurrent reset of the same user (another terminal, a
    /// script started twice) waits here, then sees this reset in the ledger and refuses, so exactly one is sent.
    private func send(_ user: ResetTarget, _ assessment: ResetGuard.Assessment) async throws -> Int32 {
        try await LiveCLIErrors.run {
            try await ledger.exclusively(wait: Self.lockWait) {
                // The ledger may have changed while this run diagnosed or asked: check again under the lock.
                let current = try assess()
                if let refusal = refusal(current) {
                    say(refusal)
                    return 1
                }
                let sentAt: Date
                do {
                    sentAt = try await ResetAction.send(connection: connection, userId: user.id)
                } catch let error as LiveError where ResetAction.mayHaveReset(error) {
                    // Unanswered, perhaps done: guard the window as if it were, so a quick retry cannot double it.
                    try? ledger.record(ResetLedger.Entry(orgId: assessment.orgId, userId: user.id, at: connection.clock()))
                    throw error
                }
                do {
                    try ledger.record(ResetLedger.Entry(orgId: assessment.orgId, userId: user.id, at: sentAt))
                } catch {
                    say("warning: the reset was sent, but \(error)")
                }
                print("Reset sent: Salesforce emailed a reset link to \(user.email)")
                return 0
            }
        }
    }

    /// How long a reset waits for another one holding the ledger's lock (that one sends one request).
    static let lockWait: TimeInterval = 30

    private func say(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
