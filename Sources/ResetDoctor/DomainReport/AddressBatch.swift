import Foundation

/// One address to check as `resetdoctor email check` got it: a command-line argument, or a line of standard input as
/// bytes (only its start kept when it was huge, with the whole line's length). A line is a slice, so the lines of
/// one read can share its buffer.
public enum AddressInput: Sendable {
    case text(String)
    case line(bytes: ArraySlice<UInt8>, length: Int)
}

/// Checks a batch of addresses and renders their output lines in input order, so a command writes a batch with one
/// call instead of a task and a print per address. Without DNS checking is CPU work alone: the batch is split over
/// the cores. With DNS every address of the batch is in flight at once; the resolver bounds the queries and asks
/// each domain once.
public struct AddressBatchChecker: Sendable {
    public struct Output: Sendable {
        /// The rendered lines, each ending in a newline, in pieces to write one after the other (the parts of a
        /// batch are not copied together).
        public var chunks: [[UInt8]] = []
        /// Addresses that are invalid, have a likely typo, or whose domain accepts no mail.
        public var problems = 0
        /// Addresses whose domain DNS did not answer for.
        public var inconclusive = 0

        mutating func append(_ report: AddressReport, asJSON: Bool) {
            if chunks.isEmpty { chunks.append([]) }
            if asJSON {
                report.appendJSONLine(to: &chunks[chunks.count - 1])
            } else {
                chunks[chunks.count - 1].append(contentsOf: report.textLine.utf8)
            }
            chunks[chunks.count - 1].append(UInt8(ascii: "\n"))
            if report.hasProblem { problems += 1 }
            if report.isInconclusive { inconclusive += 1 }
        }

        mutating func append(_ other: Output) {
            chunks += other.chunks
            problems += other.problems
            inconclusive += other.inconclusive
        }
    }

    public var checker: AddressChecker
    /// JSON Lines records instead of text lines.
    public var asJSON: Bool
    /// Parts a batch without DNS is split into at most; each part is checked on a core of its own.
    public var parts: Int
    /// Typo suggestions by domain for every batch and part of a run: the suggester costs more than the syntax check.
    private let typos = SharedTypoSuggestions()

    public init(checker: AddressChecker, asJSON: Bool, parts: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.checker = checker
        self.asJSON = asJSON
        self.parts = max(parts, 1)
    }

    public func check(_ inputs: [AddressInput]) async -> Output {
        checker.resolver == nil ? await checkSyntax(inputs) : await checkWithDNS(inputs)
    }

    private func checkSyntax(_ inputs: [AddressInput]) async -> Output {
        // Below a few hundred addresses a second task costs more than it saves.
        let size = max(256, (inputs.count + parts - 1) / parts)
        let asJSON = self.asJSON, typos = self.typos
        let render = { @Sendable (slice: ArraySlice<AddressInput>) -> Output in
            var output = Output(chunks: [[]])
            output.chunks[0].reserveCapacity(slice.count * Self.typicalLineBytes)
            var suggestions = TypoSuggestions(shared: typos)
            for input in slice { output.append(Self.syntaxReport(input, &suggestions), asJSON: asJSON) }
            return output
        }
        if inputs.count <= size { return render(inputs[...]) }
        return await withTaskGroup(of: (Int, Output).self) { group in
            for start in stride(from: 0, to: inputs.count, by: size) {
                let slice = inputs[start..<min(start + size, inputs.count)]
                group.addTask { (start, render(slice)) }
            }
            var outputs: [(Int, Output)] = []
            for await part in group { outputs.append(part) }
            return outputs.sorted { $0.0 < $1.0 }.reduce(into: Output()) { $0.append($1.1) }
        }
    }

    private func checkWithDNS(_ inputs: [AddressInput]) async -> Output {
        let checker = self.checker
        let reports = await withTaskGroup(of: (Int, AddressReport).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask {
                    switch input {
                    case .text(let address): (index, await checker.check(address))
                    case .line(let bytes, let length): (index, await checker.check(line: bytes, length: length))
                    }
                }
            }
            var reports = [AddressReport?](repeating: nil, count: inputs.count)
            for await (index, report) in group { reports[index] = report }
            return reports
        }
        var output = Output()
        for report in reports { if let report { output.append(report, asJSON: asJSON) } }
        return output
    }

    /// Room reserved per address, about a valid address's JSON record, so a part's output grows without copies.
    private static let typicalLineBytes = 160

    private static func syntaxReport(_ input: AddressInput, _ suggestions: inout TypoSuggestions) -> AddressReport {
        switch input {
        case .text(let address): AddressChecker.checkSyntax(address, suggestions: &suggestions)
        case .line(let bytes, let length): AddressChecker.checkSyntax(line: bytes, length: length, suggestions: &suggestions)
        }
    }
}
