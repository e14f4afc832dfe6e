import Salesforce

/// The audit trail prepared once for the questions every user check asks of it: which rows are of a kind, and which
/// may name a given user. A scan asks for every user; without it each user would re-read every row's sentence
/// (case-insensitive search through Foundation), and a scan's cost would grow with users times rows.
///
/// The index only narrows: a row it offers is then checked exactly as before (`AuditTrailEntry.mentions`), so
/// what matches is unchanged.
final class AuditTrailIndex: Sendable {
    let rows: [AuditTrailEntry]
    /// Row numbers of each kind, in audit-trail order.
    private let rowsOfKind: [UserAuditEvent: [Int]]
    /// Row numbers by each word of their sentence (lowercased), a word being a run of letters, digits, "-", "_", "@"
    /// and "."; a word with dots also under each part before a dot ("ada@acme.example.com" under "ada@acme" and
    /// "ada@acme.example"), as a name may end where a sentence's full stop begins.
    private let rowsByWord: [String: [Int]]
    /// Rows whose sentence is not plain ASCII: lowercasing may not agree with Foundation's case folding there, so
    /// they are always offered.
    private let alwaysOffered: [Int]

    init(_ trail: Gathered<[AuditTrailEntry]>) {
        rows = trail.value ?? []
        var kinds: [UserAuditEvent: [Int]] = [:]
        var byWord: [String: Set<Int>] = [:]
        var always: [Int] = []
        for (number, row) in rows.enumerated() {
            for kind in UserAuditEvent.all where kind.matches(row) { kinds[kind, default: []].append(number) }
            guard row.display.utf8.allSatisfy({ $0 < 0x80 }) else { always.append(number); continue }
            for word in Self.words(row.display.lowercased()) {
                for (offset, byte) in word.utf8.enumerated() where byte == UInt8(ascii: ".") {
                    byWord[String(word.utf8.prefix(offset))!, default: []].insert(number)
                }
                byWord[word, default: []].insert(number)
            }
        }
        rowsOfKind = kinds
        rowsByWord = byWord.mapValues { $0.sorted() }
        alwaysOffered = always
    }

    /// The numbers of the rows of any of `kinds`, in audit-trail order.
    func rowNumbers(of kinds: [UserAuditEvent]) -> [Int] {
        guard kinds.allSatisfy(UserAuditEvent.all.contains) else {
            return rows.indices.filter { number in kinds.contains { $0.matches(rows[number]) } }
        }
        return kinds.count == 1 ? rowsOfKind[kinds[0]] ?? [] : Set(kinds.flatMap { rowsOfKind[$0] ?? [] }).sorted()
    }

    /// Row numbers that may mention one of `names` as a whole word: a superset of those that do. A sentence that
    /// names someone holds each word of the name as a word of its own (the last may run on past a dot), so only
    /// rows holding all of a name's words are offered.
    func mayMention(_ names: [String]) -> Set<Int> {
        var offered = Set(alwaysOffered)
        for name in names {
            let words = Self.words(name.lowercased())
            guard !words.isEmpty, name.utf8.allSatisfy({ $0 < 0x80 }) else { return Set(rows.indices) }
            var holdingAll: Set<Int>?
            for word in words {
                let holding = rowsByWord[word] ?? []
                holdingAll = holdingAll.map { $0.intersection(holding) } ?? Set(holding)
                if holdingAll?.isEmpty == true { break }
            }
            offered.formUnion(holdingAll ?? [])
        }
        return offered
    }

    /// The words of `text`: runs of the characters `containsWholeWord` treats as joined to a word (letters, digits,
    /// "-", "_", "@") or as not a boundary before one (".").
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        func close() {
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            let isWordByte = (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: ".")
            if isWordByte { word.append(byte) } else { close() }
        }
        close()
        return words
    }
}
