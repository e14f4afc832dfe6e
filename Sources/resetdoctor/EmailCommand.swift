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
        Give addresses as arguments, or - to read one address per line from standard input: lines are checked as they arrive, in batches, and answered in input order, one JSON object per input line (JSON Lines): a blank line is the empty address, and a line that is not UTF-8 is invalid (\"not valid UTF-8 at byte N\"). --json prints JSON Lines for arguments too; otherwise one text line per address, VALID or INVALID.

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

    func validate() throws {
        guard !addresses.isEmpty else { throw ValidationError("Give at least one ADDRESS, or - to read them from standard input.") }
        if addresses.contains("-") && addresses.count > 1 {
            throw ValidationError("- reads the addresses from standard input; give it alone.")
        }
        if noDNS && nameserver.nameserver != nil { throw ValidationError("--no-dns cannot be combined with --nameserver.") }
    }

    func run() async throws {
        let fromInput = addresses == ["-"]
        let resolver = noDNS ? nil : try nameserver.liveResolver()
        defer { resolver?.shutDown() }
        let tally = resolver.map { LookupTally($0) }
        let checker = AddressBatchChecker(checker: AddressChecker(resolver: tally), asJSON: json || fromInput)
        let totals: Totals
        if fromInput {
            totals = await Self.answer(StandardInputLines(), with: checker)
        } else {
            let output = await checker.check(addresses.map(AddressInput.text))
            StandardOutput.write(output.chunks)
            totals = Totals(problems: output.problems, inconclusive: output.inconclusive)
        }
        if let tally { DNSArguments.warnIfUntrusted(tally) }
        let outcome = DNSCommandOutcome.combining(
            findings: totals.problems > 0, unknowns: totals.inconclusive > 0, tally: tally)
        if outcome == .unreachable { throw DNSArguments.unreachable(nameserver) }
        throw ExitCode(outcome.exitCode)
    }
}

extension EmailCheck {
    struct Totals {
        var problems = 0
        var inconclusive = 0
    }

    /// Batches in flight at once: enough that a batch waiting for a core never holds up the others.
    static let batchesInFlight = 4

    /// A batch is what one read of standard input brought (a line typed at a terminal, or a large chunk of a pipe).
    /// Each is checked in a task of its own while the next are read, and a writer answers them in input order, each
    /// as soon as it and those before it are done: the output keeps up with the input, costs few system calls, and
    /// no batch waits for the one before it to start. At most `batchesInFlight` are held at once.
    static func answer(_ lines: StandardInputLines, with checker: AddressBatchChecker) async -> Totals {
        let (started, startedSink) = AsyncStream.makeStream(of: Task<AddressBatchChecker.Output, Never>.self)
        let (written, writtenSink) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            var totals = Totals()
            for await batch in started {
                let output = await batch.value
                StandardOutput.write(output.chunks)
                totals.problems += output.problems
                totals.inconclusive += output.inconclusive
                writtenSink.yield()
            }
            writtenSink.finish()
            return totals
        }
        var writtenSignals = written.makeAsyncIterator()
        var inFlight = 0
        while let batch = await lines.nextBatch() {
            if inFlight == batchesInFlight, await writtenSignals.next() != nil { inFlight -= 1 }
            let inputs = batch.map { AddressInput.line(bytes: $0.bytes, length: $0.length) }
            startedSink.yield(Task { await checker.check(inputs) })
            inFlight += 1
        }
        startedSink.finish()
        return await writer.value
    }
}
