import Foundation

/// Bytes that can be read at any offset (a regular file, with `pread`), so one log can be read by two threads.
public protocol RandomAccessBytes: Sendable {
    var count: Int { get }
    /// Fills the start of `buffer` from `offset`; returns how many bytes, 0 at the end.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension EmailLogCSV {
    /// A log read by two threads at once, each from its half, when the file is big enough to be worth it; the
    /// result is exactly that of reading it in one pass (which it falls back to whenever the halves disagree,
    /// e.g. a quoted line break at the split, and to name any error with its true line).
    public static func scan(_ source: some RandomAccessBytes, file: String, keeping rows: EmailLogRows) throws -> EmailLog {
        try scan(source, file: file, keeping: rows, parallelFrom: 32 << 20)
    }

    /// `parallelFrom`: the smallest file read by two threads (tests lower it).
    static func scan(_ source: some RandomAccessBytes, file: String, keeping rows: EmailLogRows, parallelFrom: Int) throws -> EmailLog {
        var whole = RangeStream(source: source, offset: 0, end: source.count)
        guard source.count >= parallelFrom, ProcessInfo.processInfo.activeProcessorCount > 1,
              let split = try recordStart(in: source, after: source.count / 2),
              let second = try? continuation(of: source, file: file, keeping: rows)
        else { return try scan(&whole, file: file, keeping: rows) }

        // The second half on a thread of its own; the first here. Failures there are redone in one pass.
        let box = ScanBox()
        let worker = Thread {
            var part = RangeStream(source: source, offset: split, end: source.count)
            var scanner = second
            box.result = Result { try EmailLogScanner.feed(&part, to: &scanner); return scanner }
            box.done.signal()
        }
        worker.stackSize = 1 << 20
        worker.start()
        var first = EmailLogScanner(file: file, keeping: rows)
        var firstPart = RangeStream(source: source, offset: 0, end: split)
        let firstResult = Result { try EmailLogScanner.feed(&firstPart, to: &first, final: false) }
        box.done.wait()
        guard case .success(0) = firstResult, case .success(let secondScanner)? = box.result else {
            return try scan(&whole, file: file, keeping: rows)
        }
        first.merge(secondScanner)
        return try first.finish()
    }

    /// A scanner that has read the header (from the file's first bytes), ready for a part that starts later.
    private static func continuation(of source: some RandomAccessBytes, file: String, keeping rows: EmailLogRows) throws -> EmailLogScanner {
        var probe = EmailLogScanner(file: file, keeping: rows)
        var start = RangeStream(source: source, offset: 0, end: min(source.count, EmailLogScanner.readSize))
        try EmailLogScanner.feed(&start, to: &probe, final: false)
        guard probe.columns != nil else { throw CancellationError() }
        return probe.continuation()
    }

    /// The offset just after the first line feed at or after `offset`, nil when none comes within a line's length.
    private static func recordStart(in source: some RandomAccessBytes, after offset: Int) throws -> Int? {
        var window = [UInt8](repeating: 0, count: 64 << 10)
        var position = offset
        while position < min(source.count, offset + CSVScanner.maximumLineBytes) {
            let count = try window.withUnsafeMutableBytes { try source.read(at: position, into: $0) }
            guard count > 0 else { return nil }
            if let index = window[0..<count].firstIndex(of: CSVScanner.lf) { return position + index + 1 }
            position += count
        }
        return nil
    }
}

/// `[offset, end)` of a random-access source, read front to back.
struct RangeStream<Source: RandomAccessBytes>: ByteStream {
    let source: Source
    var offset: Int
    let end: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - offset)
        guard wanted > 0 else { return 0 }
        let count = try source.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        offset += count
        return count
    }
}

/// The worker thread's result, handed over once `done` is signalled.
private final class ScanBox: @unchecked Sendable {
    var result: Result<EmailLogScanner, Error>?
    let done = DispatchSemaphore(value: 0)
}
