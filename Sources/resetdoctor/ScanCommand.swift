import ArgumentParser
import Foundation
import ResetDoctor

struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan every user of an org: who can receive a reset email, who cannot, and why.",
        discussion: """
        Users come from the live org (a way to log in, below), from --bundle (an org bundle: resetdoctor-bundle/1 with \
        "scope":"org", as `resetdoctor bundle --scope org` writes it) or from --demo NAME (--demo list). All active \
        users by default; --include-inactive adds the others, --users FILE names some, --where (live) filters with SOQL.
        --purpose expire-all shows the Expire All Passwords runbook; --purpose onboarding the new users who never logged in.

        \(LiveAuthError.ways)
        """
    )

    @Option(help: ArgumentHelp("An org bundle: a directory or a .tar.gz file.", valueName: "DIR|FILE.tar.gz"))
    var bundle: String?

    @Option(help: ArgumentHelp("A built-in demo org, or 'list'.", valueName: "NAME|list"))
    var demo: String?

    @OptionGroup(title: "Users") var selection: OrgUserOptions

    @Option(help: ArgumentHelp("What the scan is for: all, expire-all or onboarding.", valueName: "PURPOSE"))
    var purpose: ScanPurpose = .all

    @Option(help: "Output format: text, json or csv.")
    var format: ScanFormat = .text

    @Option(help: ArgumentHelp("Write the output to FILE (atomically) instead of standard output.", valueName: "FILE"))
    var out: String?

    @Flag(help: "With --out, replace FILE when it exists.")
    var replace = false

    @Flag(help: "Mask usernames and addresses (a***@acme.example) so the scan can be shared; Ids, domains and codes stay.")
    var redact = false

    @Option(help: ArgumentHelp("Exit 1 when a user has a finding at or above this level: warning or error (blockers only).", valueName: "warning|error"))
    var failOn: FailThreshold = .warning

    @OptionGroup var dns: DiagnoseDNSOptions
    @OptionGroup var rules: RulesOption
    @OptionGroup(title: "Live org") var auth: AuthOptions
    @OptionGroup(title: "Live org") var gather: LiveGatherOptions

    var isLive: Bool { bundle == nil && demo == nil }

    func validate() throws {
        if bundle != nil && demo != nil { throw ValidationError("Give --bundle or --demo, not both.") }
        if !isLive {
            if auth.anyGiven || gather.since != nil || gather.asOf != nil || gather.probeDeliverability {
                throw ValidationError("Login options, --timeout, --since, --as-of and --probe-deliverability are for a live org; leave them out with --bundle or --demo.")
            }
            if selection.whereCondition != nil {
                throw ValidationError("--where is a SOQL condition for a live org; with --bundle or --demo, name the users with --users FILE.")
            }
        }
        if replace && out == nil { throw ValidationError("--replace goes with --out FILE.") }
    }

    func run() async throws {
        if demo == "list" {
            print((["Demo orgs (resetdoctor scan --demo NAME):"] + DemoCatalog.orgNames.map { "  \($0)" }).joined(separator: "\n"))
            return
        }
        if let out { try CLIErrors.asOutputError { try OutputFile.checkWritable(out, replace: replace) } }
        let ruleBook = try rules.load()
        let names = try selection.names()
        var source = try await loadOrg(names: names)
        try dns.apply(to: &source.org, replaying: !isLive)

        let progress = ScanProgressLine.forStandardError()
        let engine = ScanEngine(rules: ruleBook, purpose: purpose)
        let report = await engine.run(org: source.org, users: source.users, notes: source.notes, progress: progress?.update)
        progress?.finish()
        let color = format == .text && out == nil && Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)
        let text = ScanRenderer.render(report, format: format, options: RenderOptions(color: color, redact: redact))
        if let out {
            try CLIErrors.asOutputError { try OutputFile.write(Data(text.utf8), to: out, replace: replace) }
        } else {
            print(text, terminator: "")
        }
        throw ExitCode(report.exitCode(failOn: failOn))
    }

    private func loadOrg(names: [String]?) async throws -> OrgBundle {
        let source: any EvidenceSource
        var connection: LiveConnection?
        if let demo {
            source = BundleEvidenceSource(files: try CLIErrors.asDataError { try DemoCatalog.orgFiles(named: demo) })
        } else if let bundle {
            source = try CLIErrors.asDataError { try BundleEvidenceSource(path: bundle, scope: .org) }
        } else {
            connection = try auth.connect(asOf: gather.asOfDate)
            source = LiveEvidenceSource(connection: connection!, window: gather.window())
        }
        var org = try await CLIErrors.mapping { try await source.org(users: selection.query(names: names)) }
        if let connection {
            // A live run's notes are about the gathering (refused parts): stderr, as diagnose says them.
            for note in org.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            org.notes = []
            LiveOrgRun.noteUsage(connection)
        }
        return org
    }
}

/// Which users an org-sized command covers: `scan` and `bundle --scope org`.
struct OrgUserOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only these users: a file of usernames, email addresses or User Ids, one a line, or a CSV whose header names the column (Username, Email or Id).", valueName: "FILE"))
    var users: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("A live org's users matching this SOQL condition on User, e.g. \"Profile.Name = 'Sales'\".", valueName: "SOQL"))
    var whereCondition: String?

    @Flag(help: "Include inactive users.")
    var includeInactive = false

    func validate() throws {
        if whereCondition != nil && users != nil { throw ValidationError("Give --where or --users, not both.") }
    }

    /// The names --users lists (exit 65 for a file that cannot be read), or nil.
    func names() throws -> [String]? {
        try users.map { path in
            try CLIErrors.asDataError { try UserListFile.parse(try OutputFile.read(path, what: "a list of users"), path: path) }
        }
    }

    func query(names: [String]?) -> OrgUserQuery {
        OrgUserQuery(names: names, condition: whereCondition, includeInactive: includeInactive)
    }
}

extension ScanPurpose: ExpressibleByArgument {}
extension ScanFormat: ExpressibleByArgument {}

/// "Scanned 1,200/100,000 users · 40/5,000 domains" on stderr, redrawn in place, only on a terminal.
final class ScanProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast
    static func forStandardError() -> ScanProgressLine? { isatty(STDERR_FILENO) == 1 ? ScanProgressLine() : nil }

    func update(_ users: Int, _ totalUsers: Int, _ domains: Int, _ totalDomains: Int) {
        lock.lock(); defer { lock.unlock() }
        // A redraw per user would cost more than the user's checks: ten a second is enough for a person.
        guard users == totalUsers || Date().timeIntervalSince(last) > 0.1 else { return }
        last = Date()
        FileHandle.standardError.write(Data("\rScanned \(users)/\(totalUsers) users · \(domains)/\(totalDomains) domains…".utf8))
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// The live org gathering of `bundle --scope org`: the capture's files are written as the bundle.
enum LiveOrgRun {
    static func capture(connection: LiveConnection, options: LiveGatherOptions, users: OrgUserQuery) async throws -> OrgCapture {
        let source = LiveOrgSource(connection: connection, window: options.window())
        let capture = try await LiveCLIErrors.run { try await source.gather(users: users) }
        for note in capture.bundle.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        noteUsage(connection)
        return capture
    }

    /// Scheduled checks share the org's daily API allowance: say what this run left.
    static func noteUsage(_ connection: LiveConnection) {
        if let usage = connection.client.apiUsage {
            FileHandle.standardError.write(Data("note: org API usage \(usage.used)/\(usage.limit) requests in the last 24 hours\n".utf8))
        }
    }
}
