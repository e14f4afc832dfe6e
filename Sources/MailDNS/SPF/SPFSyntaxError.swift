/// Why an SPF record (or one term of it) does not follow RFC 7208 §4.5/§5/§6/§7; evaluation gives permerror.
public struct SPFSyntaxError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Codable {
        case notSPFRecord = "does not start with v=spf1"
        case unknownMechanism = "unknown mechanism"
        case missingDomain = "needs a domain after ':'"
        case unexpectedArgument = "takes no argument"
        case badIPAddress = "has an invalid IP address"
        case badCIDRLength = "has an invalid CIDR prefix length"
        case badMacro = "has an invalid macro (use %{letter...}, %%, %_ or %-)"
        case explainOnlyMacro = "uses %{c}, %{r} or %{t}, which only exp= explanations may use"
        case badDomainEnd = "does not end in a valid top-level label or macro"
        case duplicateModifier = "repeats a modifier that may appear only once (redirect=, exp=)"
        case badModifierName = "has an invalid modifier name"
        case emptyTerm = "has an empty term"
        case nonASCII = "holds characters outside ASCII, which no SPF term allows"
    }

    /// The offending term as written ("ip4:300.1.1.1"), or the whole record for notSPFRecord.
    public var term: String
    public var reason: Reason

    public init(term: String, reason: Reason) {
        self.term = term
        self.reason = reason
    }

    public var description: String { "SPF term '\(term)' \(reason.rawValue)" }
}
