/// A byte-level parser for all-ASCII SPF records, which is what DNS serves in practice. It gives exactly the result
/// of the Character-level parser in SPFRecord.swift and SPFMacroString.swift (the reference, still used for any
/// text with a non-ASCII byte, where grapheme rules decide what a " " or "=" is), at a fraction of the cost:
/// check_host() parses several records per evaluation, and String indexing dominated its profile.
/// SPFASCIIParserTests compares the two on generated records.
struct SPFASCIIParser {
    /// The record's (or macro-string's) UTF-8, all < 0x80. A pointer into the String's own storage, valid only
    /// inside `withParser`: no copy, and slicing it costs no reference counting (an array's slices did).
    let bytes: UnsafeBufferPointer<UInt8>

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` with a parser over `text`; nil when `text` holds a non-ASCII byte: the caller then uses the
    /// Character-level parser.
    static func withParser<Parsed, Failure: Error>(
        _ text: String, _ body: (SPFASCIIParser) throws(Failure) -> Parsed
    ) throws(Failure) -> Parsed? {
        var text = text
        // withUTF8 rethrows untyped errors; the typed one leaves through `failure` (a Result cost a copy of the value).
        var failure: Failure? = nil
        let parsed = text.withUTF8 { buffer -> Parsed? in
            guard ASCII.isASCII(buffer) else { return nil }
            do throws(Failure) { return try body(SPFASCIIParser(bytes: buffer)) } catch { failure = error; return nil }
        }
        if let failure { throw failure }
        return parsed
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Record

    /// RFC 7208 §4.5 record, already known to start with "v=spf1", as positions in `bytes` (the caller sets the
    /// layout's text). Terms are walked in place: no array of term ranges, no String per term.
    func parseRecord() throws(SPFSyntaxError) -> SPFRecordLayout {
        var layout = SPFRecordLayout()
        layout.directives.reserveCapacity(bytes[6...].reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) })
        var start = 6
        while start < bytes.count {
            guard bytes[start] != 0x20 else { start += 1; continue }
            var end = start + 1
            while end < bytes.count && bytes[end] != 0x20 { end += 1 }
            try parseTerm(start..<end, into: &layout)
            start = end
        }
        return layout
    }

    /// The error for the term at `range`; the term's text is built only here.
    private func failure(_ range: Range<Int>, _ reason: SPFSyntaxError.Reason) -> SPFSyntaxError {
        SPFSyntaxError(term: string(range), reason: reason)
    }

    private func parseTerm(_ range: Range<Int>, into layout: inout SPFRecordLayout) throws(SPFSyntaxError) {
        guard let equals = try modifierEquals(range) else {
            layout.directives.append(try parseDirective(range, into: &layout))
            return
        }
        let name = range.lowerBound..<equals
        let value = equals + 1..<range.upperBound
        if ASCII.equalsLowercased(bytes[name], "redirect") {
            guard layout.redirect == nil else { throw failure(range, .duplicateModifier) }
            layout.redirect = try domainSpec(value, term: range, into: &layout)
        } else if ASCII.equalsLowercased(bytes[name], "exp") {
            guard layout.explanation == nil else { throw failure(range, .duplicateModifier) }
            layout.explanation = try domainSpec(value, term: range, into: &layout)
        } else {
            let value = try macroText(value, term: range, into: &layout)
            layout.rareParts.append(.unknownModifier(name: name, value: value))
        }
    }

    /// The "=" of a modifier (name "=" macro-string); nil when the term is a mechanism.
    private func modifierEquals(_ range: Range<Int>) throws(SPFSyntaxError) -> Int? {
        guard let equals = bytes[range].firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = bytes[range.lowerBound..<equals]
        // A mechanism's argument may contain "=" (in a macro delimiter); it is a modifier only if the name comes first.
        if name.contains(UInt8(ascii: ":")) || name.contains(UInt8(ascii: "/")) { return nil }
        guard let first = name.first, ASCII.isLetter(first),
            name.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E })
        else { throw failure(range, .badModifierName) }
        return equals
    }

    private func parseDirective(_ range: Range<Int>, into layout: inout SPFRecordLayout) throws(SPFSyntaxError)
        -> SPFRecordLayout.Directive
    {
        func fail(_ reason: SPFSyntaxError.Reason) -> SPFSyntaxError { failure(range, reason) }
        var start = range.lowerBound
        let end = range.upperBound
        var qualifier = SPFRecord.Qualifier.pass
        if start < end, let explicit = Self.qualifier(bytes[start]) {
            qualifier = explicit
            start += 1
        }
        guard start < end else { throw fail(.emptyTerm) }
        let nameEnd = bytes[start..<end].firstIndex { $0 == 0x3A || $0 == 0x2F } ?? end  // ":" or "/"
        let name = bytes[start..<nameEnd]
        let hasArgument = nameEnd < end && bytes[nameEnd] == 0x3A
        let hasCIDR = nameEnd < end && bytes[nameEnd] == 0x2F
        let argument = min(nameEnd + 1, end)..<end  // meaningful only when hasArgument

        let kind = Self.mechanismKind(name)
        let mechanism: SPFRecordLayout.Mechanism
        if kind == .all {
            guard nameEnd == end else { throw fail(.unexpectedArgument) }
            mechanism = .all
        } else if kind == .include || kind == .exists {
            guard hasArgument else { throw fail(.missingDomain) }
            let spec = try domainSpec(argument, term: range, into: &layout)
            mechanism = kind == .include ? .include(spec) : .exists(spec)
        } else if kind == .a || kind == .mx {
            var domain: SPFRecordLayout.MacroText? = nil
            var cidr = SPFRecord.DualCIDR()
            if hasArgument {
                let cidrStart = dualCIDRStart(argument)
                domain = try domainSpec(argument.lowerBound..<cidrStart, term: range, into: &layout)
                cidr = try parseDualCIDR(cidrStart..<end, term: range)
            } else if hasCIDR {
                cidr = try parseDualCIDR(nameEnd..<end, term: range)
            }
            mechanism = kind == .a ? .a(domain, cidr) : .mx(domain, cidr)
        } else if kind == .ptr {
            guard !hasCIDR else { throw fail(.unexpectedArgument) }
            mechanism = .ptr(hasArgument ? try domainSpec(argument, term: range, into: &layout) : nil)
        } else if kind == .ip4 || kind == .ip6 {
            guard hasArgument else { throw fail(.badIPAddress) }
            let isV4 = kind == .ip4
            let slash = bytes[argument].firstIndex(of: 0x2F)
            let addressBytes = UnsafeBufferPointer(rebasing: bytes[argument.lowerBound..<(slash ?? end)])
            guard let address = IPAddress(ascii: addressBytes), address.family == (isV4 ? .v4 : .v6) else {
                throw fail(.badIPAddress)
            }
            let maximum = isV4 ? 32 : 128
            var length = maximum
            if let slash {
                guard let parsed = cidrLength(slash + 1..<end, maximum: maximum) else { throw fail(.badCIDRLength) }
                length = parsed
            }
            mechanism = isV4 ? .ip4(address, prefixLength: length) : .ip6(address, prefixLength: length)
        } else {
            throw fail(.unknownMechanism)
        }
        return SPFRecordLayout.Directive(qualifier: qualifier, mechanism: mechanism, term: range)
    }

    private enum MechanismKind { case all, include, exists, a, mx, ptr, ip4, ip6, unknown }

    /// The mechanism a name spells, any case; one pass on its length and first byte instead of a string compare
    /// per mechanism name.
    private static func mechanismKind(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> MechanismKind {
        guard let first = name.first else { return .unknown }
        switch (name.count, ASCII.lowercased(first)) {
        case (1, UInt8(ascii: "a")): return .a
        case (2, UInt8(ascii: "m")): return ASCII.equalsLowercased(name, "mx") ? .mx : .unknown
        case (3, UInt8(ascii: "a")): return ASCII.equalsLowercased(name, "all") ? .all : .unknown
        case (3, UInt8(ascii: "p")): return ASCII.equalsLowercased(name, "ptr") ? .ptr : .unknown
        case (3, UInt8(ascii: "i")):
            if ASCII.equalsLowercased(name, "ip4") { return .ip4 }
            return ASCII.equalsLowercased(name, "ip6") ? .ip6 : .unknown
        case (6, UInt8(ascii: "e")): return ASCII.equalsLowercased(name, "exists") ? .exists : .unknown
        case (7, UInt8(ascii: "i")): return ASCII.equalsLowercased(name, "include") ? .include : .unknown
        default: return .unknown
        }
    }

    private static func qualifier(_ byte: UInt8) -> SPFRecord.Qualifier? {
        switch byte {
        case UInt8(ascii: "+"): .pass
        case UInt8(ascii: "-"): .fail
        case UInt8(ascii: "~"): .softfail
        case UInt8(ascii: "?"): .neutral
        default: nil
        }
    }

    /// Where the dual-cidr-length of "example.com/24//64" starts ("/24", "//64" or "/24//64"); the end when none.
    private func dualCIDRStart(_ argument: Range<Int>) -> Int {
        /// The "/" that starts a trailing "/digits" run ending at `end`.
        func slashBeforeDigits(_ end: Int) -> Int? {
            guard let slash = bytes[argument.lowerBound..<end].lastIndex(of: 0x2F) else { return nil }
            let digits = bytes[slash + 1..<end]
            guard !digits.isEmpty, digits.allSatisfy(ASCII.isDigit) else { return nil }
            return slash
        }
        guard let last = slashBeforeDigits(argument.upperBound) else { return argument.upperBound }
        var start = last
        if last > argument.lowerBound, bytes[last - 1] == 0x2F {
            start = last - 1
            if let ip4 = slashBeforeDigits(start) { start = ip4 }
        }
        return start
    }

    /// dual-cidr-length = [ "/" ip4-length ] [ "//" ip6-length ].
    private func parseDualCIDR(_ range: Range<Int>, term: Range<Int>) throws(SPFSyntaxError) -> SPFRecord.DualCIDR {
        let fail = failure(term, .badCIDRLength)
        var cidr = SPFRecord.DualCIDR()
        var start = range.lowerBound
        let end = range.upperBound
        func hasPrefix(_ slashes: Int) -> Bool {
            start + slashes <= end && (0..<slashes).allSatisfy { bytes[start + $0] == 0x2F }
        }
        if hasPrefix(1) && !hasPrefix(2) {
            let digitsEnd = bytes[(start + 1)..<end].firstIndex(of: 0x2F) ?? end
            guard let v4 = cidrLength(start + 1..<digitsEnd, maximum: 32) else { throw fail }
            cidr.ip4 = v4
            start = digitsEnd
        }
        if hasPrefix(2) {
            guard let v6 = cidrLength(start + 2..<end, maximum: 128) else { throw fail }
            cidr.ip6 = v6
            start = end
        }
        guard start == end else { throw fail }
        return cidr
    }

    /// A decimal length without leading zeros, 0...maximum.
    private func cidrLength(_ range: Range<Int>, maximum: Int) -> Int? {
        guard !range.isEmpty, range.count <= 3, bytes[range].allSatisfy(ASCII.isDigit) else { return nil }
        if range.count > 1 && bytes[range.lowerBound] == UInt8(ascii: "0") { return nil }
        let value = bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value <= maximum ? value : nil
    }

    // MARK: Macro-string

    /// A domain-spec (SPFMacroString.parseDomainSpec) at `range`, inside the term at `term`.
    private func domainSpec(_ range: Range<Int>, term: Range<Int>, into layout: inout SPFRecordLayout)
        throws(SPFSyntaxError) -> SPFRecordLayout.MacroText
    {
        guard !range.isEmpty else { throw failure(term, .missingDomain) }
        let spec = try macroText(range, term: term, into: &layout)
        switch spec {
        case .literal:
            guard SPFMacroString.hasValidEnd(bytes[range], endsAfterMacro: false) else { throw failure(term, .badDomainEnd) }
        case .parsed:
            try SPFMacroString.checkDomainEnd(layout.macroString(spec), term: string(term))
        }
        return spec
    }

    /// A macro-string at `range`, inside the term at `term`: a literal when it holds no "%", else parsed into
    /// `layout.rareParts`.
    private func macroText(_ range: Range<Int>, term: Range<Int>, into layout: inout SPFRecordLayout)
        throws(SPFSyntaxError) -> SPFRecordLayout.MacroText
    {
        guard bytes[range].contains(UInt8(ascii: "%")) else {
            guard isMacroLiteral(range, allowExplainMacros: false) else { throw failure(term, .badMacro) }
            return .literal(range)
        }
        return layout.add(try macroString(range, term: string(term)))
    }

    /// Whether every byte is a macro-literal (%x21-24 / %x26-7E, and space in exp= text); "%" is checked apart.
    private func isMacroLiteral(_ range: Range<Int>, allowExplainMacros: Bool) -> Bool {
        !bytes[range].contains { $0 < 0x20 || $0 > 0x7E || ($0 == 0x20 && !allowExplainMacros) }
    }

    /// RFC 7208 §7.1 macro-string at `range`; see SPFMacroString.parse for the rules.
    func macroString(_ range: Range<Int>, term: String, allowExplainMacros: Bool = false) throws(SPFSyntaxError)
        -> SPFMacroString
    {
        func fail(_ reason: SPFSyntaxError.Reason) -> SPFSyntaxError { SPFSyntaxError(term: term, reason: reason) }
        let text = string(range)
        // The common case, a plain domain name: one literal, the text itself.
        if !bytes[range].contains(UInt8(ascii: "%")) {
            guard isMacroLiteral(range, allowExplainMacros: allowExplainMacros) else { throw fail(.badMacro) }
            return SPFMacroString(text: text, pieces: range.isEmpty ? [] : [.literal(text)])
        }
        var pieces: [SPFMacroString.Piece] = []
        var literal: [UInt8] = []
        func flushLiteral() {
            if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))); literal = [] }
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            guard byte == UInt8(ascii: "%") else {
                // macro-literal is %x21-24 / %x26-7E; spaces only arrive here inside exp= explanation text.
                guard (0x20...0x7E).contains(byte), byte != 0x20 || allowExplainMacros else { throw fail(.badMacro) }
                literal.append(byte)
                continue
            }
            guard index < range.upperBound else { throw fail(.badMacro) }
            let next = bytes[index]
            index += 1
            switch next {
            case UInt8(ascii: "%"): literal.append(UInt8(ascii: "%"))
            case UInt8(ascii: "_"): literal.append(UInt8(ascii: " "))
            case UInt8(ascii: "-"): literal.append(contentsOf: "%20".utf8)
            case UInt8(ascii: "{"):
                guard let close = bytes[index..<range.upperBound].firstIndex(of: UInt8(ascii: "}")) else {
                    throw fail(.badMacro)
                }
                let macro = try parseMacro(index..<close, term: term, allowExplainMacros: allowExplainMacros)
                index = close + 1
                flushLiteral()
                pieces.append(macro)
            default:
                throw fail(.badMacro)
            }
        }
        flushLiteral()
        return SPFMacroString(text: text, pieces: pieces)
    }

    /// The body of "%{...}": letter, digits, "r", delimiters.
    private func parseMacro(_ body: Range<Int>, term: String, allowExplainMacros: Bool) throws(SPFSyntaxError)
        -> SPFMacroString.Piece
    {
        func fail(_ reason: SPFSyntaxError.Reason) -> SPFSyntaxError { SPFSyntaxError(term: term, reason: reason) }
        guard !body.isEmpty else { throw fail(.badMacro) }
        let letter = Character(Unicode.Scalar(bytes[body.lowerBound]))
        let lower = Character(Unicode.Scalar(ASCII.lowercased(bytes[body.lowerBound])))
        guard SPFMacroString.macroLetters.contains(lower) else { throw fail(.badMacro) }
        if SPFMacroString.explainOnlyLetters.contains(lower) && !allowExplainMacros { throw fail(.explainOnlyMacro) }
        var index = body.lowerBound + 1
        let digitsEnd = bytes[index..<body.upperBound].firstIndex { !ASCII.isDigit($0) } ?? body.upperBound
        var digits: Int? = nil
        if digitsEnd > index {
            // Huge values mean "all parts"; zero is forbidden (RFC 7208 §7.3).
            let value = bytes[index..<min(digitsEnd, index + 6)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value > 0 else { throw fail(.badMacro) }
            digits = value
        }
        index = digitsEnd
        var reverse = false
        if index < body.upperBound, bytes[index] == UInt8(ascii: "r") || bytes[index] == UInt8(ascii: "R") {
            reverse = true
            index += 1
        }
        let delimiters = bytes[index..<body.upperBound]
        guard delimiters.allSatisfy(Self.isDelimiter) else { throw fail(.badMacro) }
        return .macro(letter: letter, digits: digits, reverse: reverse, delimiters: string(index..<body.upperBound))
    }

    /// "." / "-" / "+" / "," / "/" / "_" / "=".
    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2E, 0x2D, 0x2B, 0x2C, 0x2F, 0x5F, 0x3D: true
        default: false
        }
    }
}

/// Byte helpers for ASCII text.
enum ASCII {
    static func isASCII<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        // A buffer when the bytes are contiguous (native strings): much cheaper than walking a UTF8View.
        bytes.withContiguousStorageIfAvailable(isASCII) ?? bytes.allSatisfy { $0 < 0x80 }
    }

    /// Eight bytes at a time: every record and name check_host() meets is tested.
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= buffer.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < buffer.count {
            if buffer[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    static func isUppercase(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

    /// Whether `bytes`, ASCII-lowercased, equal `lowercase` (which must be lowercase ASCII).
    static func equalsLowercased(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in zip(bytes, expected).allSatisfy { lowercased($0) == $1 } }
    }

    /// Ranges of the non-empty runs between `separator`s, from `start` on.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, on separator: UInt8) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)
        var runStart = start
        for index in start..<bytes.count where bytes[index] == separator {
            if index > runStart { ranges.append(runStart..<index) }
            runStart = index + 1
        }
        if bytes.count > runStart { ranges.append(runStart..<bytes.count) }
        return ranges
    }
}
