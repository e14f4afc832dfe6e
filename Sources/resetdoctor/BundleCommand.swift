import ArgumentParser
import Foundation
import MailDNS
import ResetDoctor

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

    @Argument(help: "The user on the ticket: username, email address or User Id.")
    var user: String

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
    }

    func run() async throws {
        // Refuse before any call to the org: the admin should not wait to learn the path is taken.
        if FileManager.default.fileExists(atPath: out) {
            throw CLIErrors.usage(LiveError.targetExists(path: out).description)
        }
        let ruleBook = try rules.load()
        let connection = try auth.connect(asOf: gather.asOfDate)
        let capture = try await LiveRun.gather(user: user, connection: connection, options: gather, emailLog: emailLog)
        var evidence = capture.evidence
        var recorder: RecordingResolver?
        if noDNS {
            evidence.dns = .missing(reason: "DNS lookups are off (--no-dns)")
        } else {
            var context = try nameserver.liveContext()
            let live = RecordingResolver(context.resolver)
            recorder = live
            context.resolver = live
            evidence.dns = .found(context, source: context.description)
        }
        // The checks run now so the DNS answers they use are recorded, and so the summary can say what they found.
        let report = await Diagnosis.run(evidence, rules: ruleBook)
        var files = capture.files
        for (name, data) in recorder?.zoneFiles() ?? [:] { files.files["dns/" + name] = data }
        try await LiveCLIErrors.run { try BundleWriter.write(files, to: out, modified: capture.manifest.capturedAt) }
        for warning in DNSCaptureWarning.lines(recorder) { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        print("Wrote \(out): \(files.files.count) files about \(user)")
        print("Diagnosis: \(ResetGuard.headline(of: report)) (replay: resetdoctor diagnose --bundle \(out))")
    }
}
