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
        var problems = 0
        var inconclusive = 0
        // A batch is what one read of standard input brought (a line typed at a terminal, or a large chunk of a
        // pipe), answered with one write: the output keeps up with the input and costs few system calls.
        func answer(_ inputs: [AddressInput]) async {
            let output = await checker.check(inputs)
            StandardOutput.write(output.bytes)
            problems += output.problems
            inconclusive += output.inconclusive
        }
        if fromInput {
            let lines = StandardInputLines()
            while let batch = await lines.nextBatch() {
                await answer(batch.map { AddressInput.line(bytes: $0.bytes, length: $0.length) })
            }
        } else {
            await answer(addresses.map(AddressInput.text))
        }
        if let tally { DNSArguments.warnIfUntrusted(tally) }
        let outcome = DNSCommandOutcome.combining(findings: problems > 0, unknowns: inconclusive > 0, tally: tally)
        if outcome == .unreachable { throw DNSArguments.unreachable(nameserver) }
        throw ExitCode(outcome.exitCode)
    }
}

/// Standard output written directly, bytes as they are (print would pass each line through stdio's lock).
enum StandardOutput {
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // a closed pipe: nobody reads the rest
                offset += written
            }
        }
    }
}

/// Standard input as lines of bytes, split on \n (a trailing \r dropped), read in large chunks on a thread of its
/// own so a slow pipe never blocks Swift's task threads. Every line counts, blank ones included: the report has one
/// line per input line. A line is a slice of the chunk it arrived in (no copy per line); only a line that spans two
/// reads is copied. Of a line longer than `AddressLine.maximumBytes` only the start is kept, with its length, so a
/// huge line costs no memory.
final class StandardInputLines: @unchecked Sendable {
    struct Line: Sendable {
        var bytes: ArraySlice<UInt8>
        /// The whole line's length, more than `bytes.count` when it was cut.
        var length: Int
    }

    private static let kept = AddressLine.maximumBytes + 1
    private let queue = DispatchQueue(label: "resetdoctor.stdin")
    private var ready: [Line] = []
    /// The start of a line that the last read did not finish.
    private var partial: [UInt8] = []
    private var partialLength = 0
    private var ended = false

    /// The lines the next read brought (at least one), or nil at the end. Called from one task at a time.
    func nextBatch() async -> [Line]? {
        while ready.isEmpty {
            if ended { return nil }
            await withCheckedContinuation { continuation in
                queue.async { self.fill(); continuation.resume() }
            }
        }
        defer { ready = [] }
        return ready
    }

    /// Reads one chunk and splits it; at the end of input a last unterminated line is a line too.
    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        let count = chunk.withUnsafeMutableBytes { buffer in
            while true {
                let got = read(STDIN_FILENO, buffer.baseAddress, buffer.count)
                if got >= 0 || errno != EINTR { return got }
            }
        }
        guard count > 0 else {
            ended = true
            if partialLength > 0 { finishPartial() }
            return
        }
        let newlines = chunk.withUnsafeBufferPointer { Self.newlineOffsets($0[..<count]) }
        ready.reserveCapacity(newlines.count)
        var start = 0
        for newline in newlines {
            if partialLength == 0 {
                append(chunk[start..<newline])
            } else {
                take(chunk[start..<newline])
                finishPartial()
            }
            start = newline + 1
        }
        take(chunk[start..<count])
    }

    private static func newlineOffsets(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(bytes.count / 16)
        guard let base = bytes.base.baseAddress else { return offsets }
        var offset = bytes.startIndex
        let newline = Int32(UInt8(ascii: "\n"))
        while offset < bytes.endIndex, let hit = memchr(base + offset, newline, bytes.endIndex - offset) {
            let found = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            offsets.append(found)
            offset = found + 1
        }
        return offsets
    }

    private func take(_ bytes: ArraySlice<UInt8>) {
        partialLength += bytes.count
        let room = Self.kept - partial.count
        if room > 0 { partial += bytes.prefix(room) }
    }

    private func finishPartial() {
        append(partial[...], length: partialLength)
        partial = []
        partialLength = 0
    }

    /// A whole line: its first `kept` bytes, and a \r dropped from its end unless it was cut.
    private func append(_ line: ArraySlice<UInt8>, length: Int? = nil) {
        var bytes = line.prefix(Self.kept)
        var length = length ?? line.count
        if bytes.last == UInt8(ascii: "\r"), length == bytes.count {
            bytes.removeLast()
            length -= 1
        }
        ready.append(Line(bytes: bytes, length: length))
    }
}
