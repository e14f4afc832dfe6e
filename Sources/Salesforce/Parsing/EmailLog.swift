import Foundation

/// An Email Log File as the checks need it: the rows kept while reading it (those addressed to the user when a
/// recipient was given, else every row), oldest first, and how many rows the whole file holds and the time they
/// span. A log of any size keeps only its few relevant rows in memory.
///
/// It reads as a collection of the kept rows, and an array literal makes one of exactly those rows (examples, tests).
public struct EmailLog: Sendable, Equatable {
    /// The rows kept, oldest first.
    public var rows: [EmailLogEntry]
    /// The data rows of the whole file, kept or not.
    public var rowCount: Int
    /// The first and last Date/Time of the whole file; nil when it has no rows.
    public var span: DateInterval?

    public init(rows: [EmailLogEntry], rowCount: Int, span: DateInterval?) {
        self.rows = rows; self.rowCount = rowCount; self.span = span
    }

    /// A log that is exactly `rows`.
    public init(rows: [EmailLogEntry]) {
        let dates = rows.map(\.date)
        let span = dates.min().flatMap { first in dates.max().map { DateInterval(start: first, end: $0) } }
        self.init(rows: rows.oldestFirst(by: \.date), rowCount: rows.count, span: span)
    }
}

extension EmailLog: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> EmailLogEntry {
        get { rows[position] }
        set { rows[position] = newValue }
    }
}

extension EmailLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral rows: EmailLogEntry...) { self.init(rows: rows) }
}

/// Which rows of a log to keep: those to one address, compared as the checks compare them (trimmed, lowercased,
/// Unicode-aware). Most cells are ASCII and answered from their bytes without making a String.
struct RecipientFilter {
    /// The address, trimmed and lowercased; nil matches nothing.
    let address: String?
    /// Its bytes when it is ASCII: then an ASCII cell matches only byte for byte, ignoring ASCII case.
    private let ascii: [UInt8]?

    init(_ address: String?) {
        self.address = address?.trimmingCharacters(in: .whitespaces).lowercased()
        ascii = self.address.flatMap { $0.utf8.allSatisfy { $0 < 0x80 } ? Array($0.utf8) : nil }
    }

    func matches(_ recipient: String) -> Bool {
        address != nil && recipient.trimmingCharacters(in: .whitespaces).lowercased() == address
    }

    /// The same answer as `matches(_:)` for the cell's UTF-8 bytes.
    func matches(_ cell: UnsafeRawBufferPointer) -> Bool {
        guard address != nil else { return false }
        guard let ascii else { return matches(String(decoding: cell, as: UTF8.self)) }
        var start = 0, end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        if end - start == ascii.count {
            var index = 0
            while index < ascii.count {
                let byte = cell[start + index]
                if byte >= 0x80 { return matches(String(decoding: cell, as: UTF8.self)) }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != ascii[index] { break }
                index += 1
            }
            if index == ascii.count { return true }
        }
        // Unicode case folding and equivalence can match other lengths, but only with a byte over 0x7F.
        for index in start..<end where cell[index] >= 0x80 { return matches(String(decoding: cell, as: UTF8.self)) }
        return false
    }
}
