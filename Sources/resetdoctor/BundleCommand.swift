import ArgumentParser
import Foundation
import MailDNS
import ResetDoctor
import Salesforce

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Capture a ticket's evidence from a live org into a bundle that any run can replay.",
        discussion: """
        Writes manifest.json and the org's REST answers as design.md's bundle files (user.json, audit-trail.json, …),
        the DNS answers the checks used as dns/*.zone, email-log.csv when --email-log is given, and org-settings.json
        when --probe-deliverability ran. No token, password or secret is ever written. The bundle is written to a
        temporary sibling and moved into place, so a failure leaves nothing behind; an existing --out is refused.
        Replay it with: resetdoctor diagnose --bundle OUT

        \(LiveAuthError.ways)
        """
    )

    @Argument(help: "The user on the ticket: username, email address or User Id (not with --scope org).")
    var user: String?

    @Option(help: ArgumentHelp("ticket (one user, the default) or org (every user in scope, for `resetdoctor scan --bundle`).", valueName: "ticket|org"))
    var scope: BundleManifest.Scope = .ticket

    @OptionGroup(title: "Users (--scope org)") var selection: OrgUserOptions

    @Option(help: ArgumentHelp("Where to write the bundle: a new directory, or a FILE.tar.gz.", valueName: "DIR|FILE.tar.gz"))
    var out: String

    @Option(help: ArgumentHelp("An Email Log File (CSV from Setup > Email Log Files) to add as email-log.csv.", valueName: "FILE"))
    var emailLog: String?

    @OptionGroup(title: "Live org") var auth: AuthOptions
    @OptionGroup(title: "Live org") var gather: LiveGatherOptions
    @OptionGroup var nameserver: NameserverOption
    @OptionGroup var rules: RulesOption

    @Flag(help: "Do no DNS lookups: the bundle gets no dns/ folder and its DNS checks replay as unknown.")
    var noDNS = false

    func validate() throws {
        if noDNS && nameserver.nameserver != nil { throw ValidationError("--no-dns cannot be combined with --nameserver.") }
        switch scope {
        case .ticket:
            if user == nil { throw ValidationError("Say whose ticket to capture: USER (a username, email address or User Id), or --scope org for every user.") }
            if selection.users != nil || selection.whereCondition != nil || selection.includeInactive {
                throw ValidationError("--users, --where and --include-inactive choose the users of --scope org.")
            }
        case .org:
            if user != nil { throw ValidationError("--scope org captures every user in scope; name users with --users FILE or --where, not USER.") }
            if emailLog != nil { throw ValidationError("--email-log belongs to a ticket: a scan reads no email log.") }
        }
    }

    func run() async throws {
        // Refuse before any call to the org: the admin should not wait to learn the path is taken.
        if FileManager.default.fileExists(atPath: out) {
            throw CLIErrors.usage(LiveError.targetExists(path: out).description)
        }
        let ruleBook = try rules.load()
        let connection = try auth.connect(asOf: gather.asOfDate)
        guard scope == .ticket, let user else { return try await captureOrg(connection: connection, ruleBook: ruleBook) }
        let capture = try await LiveRun.gather(user: user, connection: connection, options: gather, emailLog: emailLog)
        var evidence = capture.evidence
        let recorder = try recordDNS(into: &evidence.orgPart)
        // The checks run now so the DNS answers they use are recorded, and so the summary can say what they found.
        let report = await Diagnosis.run(evidence, rules: ruleBook)
        var files = capture.files
        for (name, data) in recorder?.zoneFiles() ?? [:] { files.files["dns/" + name] = data }
        try await LiveCLIErrors.run { try BundleWriter.write(files, to: out, modified: capture.manifest.capturedAt) }
        for warning in DNSCaptureWarning.lines(recorder) { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        print("Wrote \(out): \(files.files.count) files about \(user)")
        print("Diagnosis: \(ResetGuard.headline(of: report)) (replay: resetdoctor diagnose --bundle \(out))")
    }

    /// `--scope org`: every user in scope, page by page, with the DNS answers a scan of them uses.
    private func captureOrg(connection: LiveConnection, ruleBook: RuleBook) async throws {
        let names = try selection.names()
        let capture = try await LiveOrgRun.capture(connection: connection, options: gather, users: selection.query(names: names))
        var org = capture.bundle.org
        let recorder = try recordDNS(into: &org)
        // The scan runs now so the DNS answers it uses are recorded, and so the summary can say what it found.
        let report = await ScanEngine(rules: ruleBook).run(org: org, users: capture.bundle.users)
        var files = capture.files
        for (name, data) in recorder?.zoneFiles() ?? [:] { files.files["dns/" + name] = data }
        try await LiveCLIErrors.run { try BundleWriter.write(files, to: out, modified: capture.bundle.manifest.capturedAt) }
        for warning in DNSCaptureWarning.lines(recorder) { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let summary = report.summary
        print("Wrote \(out): \(files.files.count) files about \(summary.users) user\(summary.users == 1 ? "" : "s")")
        print("Scan: \(summary.ok) can receive a reset email, \(summary.blocked) cannot, \(summary.warning) may not, \(summary.unknown) unknown (replay: resetdoctor scan --bundle \(out))")
    }

    /// Live DNS through a recorder (its answers become dns/*.zone), or none with --no-dns.
    private func recordDNS(into evidence: inout OrgEvidence) throws -> RecordingResolver? {
        if noDNS {
            evidence.dns = .missing(reason: "DNS lookups are off (--no-dns)")
            return nil
        }
        var context = try nameserver.liveContext()
        let recorder = RecordingResolver(context.resolver)
        context.resolver = recorder
        evidence.dns = .found(context, source: context.description)
        return recorder
    }
}

extension BundleManifest.Scope: ExpressibleByArgument {}
