/// A parsed "v=spf1" record (RFC 7208 §4.5, §5, §6). Parsing is pure; nothing here touches DNS.
public struct SPFRecord: Sendable, Codable, Equatable {
    public enum Qualifier: String, Sendable, Codable {
        case pass = "+", fail = "-", softfail = "~", neutral = "?"

        public var result: SPFResult {
            switch self {
            case .pass: return .pass
            case .fail: return .fail
            case .softfail: return .softfail
            case .neutral: return .neutral
            }
        }
    }

    /// ip4 and ip6 prefix lengths for a and mx; nil means the whole address (/32 or /128).
    public struct DualCIDR: Sendable, Codable, Equatable {
        public var ip4: Int?
        public var ip6: Int?
        public init(ip4: Int? = nil, ip6: Int? = nil) { self.ip4 = ip4; self.ip6 = ip6 }
    }

    public enum Mechanism: Sendable, Codable, Equatable {
        case all
        case include(SPFMacroString)
        case a(SPFMacroString?, DualCIDR)
        case mx(SPFMacroString?, DualCIDR)
        case ptr(SPFMacroString?)
        case ip4(IPAddress, prefixLength: Int)
        case ip6(IPAddress, prefixLength: Int)
        case exists(SPFMacroString)

        public var name: String {
            switch self {
            case .all: return "all"
            case .include: return "include"
            case .a: return "a"
            case .mx: return "mx"
            case .ptr: return "ptr"
            case .ip4: return "ip4"
            case .ip6: return "ip6"
            case .exists: return "exists"
            }
        }

        /// Whether evaluating it queries DNS, so it counts toward the limit of 10 (RFC 7208 §4.6.4).
        public var queriesDNS: Bool {
            switch self {
            case .include, .a, .mx, .ptr, .exists: return true
            case .all, .ip4, .ip6: return false
            }
        }
    }

    public struct Directive: Sendable, Codable, Equatable {
        public var qualifier: Qualifier
        public var mechanism: Mechanism
        /// The term as written.
        public var text: String
    }

    public struct UnknownModifier: Sendable, Codable, Equatable {
        public var name: String
        public var value: SPFMacroString
    }

    public var directives: [Directive]
    public var redirect: SPFMacroString?
    public var explanation: SPFMacroString?
    /// Modifiers RFC 7208 does not define; evaluation ignores them (§6).
    public var unknownModifiers: [UnknownModifier]
    /// Every term as written, in order, modifiers included.
    public var terms: [String]

    /// Whether `text` is an SPF record at all: "v=spf1" alone or followed by a space (§4.5), any case.
    public static func isSPFRecord(_ text: String) -> Bool {
        if let decided = hasSPFVersionPrefix(text.utf8) { return decided }
        let lower = text.lowercased()
        return lower == "v=spf1" || lower.hasPrefix("v=spf1 ")
    }

    /// isSPFRecord on bytes, without lowercasing the whole record (every TXT record of a domain is asked). Nil only
    /// when a non-ASCII scalar follows "v=spf1 ": it might join the space into one Character, so the Character-level
    /// test decides. No non-ASCII scalar lowercases to one of "v=spf1 ", so a byte mismatch is a definite false.
    private static func hasSPFVersionPrefix(_ utf8: String.UTF8View) -> Bool? {
        utf8.withContiguousStorageIfAvailable(hasSPFVersionPrefix) ?? hasSPFVersionPrefix(Array(utf8))
    }

    private static func hasSPFVersionPrefix<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool?
    where Bytes.Index == Int {
        let start = bytes.startIndex
        guard bytes.count >= 6 else { return false }
        // "v=spf1" byte by byte; a literal's utf8.enumerated() did not specialize and showed up in profiles.
        guard ASCII.lowercased(bytes[start]) == UInt8(ascii: "v"), bytes[start + 1] == UInt8(ascii: "="),
            ASCII.lowercased(bytes[start + 2]) == UInt8(ascii: "s"), ASCII.lowercased(bytes[start + 3]) == UInt8(ascii: "p"),
            ASCII.lowercased(bytes[start + 4]) == UInt8(ascii: "f"), bytes[start + 5] == UInt8(ascii: "1")
        else { return false }
        let space = start + 6
        guard space < bytes.endIndex else { return true }
        guard bytes[space] == UInt8(ascii: " ") else { return false }
        return space + 1 == bytes.endIndex || bytes[space + 1] < 0x80 ? true : nil
    }

    public static func parse(_ text: String) throws(SPFSyntaxError) -> SPFRecord {
        SPFRecord(try SPFRecordLayout.parse(text))
    }

    /// The Character-level reference parser, for text that holds non-ASCII (tests compare the byte parser with it).
    static func parseWithCharacters(_ text: String) throws(SPFSyntaxError) -> SPFRecord {
        guard isSPFRecord(text) else { throw SPFSyntaxError(term: text, reason: .notSPFRecord) }
        let terms = text.dropFirst("v=spf1".count).split(separator: " ").map(String.init)
        var record = SPFRecord(directives: [], redirect: nil, explanation: nil, unknownModifiers: [], terms: terms)
        for term in terms {
            if let modifier = try parseModifier(term) {
                switch modifier.name.lowercased() {
                case "redirect":
                    guard record.redirect == nil else { throw SPFSyntaxError(term: term, reason: .duplicateModifier) }
                    record.redirect = try SPFMacroString.parseDomainSpec(modifier.value, term: term)
                case "exp":
                    guard record.explanation == nil else { throw SPFSyntaxError(term: term, reason: .duplicateModifier) }
                    record.explanation = try SPFMacroString.parseDomainSpec(modifier.value, term: term)
                default:
                    let value = try SPFMacroString.parse(modifier.value, term: term)
                    record.unknownModifiers.append(UnknownModifier(name: modifier.name, value: value))
                }
            } else {
                record.directives.append(try parseDirective(term))
            }
        }
        return record
    }

    /// name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) "=" macro-string; nil when the term is no modifier.
    private static func parseModifier(_ term: String) throws(SPFSyntaxError) -> (name: String, value: String)? {
        guard let equals = term.firstIndex(of: "=") else { return nil }
        let name = term[..<equals]
        // A mechanism's argument may contain "=" (in a macro delimiter); it is a modifier only if the name comes first.
        if name.contains(":") || name.contains("/") { return nil }
        guard let first = name.first, first.isASCII, first.isLetter,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { throw SPFSyntaxError(term: term, reason: .badModifierName) }
        return (String(name), String(term[term.index(after: equals)...]))
    }

    private static func parseDirective(_ term: String) throws(SPFSyntaxError) -> Directive {
        var body = Substring(term)
        var qualifier = Qualifier.pass
        if let first = body.first, let explicit = Qualifier(rawValue: String(first)) {
            qualifier = explicit
            body = body.dropFirst()
        }
        guard !body.isEmpty else { throw SPFSyntaxError(term: term, reason: .emptyTerm) }
        let nameEnd = body.firstIndex { $0 == ":" || $0 == "/" } ?? body.endIndex
        let name = body[..<nameEnd].lowercased()
        let rest = body[nameEnd...]
        let argument: Substring? = rest.hasPrefix(":") ? rest.dropFirst() : nil
        let cidrText = rest.hasPrefix("/") ? rest : nil
        func fail(_ reason: SPFSyntaxError.Reason) -> SPFSyntaxError { SPFSyntaxError(term: term, reason: reason) }

        let mechanism: Mechanism
        switch name {
        case "all":
            guard rest.isEmpty else { throw fail(.unexpectedArgument) }
            mechanism = .all
        case "include", "exists":
            guard let argument, cidrText == nil else { throw fail(.missingDomain) }
            let spec = try SPFMacroString.parseDomainSpec(String(argument), term: term)
            mechanism = name == "include" ? .include(spec) : .exists(spec)
        case "a", "mx":
            var domain: SPFMacroString? = nil
            var cidr = DualCIDR()
            if let argument {
                let split = splitDomainAndCIDR(argument)
                domain = try SPFMacroString.parseDomainSpec(String(split.domain), term: term)
                cidr = try parseDualCIDR(split.cidr, term: term)
            } else if let cidrText {
                cidr = try parseDualCIDR(cidrText, term: term)
            }
            mechanism = name == "a" ? .a(domain, cidr) : .mx(domain, cidr)
        case "ptr":
            guard cidrText == nil else { throw fail(.unexpectedArgument) }
            mechanism = .ptr(try argument.map { (text) throws(SPFSyntaxError) in
                try SPFMacroString.parseDomainSpec(String(text), term: term)
            })
        case "ip4", "ip6":
            guard let argument else { throw fail(.badIPAddress) }
            let slash = argument.firstIndex(of: "/")
            let addressText = slash.map { argument[..<$0] } ?? argument
            guard let address = IPAddress(String(addressText)),
                address.family == (name == "ip4" ? .v4 : .v6)
            else { throw fail(.badIPAddress) }
            let maximum = name == "ip4" ? 32 : 128
            var length = maximum
            if let slash {
                guard let parsed = parseCIDRLength(argument[argument.index(after: slash)...], maximum: maximum) else {
                    throw fail(.badCIDRLength)
                }
                length = parsed
            }
            mechanism = name == "ip4" ? .ip4(address, prefixLength: length) : .ip6(address, prefixLength: length)
        default:
            throw fail(.unknownMechanism)
        }
        return Directive(qualifier: qualifier, mechanism: mechanism, text: term)
    }

    /// Splits "example.com/24//64" into the domain-spec and the dual-cidr-length ("/24", "//64" or "/24//64").
    private static func splitDomainAndCIDR(_ argument: Substring) -> (domain: Substring, cidr: Substring) {
        /// The index of the "/" that starts a trailing "/digits" run ending at `end`.
        func slashBeforeDigits(_ end: Substring.Index) -> Substring.Index? {
            let head = argument[..<end]
            guard let slash = head.lastIndex(of: "/") else { return nil }
            let digits = head[head.index(after: slash)...]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return slash
        }
        guard let last = slashBeforeDigits(argument.endIndex) else { return (argument, argument[argument.endIndex...]) }
        var start = last
        if last > argument.startIndex, argument[argument.index(before: last)] == "/" {
            start = argument.index(before: last)
            if let ip4 = slashBeforeDigits(start) { start = ip4 }
        }
        return (argument[..<start], argument[start...])
    }

    /// dual-cidr-length = [ "/" ip4-length ] [ "//" ip6-length ]: "/24", "//64", "/24//64".
    private static func parseDualCIDR(_ text: Substring, term: String) throws(SPFSyntaxError) -> DualCIDR {
        let fail = SPFSyntaxError(term: term, reason: .badCIDRLength)
        var cidr = DualCIDR()
        var rest = text
        if rest.hasPrefix("/") && !rest.hasPrefix("//") {
            let digits = rest.dropFirst().prefix { $0 != "/" }
            guard let v4 = parseCIDRLength(digits, maximum: 32) else { throw fail }
            cidr.ip4 = v4
            rest = rest.dropFirst(1 + digits.count)
        }
        if rest.hasPrefix("//") {
            guard let v6 = parseCIDRLength(rest.dropFirst(2), maximum: 128) else { throw fail }
            cidr.ip6 = v6
            rest = rest[rest.endIndex...]
        }
        guard rest.isEmpty else { throw fail }
        return cidr
    }

    /// A decimal length without leading zeros, 0...maximum.
    private static func parseCIDRLength(_ text: Substring, maximum: Int) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if text.count > 1 && text.hasPrefix("0") { return nil }
        guard let value = Int(text), value <= maximum else { return nil }
        return value
    }
}
