import EmailAddress
import Foundation

/// A domain as the user typed it (Unicode or A-labels) and its A-label form for DNS, converted with the same IDNA
/// rules the address validator uses.
public struct MailDomainName: Sendable, Equatable {
    public var input: String
    /// Lowercased A-label form without the trailing dot: what DNS is asked.
    public var ascii: String
    /// The Unicode form for display.
    public var unicode: String

    public init(parsing input: String) throws(MailDomainNameError) {
        var text = input.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { throw .empty }
        guard !text.contains("@") else { throw .notADomain(input, reason: "it contains @; give only the part after the @") }
        if text.hasPrefix("[") { throw .notADomain(input, reason: "an address literal is not a domain") }
        let check = EmailAddressValidator.check("postmaster@" + text)
        guard check.valid, let ascii = check.asciiDomain else {
            throw .notADomain(input, reason: check.reason ?? "it is not a valid domain name")
        }
        self.input = input
        self.ascii = ascii
        self.unicode = check.unicodeDomain ?? ascii
    }
}

public enum MailDomainNameError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case notADomain(String, reason: String)

    public var description: String {
        switch self {
        case .empty: return "the domain is empty"
        case .notADomain(let text, let reason): return "'\(text)' is not a domain name: \(reason)"
        }
    }
}
