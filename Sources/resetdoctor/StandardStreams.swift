import Foundation
import ResetDoctor

/// Standard output written directly, bytes as they are (print would pass each line through stdio's lock).
enum StandardOutput {
    static func write(_ chunks: [[UInt8]]) {
        for chunk in chunks { write(chunk) }
    }

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
