import ArgumentParser
import Foundation
import MailDNS
import ResetDoctor

/// `resetdoctor email check`: address syntax, domain typos and (unless --no-dns) whether the domain accepts mail.
struct EmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email",
        abstract: "Check email addresses.",
        subcommands: [EmailCheck.self]
    )
}

struct EmailCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check email addresses: syntax (RFC 5321/6531), domain typos and the domain's mail route.",
        discussion: """
        Give addresses as arguments, or - to read one address per line from standard input: lines are checked as they arrive (16 at a time) and answered in input order, one JSON object per line (JSON Lines). --json prints JSON Lines for arguments too; otherwise one text line per address, VALID or INVALID.

        Exit codes: 0 all fine; 1 an address is invalid, has a likely typo in its domain, or its domain accepts no mail (null MX, no MX and no address, NXDOMAIN); 2 DNS did not answer for some domain and nothing else failed; 64 usage; 69 the nameserver could not be reached at all.
        """
    )

    @Argument(help: ArgumentHelp("The addresses to check, or - for one per line on standard input.", valueName: "ADDRESS"))
    var addresses: [String]

    @Flag(help: "Check syntax and typos only; no DNS lookups.")
    var noDNS = false

    @Flag(help: "Print one JSON object per address (JSON Lines).")
    var json = false

    @OptionGroup var nameserver: NameserverOption

    /// Lookups in flight at once when reading standard input.
    static let concurrency = 16

    func validate() throws {
        guard !addresses.isEmpty else { throw ValidationError("Give at least one ADDRESS, or - to read them from standard input.") }
        if addresses.contains("-") && addresses.count > 1 {
            throw ValidationError("- reads the addresses from standard input; give it alone.")
        }
        if noDNS && nameserver.nameserver != nil { throw ValidationError("--no-dns cannot be combined with --nameserver.") }
    }

    func run() async throws {
        let fromInput = addresses == ["-"]
        let tally = noDNS ? nil : LookupTally(try nameserver.liveResolver())
        let checker = AddressChecker(resolver: tally)
        let asJSON = json || fromInput
        var summary = EmailCheckSummary()
        var queue = addresses.makeIterator()
        let lines = fromInput ? StandardInputLines() : nil
        await OrderedStream.run(
            limit: Self.concurrency,
            next: { fromInput ? await lines?.next() : queue.next() },
            work: { await checker.check($0) },
            emit: { report in
                summary.add(report)
                print(asJSON ? report.json.rendered(pretty: false) : report.textLine)
            })
        if let tally { DNSArguments.warnIfUntrusted(tally) }
        let outcome = DNSCommandOutcome.combining(findings: summary.problems > 0, unknowns: summary.inconclusive > 0, tally: tally)
        if outcome == .unreachable { throw DNSArguments.unreachable(nameserver) }
        throw ExitCode(outcome.exitCode)
    }
}

struct EmailCheckSummary {
    var problems = 0
    var inconclusive = 0

    mutating func add(_ report: AddressReport) {
        if report.hasProblem { problems += 1 }
        if report.isInconclusive { inconclusive += 1 }
    }
}

/// Standard input, one line at a time, read on its own thread so a slow pipe never blocks Swift's task threads.
final class StandardInputLines: @unchecked Sendable {
    private let queue = DispatchQueue(label: "resetdoctor.stdin")

    /// The next line without its newline (and without a trailing CR); blank lines are skipped; nil at the end.
    func next() async -> String? {
        while true {
            let line: String? = await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: Swift.readLine(strippingNewline: true)) }
            }
            guard var text = line else { return nil }
            if text.hasSuffix("\r") { text.removeLast() }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty { return text }
        }
    }
}
