/// A parsed, valid "v=spf1" record kept as positions in its own text: what check_host() evaluates. Its directives
/// are plain values (no strings, no arrays), so parsing one allocates about one array and dropping it releases
/// one; the term text and domain-specs become Strings only for the terms an evaluation reaches. Building a full
/// `SPFRecord` (a String per term, a macro-string per domain-spec) was half of an evaluation's cost in profiles.
/// `SPFRecord(layout)` gives the public, materialized form.
struct SPFRecordLayout: Sendable {
    /// A domain-spec or modifier value: a literal (no "%" in it, so the text is its own expansion) or an index into
    /// `rareParts`.
    enum MacroText: Sendable, Equatable {
        case literal(Range<Int>)
        case parsed(Int)
    }

    /// SPFRecord.Mechanism with positions for domain-specs.
    enum Mechanism: Sendable {
        case all
        case include(MacroText)
        case a(MacroText?, SPFRecord.DualCIDR)
        case mx(MacroText?, SPFRecord.DualCIDR)
        case ptr(MacroText?)
        case ip4(IPAddress, prefixLength: Int)
        case ip6(IPAddress, prefixLength: Int)
        case exists(MacroText)

        /// Whether evaluating it queries DNS, so it counts toward the limit of 10 (RFC 7208 §4.6.4).
        var queriesDNS: Bool {
            switch self {
            case .include, .a, .mx, .ptr, .exists: true
            case .all, .ip4, .ip6: false
            }
        }
    }

    struct Directive: Sendable {
        var qualifier: SPFRecord.Qualifier
        var mechanism: Mechanism
        /// The term as written.
        var term: Range<Int>
    }

    /// The record, all ASCII (set once parsing is done).
    var text = ""
    var directives: ContiguousArray<Directive> = []
    var redirect: MacroText?
    var explanation: MacroText?
    /// What most records lack, in one array so that copying a layout retains one thing fewer: macro-strings
    /// (domain-specs and values that hold "%") and modifiers RFC 7208 does not define.
    var rareParts: [RarePart] = []

    enum RarePart: Sendable {
        case macroString(SPFMacroString)
        case unknownModifier(name: Range<Int>, value: MacroText)
    }

    /// Adds a parsed macro-string; its MacroText.
    mutating func add(_ macroString: SPFMacroString) -> MacroText {
        rareParts.append(.macroString(macroString))
        return .parsed(rareParts.count - 1)
    }

    /// The modifiers RFC 7208 does not define, in order.
    var unknownModifiers: [(name: Range<Int>, value: MacroText)] {
        rareParts.compactMap { part in
            guard case .unknownModifier(let name, let value) = part else { return nil }
            return (name, value)
        }
    }

    /// The text at `range` as a String of its own, copied straight from the bytes.
    func string(_ range: Range<Int>) -> String {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        } ?? SPFTermText(text, range).description
    }

    /// The expansion of a literal, or nil when `macro` needs expanding.
    func literal(_ macro: MacroText) -> String? {
        guard case .literal(let range) = macro else { return nil }
        return string(range)
    }

    /// A domain-spec or value as written.
    func writtenText(_ macro: MacroText) -> String {
        switch macro {
        case .literal(let range): string(range)
        case .parsed: macroString(macro).text
        }
    }

    func macroString(_ macro: MacroText) -> SPFMacroString {
        switch macro {
        case .literal(let range):
            let text = string(range)
            return SPFMacroString(text: text, pieces: text.isEmpty ? [] : [.literal(text)])
        case .parsed(let index):
            guard case .macroString(let parsed) = rareParts[index] else { preconditionFailure("not a macro-string") }
            return parsed
        }
    }

    /// Parses a record. Text with a non-ASCII byte goes to the Character-level parser, which names the offending
    /// term: every part of the grammar is ASCII, so such a record never parses.
    static func parse(_ text: String) throws(SPFSyntaxError) -> SPFRecordLayout {
        guard SPFRecord.isSPFRecord(text) else { throw SPFSyntaxError(term: text, reason: .notSPFRecord) }
        let parsed = try SPFASCIIParser.withParser(text) { (parser) throws(SPFSyntaxError) in try parser.parseRecord() }
        guard var layout = parsed else {
            _ = try SPFRecord.parseWithCharacters(text)
            throw SPFSyntaxError(term: text, reason: .nonASCII)
        }
        layout.text = text
        return layout
    }
}

extension SPFRecord {
    /// The materialized form of a layout: every term and domain-spec as text.
    init(_ layout: SPFRecordLayout) {
        // withUTF8 always has the bytes (it makes a copy contiguous if it must): no path leaves `terms` empty.
        var text = layout.text
        let terms = text.withUTF8 { bytes in ASCII.split(bytes, from: 6, on: UInt8(ascii: " ")) }.map(layout.string)
        self.init(
            directives: layout.directives.map { directive in
                Directive(
                    qualifier: directive.qualifier, mechanism: Self.mechanism(directive, in: layout),
                    text: layout.string(directive.term))
            },
            redirect: layout.redirect.map(layout.macroString), explanation: layout.explanation.map(layout.macroString),
            unknownModifiers: layout.unknownModifiers.map { modifier in
                UnknownModifier(name: layout.string(modifier.name), value: layout.macroString(modifier.value))
            },
            terms: terms)
    }

    private static func mechanism(_ directive: SPFRecordLayout.Directive, in layout: SPFRecordLayout) -> Mechanism {
        switch directive.mechanism {
        case .all: return .all
        case .include(let domain): return .include(layout.macroString(domain))
        case .a(let domain, let cidr): return .a(domain.map(layout.macroString), cidr)
        case .mx(let domain, let cidr): return .mx(domain.map(layout.macroString), cidr)
        case .ptr(let domain): return .ptr(domain.map(layout.macroString))
        case .ip4(let network, let length): return .ip4(network, prefixLength: length)
        case .ip6(let network, let length): return .ip6(network, prefixLength: length)
        case .exists(let domain): return .exists(layout.macroString(domain))
        }
    }
}

/// A term's text as the record holds it: the record and the term's position, made into a String only when shown
/// (in an error or a trace), so evaluating a term copies nothing.
struct SPFTermText: Sendable, CustomStringConvertible {
    let text: String
    let range: Range<Int>

    init(_ text: String, _ range: Range<Int>) {
        self.text = text
        self.range = range
    }

    init(_ text: String) {
        self.init(text, 0..<text.utf8.count)
    }

    var description: String {
        if range.lowerBound == 0 && range.count == text.utf8.count { return text }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return String(text[start..<utf8.index(start, offsetBy: range.count)])
    }
}
