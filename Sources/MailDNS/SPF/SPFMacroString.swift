/// A parsed SPF macro-string (RFC 7208 §7.1): literal text and macro-expands, kept with the text it came from.
public struct SPFMacroString: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Piece: Sendable, Codable, Equatable {
        case literal(String)
        /// `%{letter digits r delimiters}`; `letter` is as written, so an uppercase letter asks for URL-escaping.
        case macro(letter: Character, digits: Int?, reverse: Bool, delimiters: String)

        enum CodingKeys: String, CodingKey { case literal, letter, digits, reverse, delimiters }
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try container.decodeIfPresent(String.self, forKey: .literal) {
                self = .literal(text)
                return
            }
            let letter = try container.decode(String.self, forKey: .letter)
            guard let first = letter.first else {
                throw DecodingError.dataCorruptedError(forKey: .letter, in: container, debugDescription: "empty letter")
            }
            self = .macro(
                letter: first, digits: try container.decodeIfPresent(Int.self, forKey: .digits),
                reverse: try container.decode(Bool.self, forKey: .reverse),
                delimiters: try container.decode(String.self, forKey: .delimiters))
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .literal(let text): try container.encode(text, forKey: .literal)
            case .macro(let letter, let digits, let reverse, let delimiters):
                try container.encode(String(letter), forKey: .letter)
                try container.encodeIfPresent(digits, forKey: .digits)
                try container.encode(reverse, forKey: .reverse)
                try container.encode(delimiters, forKey: .delimiters)
            }
        }
    }

    public var text: String
    public var pieces: [Piece]

    public var description: String { text }

    /// Whether expansion needs anything beyond the current domain (so a static analysis cannot follow it).
    public var dependsOnMessage: Bool {
        pieces.contains { piece in
            if case .macro(let letter, _, _, _) = piece { return letter.lowercased() != "d" }
            return false
        }
    }

    static let macroLetters: Set<Character> = ["s", "l", "o", "d", "i", "p", "v", "h", "c", "r", "t"]
    static let explainOnlyLetters: Set<Character> = ["c", "r", "t"]
    static let delimiterCharacters: Set<Character> = [".", "-", "+", ",", "/", "_", "="]

    /// Parses `text`; `term` names the term in errors. `allowExplainMacros` admits c, r and t (exp= text only).
    static func parse(_ text: String, term: String, allowExplainMacros: Bool = false) throws(SPFSyntaxError) -> SPFMacroString {
        let parsed = try SPFASCIIParser.withParser(text) { (parser) throws(SPFSyntaxError) in
            try parser.macroString(0..<parser.bytes.count, term: term, allowExplainMacros: allowExplainMacros)
        }
        if let parsed { return parsed }
        // Non-ASCII (exp= explanation text may be UTF-8): the Character-level reference parser.
        return try parseWithCharacters(text, term: term, allowExplainMacros: allowExplainMacros)
    }

    /// The Character-level reference parser, for text that holds non-ASCII (tests compare the byte parser with it).
    static func parseWithCharacters(_ text: String, term: String, allowExplainMacros: Bool = false) throws(SPFSyntaxError)
        -> SPFMacroString
    {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        func fail(_ reason: SPFSyntaxError.Reason) -> SPFSyntaxError { SPFSyntaxError(term: term, reason: reason) }
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            guard character == "%" else {
                // macro-literal is %x21-24 / %x26-7E; spaces only arrive here inside exp= explanation text.
                guard let ascii = character.asciiValue, (0x20...0x7e).contains(ascii) else { throw fail(.badMacro) }
                if ascii == 0x20 && !allowExplainMacros { throw fail(.badMacro) }
                literal.append(character)
                continue
            }
            guard index < text.endIndex else { throw fail(.badMacro) }
            let next = text[index]
            index = text.index(after: index)
            switch next {
            case "%": literal.append("%")
            case "_": literal.append(" ")
            case "-": literal.append("%20")
            case "{":
                guard let close = text[index...].firstIndex(of: "}") else { throw fail(.badMacro) }
                let body = text[index..<close]
                index = text.index(after: close)
                guard let letter = body.first, macroLetters.contains(Character(letter.lowercased())) else {
                    throw fail(.badMacro)
                }
                if explainOnlyLetters.contains(Character(letter.lowercased())) && !allowExplainMacros {
                    throw fail(.explainOnlyMacro)
                }
                var rest = body.dropFirst()
                let digitText = rest.prefix { $0.isASCII && $0.isNumber }
                rest = rest.dropFirst(digitText.count)
                var digits: Int? = nil
                if !digitText.isEmpty {
                    // Huge values mean "all parts"; zero is forbidden (RFC 7208 §7.3).
                    let value = Int(digitText.prefix(6)) ?? 0
                    guard value > 0 else { throw fail(.badMacro) }
                    digits = value
                }
                var reverse = false
                if let first = rest.first, first == "r" || first == "R" {
                    reverse = true
                    rest = rest.dropFirst()
                }
                guard rest.allSatisfy({ delimiterCharacters.contains($0) }) else { throw fail(.badMacro) }
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                pieces.append(.macro(letter: letter, digits: digits, reverse: reverse, delimiters: String(rest)))
            default:
                throw fail(.badMacro)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return SPFMacroString(text: text, pieces: pieces)
    }

    /// Parses a domain-spec: a macro-string whose end is a macro or "." toplabel (RFC 7208 §7.1).
    static func parseDomainSpec(_ text: String, term: String) throws(SPFSyntaxError) -> SPFMacroString {
        guard !text.isEmpty else { throw SPFSyntaxError(term: term, reason: .missingDomain) }
        let spec = try parse(text, term: term)
        try checkDomainEnd(spec, term: term)
        return spec
    }

    /// A literal end needs "." toplabel; a literal-only spec must also have a dot before it. The literal is printable
    /// ASCII here (parse rejects anything else in a domain-spec), so bytes decide.
    static func checkDomainEnd(_ spec: SPFMacroString, term: String) throws(SPFSyntaxError) {
        guard case .literal(let tail)? = spec.pieces.last else { return }
        let isValidEnd = tail.utf8.withContiguousStorageIfAvailable { bytes in
            hasValidEnd(bytes, endsAfterMacro: spec.pieces.count > 1)
        } ?? hasValidEnd(Array(tail.utf8), endsAfterMacro: spec.pieces.count > 1)
        guard isValidEnd else { throw SPFSyntaxError(term: term, reason: .badDomainEnd) }
    }

    /// The final literal (one trailing "." ignored) is empty after a macro, or ends in "." toplabel.
    static func hasValidEnd<Bytes: BidirectionalCollection<UInt8>>(_ tail: Bytes, endsAfterMacro: Bool) -> Bool {
        var trimmed = tail[...]
        if trimmed.last == UInt8(ascii: ".") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty && endsAfterMacro { return true }
        guard let dot = trimmed.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return isTopLabel(trimmed[trimmed.index(after: dot)...])
    }

    /// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    static func isTopLabel(_ label: Substring) -> Bool {
        if ASCII.isASCII(label.utf8) { return isTopLabel(label.utf8) }
        guard let first = label.first, let last = label.last else { return false }
        let allowed = label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard allowed, first != "-", last != "-" else { return false }
        return label.contains { $0.isLetter } || label.contains("-")
    }

    /// isTopLabel on ASCII bytes.
    private static func isTopLabel<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let allowed = bytes.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
        guard allowed, first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else { return false }
        return bytes.contains { ASCII.isLetter($0) || $0 == UInt8(ascii: "-") }
    }
}
