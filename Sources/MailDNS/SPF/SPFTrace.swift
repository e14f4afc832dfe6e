/// One trace line kept as its parts until someone reads `SPFEvaluation.trace`: most evaluations are never traced to
/// text, and joining a dozen strings per evaluation showed up in profiles. A term's line holds its record's text
/// and the term's position (SPFTermText, no copy); the middle part is always a literal, so it costs no reference count.
struct SPFTraceEntry: Sendable {
    /// Include depth; the line is indented by two spaces per level.
    var depth: Int
    var first: SPFTermText
    var second: StaticString = ""
    var third: String = ""

    /// `first` + `second` + `third`, indented by `depth`.
    var line: String {
        let shown = first.description
        let second = second.description
        guard depth > 0 || !second.isEmpty || !third.isEmpty else { return shown }
        var line = depth < Self.indents.count ? Self.indents[depth] : String(repeating: "  ", count: depth)
        line.reserveCapacity(line.utf8.count + shown.utf8.count + second.utf8.count + third.utf8.count)
        line += shown
        line += second
        line += third
        return line
    }

    private static let indents = (0..<12).map { String(repeating: "  ", count: $0) }
}

/// Holds `SPFEvaluation.trace` as entries and renders them when read; encodes and compares as the rendered lines,
/// so the public shape stays `[String]`.
@propertyWrapper
public struct SPFTraceLines: Sendable, Codable, Equatable {
    var entries: [SPFTraceEntry]

    init(entries: [SPFTraceEntry]) {
        self.entries = entries
    }

    public init(wrappedValue: [String]) {
        entries = wrappedValue.map { SPFTraceEntry(depth: 0, first: SPFTermText($0)) }
    }

    public var wrappedValue: [String] {
        get { entries.map(\.line) }
        set { entries = newValue.map { SPFTraceEntry(depth: 0, first: SPFTermText($0)) } }
    }

    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }

    public static func == (lhs: SPFTraceLines, rhs: SPFTraceLines) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.wrappedValue == rhs.wrappedValue
    }
}

/// Holds `SPFEvaluation.explanation`: either text, or the parts of the default sentence, which is written only when
/// read (most callers look at the result alone). Encodes and compares as the text, so the public shape stays `String`.
@propertyWrapper
public struct SPFExplanationText: Sendable, Codable, Equatable {
    enum Source: Sendable {
        case text(String)
        /// `SPFEvaluation.defaultExplanation` of these.
        case standard(
            result: SPFResult, ip: IPAddress, domain: String, matchedTerm: String?, matchedDomain: String?,
            problem: SPFProblem?)
    }

    var source: Source

    init(source: Source) {
        self.source = source
    }

    public init(wrappedValue: String) {
        source = .text(wrappedValue)
    }

    public var wrappedValue: String {
        get {
            switch source {
            case .text(let text):
                return text
            case .standard(let result, let ip, let domain, let matchedTerm, let matchedDomain, let problem):
                let matched = matchedTerm.map { (term: $0, domain: matchedDomain ?? domain) }
                return SPFEvaluation.defaultExplanation(
                    result: result, ip: ip, domain: domain, matched: matched, problem: problem)
            }
        }
        set { source = .text(newValue) }
    }

    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }

    public static func == (lhs: SPFExplanationText, rhs: SPFExplanationText) -> Bool {
        lhs.wrappedValue == rhs.wrappedValue
    }
}
