import ArgumentParser
import Foundation
import ResetDoctor

/// `reset --users FILE | --from-scan SCAN.json`: the options of a bulk reset.
struct BulkResetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Reset the users this file names: usernames, email addresses or User Ids, one a line, or a CSV whose header names the column (Username, Email or Id).", valueName: "FILE"))
    var users: String?

    @Option(help: ArgumentHelp("Reset the users of a scan (`resetdoctor scan --format json`).", valueName: "SCAN.json"))
    var fromScan: String?

    @Option(help: ArgumentHelp("With --from-scan: only the users whose status was this in the scan (ok, warning, blocked or unknown); each is checked live again all the same.", valueName: "STATUS"))
    var only: ScanStatus?

    @Option(help: ArgumentHelp("Allow up to N users; needed above \(BulkResetFlow.countWithoutMax).", valueName: "N"))
    var max: Int?

    @Option(help: "The summary's format: text or json (resetdoctor.bulk-reset/1).")
    var format: BulkResetFormat = .text

    var isBulk: Bool { users != nil || fromScan != nil }

    func validate(user: String?) throws {
        let given = [user != nil, users != nil, fromScan != nil].filter { $0 }.count
        if given == 0 { throw ValidationError("Name the user to reset, or many with --users FILE or --from-scan SCAN.json.") }
        if given > 1 { throw ValidationError("Give one of USER, --users FILE and --from-scan SCAN.json.") }
        if only != nil, fromScan == nil { throw ValidationError("--only goes with --from-scan SCAN.json.") }
        if !isBulk, max != nil || format != .text { throw ValidationError("--max and --format are for a bulk reset (--users or --from-scan).") }
        if let max, max < 1 { throw ValidationError("--max \(max): give the most users this run may reset, 1 or more.") }
    }
}

enum BulkResetFormat: String, ExpressibleByArgument, Sendable { case text, json }
extension ScanStatus: ExpressibleByArgument {}

/// The bulk reset: read the list, check every user live now, plan with the single reset's guard, confirm once,
/// send a few at a time, summarize. Never prints a password: the client drops the answer that holds it unread.
struct BulkResetFlow {
    static let countWithoutMax = BulkResetPlan.countWithoutMax
    static let rules = """
        more than \(countWithoutMax) users need --max N (N at least their number); off a terminal --yes is needed (a \
        terminal asks once for the batch); \(BulkResetRun.defaultInFlight) resets are in flight at once; the run stops before the org's daily API \
        limit (keeping 5% of it, at least 100 requests); each reset is recorded before it is sent, so the same command \
        run again after an interruption resets nobody twice (they are inside the 15-minute window and counted as \
        already reset). Ctrl-C lets the resets in flight finish. Exit 0 all reset (or already), 1 some refused or \
        failed, 64 usage, 65 a bad list or scan file, 69 the org unavailable or its API limit near, 73/75 the ledger, \
        77 auth, 130 interrupted.
        """

    var options: BulkResetOptions
    var force: Bool
    var dryRun: Bool
    var yes: Bool
    var auth: AuthOptions
    var gather: LiveGatherOptions
    var dns: DiagnoseDNSOptions
    var rules: RulesOption

    func run() async throws -> Int32 {
        let names = try readNames()
        guard !names.isEmpty else {
            say("Nobody to reset: the scan has no user\(options.only.map { " whose status is \($0.rawValue)" } ?? "").")
            return 0
        }
        if !dryRun { try checkCount(names.count) }
        let ruleBook = try rules.load()
        let connection = try auth.connect()
        var source = try await LiveOrgRun.capture(connection: connection, options: gather, users: OrgUserQuery(names: names)).bundle
        try dns.apply(to: &source.org, replaying: false)
        // The list or scan may be stale: every user is judged on what the org says now.
        let scan = await ScanEngine(rules: ruleBook).run(org: source.org, users: source.users, notes: source.notes)
        let ledger = ResetLedger(file: ResetLedger.defaultFile())
        let plan: BulkResetPlan
        do {
            plan = try BulkResetPlan(
                names: names, scan: scan, org: source.org, users: source.users, ledger: ledger, now: connection.clock(),
                force: force)
        } catch { throw CLIErrors.fail(error.description, code: error.exitCode) }

        let planned = BulkResetSummary(plan: plan, result: nil)
        if dryRun {
            if BulkResetPlan.countProblem(plan.toReset.count, max: options.max) != nil {
                say("note: a real run resets \(plan.toReset.count) users and needs --max \(plan.toReset.count).")
            }
            emit(planned)
            return planned.exitCode
        }
        try checkCount(plan.toReset.count)
        for entry in plan.toReset where entry.isIntegrationUser {
            say(ResetSession.integrationWarning(entry.target, nil))
        }
        if !yes, !plan.toReset.isEmpty {
            guard isatty(STDIN_FILENO) == 1 else {
                say("error: there is no terminal to confirm on: pass --yes to reset these \(plan.toReset.count) users (or --dry-run to see the plan).")
                return 64
            }
            FileHandle.standardError.write(Data(planned.text(heading: false).utf8))
            guard connection.deadline.pausing({ confirm(plan.toReset.count) }) else {
                print("Not reset.")
                return 0
            }
        }
        let interrupt = InterruptFlag.install()
        let result = await BulkResetRun(connection: connection, ledger: ledger, force: force)
            .run(plan, shouldStop: { interrupt.isSet }) { entry, outcome in
                if case .sent = outcome { tell("Reset sent: Salesforce emailed a reset link to \(entry.target.email) (\(entry.target.username))") }
            }
        let summary = BulkResetSummary(plan: plan, result: result, stopped: result.stop.map(\.message))
        emit(summary)
        return result.stop.map(\.exitCode) ?? summary.exitCode
    }

    /// The users named, each once, in their order: a list's entries, or a scan's user Ids.
    private func readNames() throws -> [String] {
        var names: [String]
        if let path = options.users {
            names = try CLIErrors.asDataError { try UserListFile.parse(try OutputFile.read(path, what: "a list of users"), path: path) }
        } else {
            let path = options.fromScan ?? ""
            let data = try CLIErrors.asDataError { try OutputFile.read(path, what: "a scan (resetdoctor scan --format json)") }
            let scan: ScanReport
            do { scan = try ScanReport.fromJSON(data) } catch {
                throw CLIErrors.fail("\(path) is not a resetdoctor.scan/1 JSON file (\(error)). Write one with `resetdoctor scan --format json --out FILE`.", code: 65)
            }
            names = scan.users.filter { user in options.only.map { user.status == $0 } ?? true }.map(\.id)
        }
        var seen = Set<String>()
        names = names.filter { seen.insert(UserSelection.key($0)).inserted }
        return names
    }

    private func checkCount(_ count: Int) throws {
        if let problem = BulkResetPlan.countProblem(count, max: options.max) { throw CLIErrors.usage(problem) }
    }

    private func confirm(_ count: Int) -> Bool {
        FileHandle.standardError.write(Data("Reset the passwords of these \(count) users and email each a reset link? [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private func emit(_ summary: BulkResetSummary) {
        print(options.format == .json ? summary.json() : summary.text(), terminator: "")
    }

    /// A line as it happens: stdout for text, stderr when stdout is JSON.
    private func tell(_ line: String) {
        if options.format == .json { say(line) } else { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    private func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}
