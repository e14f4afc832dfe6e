import Foundation

/// The fast way through the bulk of an Email Log File whose first column is Date/Time: runs of plain lines whose
/// first cell is the date the scanner read last. Such a line is only counted: it cannot be kept, and its date
/// adds nothing to the span. Any other line is left to `EmailLogScanner`'s row readers, which read it in full.
///
/// A line is plain when no quote, lone CR or byte over 0x7F is in it, and no trace of the address: one vector
/// loop looks for all of them at once, the address by its rarest byte (either case), and a hit on that byte is
/// then compared with the whole address. A byte over 0x7F stops a run because a non-ASCII cell can still equal
/// the ASCII address once Unicode case folding and equivalence are applied (the Kelvin sign is a "k").
struct EmailLogSkim {
    /// The address, ASCII lowercased; empty when no row is kept (then only quotes, CRs and high bytes stop a run).
    private let needle: [UInt8]
    /// The needle's rarest byte with 0x20 set when it is a letter (OR-ing a byte with `fold` folds its case),
    /// and where it is in the needle.
    private let rare: UInt8, fold: UInt8, rareOffset: Int

    /// Nil when the fast way does not apply: a non-ASCII or empty address.
    init?(address: String?) {
        guard let address else {
            (needle, rare, fold, rareOffset) = ([], CSVScanner.quote, 0, 0)  // only quotes, CRs and high bytes
            return
        }
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let lowered = bytes.map { Self.lowercased($0) }
        let offset = lowered.indices.min { Self.rank(lowered[$0]) < Self.rank(lowered[$1]) }!
        let byte = lowered[offset]
        (needle, rareOffset) = (lowered, offset)
        (rare, fold) = byte >= 0x61 && byte <= 0x7A ? (byte, 0x20) : (byte, 0)
    }

    /// Bytes from rarest to commonest in email logs (English letters in addresses, hex ids, digits, then the
    /// punctuation every row has); any byte not listed is rarer still.
    private static let commonness = Array("qzjxkvwyg+hpfubmcldrsnoiate_-0123456789.@".utf8)

    private static func rank(_ byte: UInt8) -> Int { commonness.firstIndex(of: byte) ?? -1 }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// The first offset in `[from, end)` that a run must stop before: a quote, a CR that does not start a CRLF,
    /// a byte over 0x7F, or the address (any case); `end` when there is none. `from` starts a line.
    /// `quote` and `loneCR` keep the first quote and lone CR at or after `from` between calls (stale when below
    /// it), so that a buffer whose lines all stop is not searched to its end for them again at every line.
    func nextStop(_ base: UnsafeRawPointer, from: Int, end: Int, quote: inout Int, loneCR: inout Int) -> Int {
        // Quotes and CRs are rare enough for `memchr` (faster than any loop here); the vector loop looks for the rest.
        if quote < from { quote = Self.find(CSVScanner.quote, base, from: from, end: end) }
        if loneCR < from {
            loneCR = Self.find(CSVScanner.cr, base, from: from, end: end)
            while loneCR + 1 < end, base.load(fromByteOffset: loneCR + 1, as: UInt8.self) == CSVScanner.lf {
                loneCR = Self.find(CSVScanner.cr, base, from: loneCR + 1, end: end)
            }
        }
        let stop = min(quote, loneCR)
        var index = from
        while index < stop {
            let hit = candidate(base, from: index, end: stop)
            if hit == stop || base.load(fromByteOffset: hit, as: UInt8.self) >= 0x80
                || mayHoldNeedle(base, at: hit - rareOffset, from: from, end: end) {
                return hit
            }
            index = hit + 1
        }
        return stop
    }

    private static func find(_ byte: UInt8, _ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        guard from < end, let found = memchr(base + from, Int32(byte), end - from) else { return end }
        return UnsafeRawPointer(found) - base
    }

    /// Whether the address (ASCII case ignored) is at `start`; true when it would reach outside `[from, end)`,
    /// which only the full reading can tell.
    private func mayHoldNeedle(_ base: UnsafeRawPointer, at start: Int, from: Int, end: Int) -> Bool {
        guard !needle.isEmpty else { return false }
        guard start >= from, start + needle.count <= end else { return true }
        for (offset, byte) in needle.enumerated() where Self.lowercased(base.load(fromByteOffset: start + offset, as: UInt8.self)) != byte {
            return false
        }
        return true
    }

    /// The first byte over 0x7F or equal to the rare byte (either case), 32 bytes at a time: the comparisons and
    /// the bytes themselves are OR-ed, so a byte's top bit says "hit", and tested as words (`any` is a call here).
    private func candidate(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var index = from
        let rare = SIMD16<UInt8>(repeating: self.rare), fold = SIMD16<UInt8>(repeating: self.fold)
        while index &+ 32 <= end {
            let a = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let b = base.loadUnaligned(fromByteOffset: index &+ 16, as: SIMD16<UInt8>.self)
            let equal = unsafeBitCast(((a | fold) .== rare) .| ((b | fold) .== rare), to: SIMD16<UInt8>.self)
            let words = unsafeBitCast(equal | a | b, to: SIMD2<UInt64>.self)
            if (words[0] | words[1]) & 0x8080_8080_8080_8080 != 0 { break }
            index &+= 32
        }
        while index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte | self.fold == self.rare || byte >= 0x80 { return index }
            index &+= 1
        }
        return end
    }

    /// The lines of `[from, limit)` from `from` on whose first cell is `cell` (the scanner's last date cell, in
    /// `EmailLogScanner.words` form), up to the first that is not: the offset after them, and how many.
    /// `limit` is a stop from `nextStop`, so these lines are plain.
    static func sameDateLines(_ base: UnsafeRawPointer, from: Int, limit: Int, cell: (UInt64, UInt64, UInt64, Int)) -> (next: Int, lines: Int) {
        let length = cell.3
        guard length > 0 else { return (from, 0) }
        var index = from, lines = 0
        // The cell ends at the line's first comma: the same bytes then a comma is the same cell. Those bytes hold
        // no line feed (the cell is plain), so the search for the line's end starts after them.
        while index &+ length < limit,
              base.load(fromByteOffset: index &+ length, as: UInt8.self) == CSVScanner.comma,
              EmailLogScanner.words(UnsafeRawBufferPointer(start: base + index, count: length)) == cell {
            let lineEnd = lineFeed(base, from: index &+ length, end: limit)
            guard lineEnd < limit, lineEnd &- index <= CSVScanner.maximumLineBytes else { break }
            lines &+= 1
            index = lineEnd &+ 1
        }
        return (index, lines)
    }

    /// The line from `from` when it ends before `limit` (a stop from `nextStop`, so the line is plain) and has a
    /// comma: the offsets of its first comma and of its line feed.
    static func plainLine(_ base: UnsafeRawPointer, from: Int, limit: Int) -> (comma: Int, lineFeed: Int)? {
        let lineEnd = lineFeed(base, from: from, end: limit)
        guard lineEnd < limit, lineEnd &- from <= CSVScanner.maximumLineBytes else { return nil }
        let comma = find(CSVScanner.comma, base, from: from, end: lineEnd)
        return comma < lineEnd ? (comma, lineEnd) : nil
    }

    /// The first line feed in `[from, end)`, `end` when none: `memchr` without its call, for lines of a few
    /// hundred bytes (the call's setup cost as much as the search).
    @inline(__always)
    private static func lineFeed(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var index = from
        let lf = SIMD16<UInt8>(repeating: CSVScanner.lf)
        // 32 bytes a step, one test for both halves; the half with the line feed is then looked at.
        while index &+ 32 <= end {
            let a = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self) .== lf
            let b = base.loadUnaligned(fromByteOffset: index &+ 16, as: SIMD16<UInt8>.self) .== lf
            let either = unsafeBitCast(a .| b, to: SIMD2<UInt64>.self)
            if either[0] | either[1] != 0 {
                let first = unsafeBitCast(a, to: SIMD2<UInt64>.self), second = unsafeBitCast(b, to: SIMD2<UInt64>.self)
                if first[0] != 0 { return index &+ first[0].trailingZeroBitCount / 8 }
                if first[1] != 0 { return index &+ 8 &+ first[1].trailingZeroBitCount / 8 }
                if second[0] != 0 { return index &+ 16 &+ second[0].trailingZeroBitCount / 8 }
                return index &+ 24 &+ second[1].trailingZeroBitCount / 8
            }
            index &+= 32
        }
        while index < end, base.load(fromByteOffset: index, as: UInt8.self) != CSVScanner.lf { index &+= 1 }
        return index
    }
}
