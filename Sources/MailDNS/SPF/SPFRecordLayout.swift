/// A parsed, valid "v=spf1" record kept as positions in its own text: what check_host() evaluates. Its directives
/// are plain values (no strings, no arrays), so parsing one allocates about one array and dropping it releases
/// one; the term text and domain-specs become Strings only for the terms an evaluation reaches. Building a full
/// `SPFRecord` (a String per term, a macro-string per domain-spec) was half of an evaluation's cost in profiles.
/// `SPFRecord(layout)` gives the public, materialized form.
struct SPFRecordLayout: Sendable {
    /// A domain-spec or modifier value: a literal (no "%" in it, so the text is its own expansion) or an index into
    /// `macroStrings`.
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
    /// Name and value of each modifier RFC 7208 does not define.
    var unknownModifiers: [(name: Range<Int>, value: MacroText)] = []
    /// The domain-specs and values that hold "%"; most records have none, so this stays unallocated.
    var macroStrings: [SPFMacroString] = []

    /// The text at `range` (UTF-8 offsets; the text is ASCII), without copying it.
    func substring(_ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return text[start..<utf8.index(start, offsetBy: range.count)]
    }

    /// The expansion of a literal, or nil when `macro` needs expanding.
    func literal(_ macro: MacroText) -> String? {
        guard case .literal(let range) = macro else { return nil }
        return String(substring(range))
    }

    /// A domain-spec or value as written.
    func writtenText(_ macro: MacroText) -> Substring {
        switch macro {
        case .literal(let range): substring(range)
        case .parsed(let index): Substring(macroStrings[index].text)
        }
    }

    func macroString(_ macro: MacroText) -> SPFMacroString {
        switch macro {
        case .literal(let range):
            let text = String(substring(range))
            return SPFMacroString(text: text, pieces: text.isEmpty ? [] : [.literal(text)])
        case .parsed(let index):
            return macroStrings[index]
        }
    }

    /// Parses a record. Text with a non-ASCII byte goes to the Character-level parser, which names the offending
    /// term: every part of the grammar is ASCII, so such a record never parses.
    static func parse(_ text: String) throws(SPFSyntaxError) -> SPFRecordLayout {
        guard SPFRecord.isSPFRecord(text) else { throw SPFSyntaxError(term: text, reason: .notSPFRecord) }
        let parsed = SPFASCIIParser.withParser(text) { parser in
            Result { () throws(SPFSyntaxError) in try parser.parseRecord() }
        }
        guard var layout = try parsed?.get() else {
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
        var terms: [String] = []
        layout.text.utf8.withContiguousStorageIfAvailable { bytes in
            terms = ASCII.split(bytes, from: 6, on: UInt8(ascii: " ")).map { String(layout.substring($0)) }
        }
        self.init(
            directives: layout.directives.map { directive in
                Directive(
                    qualifier: directive.qualifier, mechanism: Self.mechanism(directive, in: layout),
                    text: String(layout.substring(directive.term)))
            },
            redirect: layout.redirect.map(layout.macroString), explanation: layout.explanation.map(layout.macroString),
            unknownModifiers: layout.unknownModifiers.map { modifier in
                UnknownModifier(name: String(layout.substring(modifier.name)), value: layout.macroString(modifier.value))
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
