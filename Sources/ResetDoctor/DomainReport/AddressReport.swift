import EmailAddress
import Foundation
import MailDNS

/// What `resetdoctor email check` says about one address: its syntax, a likely typo in its domain and, when DNS is
/// on, whether the domain accepts mail. Every field is present whatever the outcome.
public struct AddressReport: Sendable, Equatable {
    public var check: AddressCheck
    public var suggestion: DomainSuggestion?
    /// nil when DNS is off, or the address is invalid or an address literal.
    public var mail: RecipientDomainReport?

    public init(check: AddressCheck, suggestion: DomainSuggestion?, mail: RecipientDomainReport?) {
        self.check = check
        self.suggestion = suggestion
        self.mail = mail
    }

    /// The address with the suggested domain in place of the typed one.
    public var suggestedAddress: String? {
        guard let suggestion, let local = check.localPart else { return nil }
        return local + "@" + suggestion.suggested
    }

    public var hasProblem: Bool { !check.valid || suggestion != nil || mail?.acceptsMail == false }
    /// DNS was asked but did not say whether the domain accepts mail.
    public var isInconclusive: Bool { mail != nil && mail?.acceptsMail == nil }
}

/// Checks addresses; with a resolver also their domain's mail route.
public struct AddressChecker: Sendable {
    public var resolver: (any DNSResolver)?

    public init(resolver: (any DNSResolver)?) { self.resolver = resolver }

    public func check(_ address: String) async -> AddressReport {
        var report = Self.checkSyntax(address)
        if let resolver, report.check.valid, !report.check.isAddressLiteral, let domain = report.check.asciiDomain {
            report.mail = await MailExchangeLookup(resolver: resolver).check(domain: domain)
        }
        return report
    }

    /// Syntax and typo only, synchronously: what `check` gives without a resolver.
    public static func checkSyntax(_ address: String) -> AddressReport {
        var suggestions = TypoSuggestions()
        return checkSyntax(address, suggestions: &suggestions)
    }

    /// `checkSyntax`, asking `suggestions` for the typo so a run of addresses asks once per domain.
    public static func checkSyntax(_ address: String, suggestions: inout TypoSuggestions) -> AddressReport {
        let check = EmailAddressValidator.check(address)
        let suggestion = (check.asciiDomain ?? check.domain).flatMap { suggestions.suggestion(for: $0) }
        return AddressReport(check: check, suggestion: suggestion, mail: nil)
    }
}

/// Typo suggestions by domain: the suggester costs more than the syntax check, and a list of addresses holds few
/// domains. Keeps at most `limit` domains, so memory stays bounded whatever the input. One per task; with `shared`
/// the tasks of a run also share what any of them worked out.
public struct TypoSuggestions {
    private var known: [String: DomainSuggestion?] = [:]
    private let limit: Int
    private let shared: SharedTypoSuggestions?

    public init(limit: Int = 4_096, shared: SharedTypoSuggestions? = nil) {
        self.limit = limit
        self.shared = shared
    }

    public mutating func suggestion(for domain: String) -> DomainSuggestion? {
        if let answer = cached(domain) { return answer }
        let answer = shared.map { $0.suggestion(for: domain) } ?? DomainTypoSuggester.suggestion(for: domain)
        remember(answer, for: domain)
        return answer
    }

    /// The answer already worked out for `domain` (.some(nil): no suggestion), or nil.
    func cached(_ domain: String) -> DomainSuggestion?? { known[domain] }

    mutating func remember(_ answer: DomainSuggestion?, for domain: String) {
        if known.count < limit { known[domain] = answer }
    }
}

/// `TypoSuggestions` behind a lock, for the tasks of one run (each asks it only for domains it has not seen).
public final class SharedTypoSuggestions: @unchecked Sendable {
    private let lock = NSLock()
    private var suggestions: TypoSuggestions

    public init(limit: Int = 16_384) { suggestions = TypoSuggestions(limit: limit) }

    public func suggestion(for domain: String) -> DomainSuggestion? {
        if let known = lock.withLock({ suggestions.cached(domain) }) { return known }
        let answer = DomainTypoSuggester.suggestion(for: domain)  // outside the lock: other tasks go on meanwhile
        lock.withLock { suggestions.remember(answer, for: domain) }
        return answer
    }
}

extension AddressChecker {
    /// One line of input as it arrived (bytes, without its line ending): checked as text when it is UTF-8 and of
    /// sane length, otherwise invalid with the reason. A blank line is the empty address (invalid), so a report
    /// lines up with its input line for line.
    /// `length` is the whole line's length when only its start was kept (a reader need not hold a huge line).
    public func check(line: some Collection<UInt8>, length: Int? = nil) async -> AddressReport {
        switch AddressLine.decode(line, length: length) {
        case .text(let text): await check(text)
        case .rejected(let check): AddressReport(check: check, suggestion: nil, mail: nil)
        }
    }

    /// `check(line:length:)` without DNS, synchronously.
    public static func checkSyntax(
        line: some Collection<UInt8>, length: Int? = nil, suggestions: inout TypoSuggestions
    ) -> AddressReport {
        switch AddressLine.decode(line, length: length) {
        case .text(let text): checkSyntax(text, suggestions: &suggestions)
        case .rejected(let check): AddressReport(check: check, suggestion: nil, mail: nil)
        }
    }
}

/// Turns an input line's bytes into the text to check, refusing what is no address text at all.
public enum AddressLine {
    /// Longer lines are not addresses (RFC 5321 allows 254 octets); they are reported by length, not echoed whole.
    public static let maximumBytes = 4_096

    public enum Decoded: Sendable, Equatable {
        case text(String)
        case rejected(AddressCheck)
    }

    public static func decode(_ bytes: some Collection<UInt8>, length: Int? = nil) -> Decoded {
        let length = max(length ?? bytes.count, bytes.count)
        if length > maximumBytes {
            let shown = String(decoding: bytes.prefix(64), as: UTF8.self) + "…"
            return .rejected(AddressCheck(
                input: shown, valid: false,
                reason: "the line is \(length) bytes long; an address is at most \(EmailAddressValidator.maximumAddressOctets) octets"))
        }
        // Plain ASCII (the usual case) is UTF-8 as it stands.
        if bytes.allSatisfy({ $0 < 0x80 }) { return .text(String(decoding: bytes, as: UTF8.self)) }
        if let offset = firstInvalidUTF8(bytes) {
            // Shown with U+FFFD in place of the bad bytes, but never checked (or normalized) as if it were that text.
            let index = bytes.index(bytes.startIndex, offsetBy: offset)
            return .rejected(AddressCheck(
                input: String(decoding: bytes, as: UTF8.self), valid: false,
                reason: "not valid UTF-8 at byte \(offset + 1) (0x\(String(bytes[index], radix: 16, uppercase: true)))"))
        }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// The 0-based offset of the first byte that does not start a well-formed UTF-8 sequence, or nil when all do.
    static func firstInvalidUTF8(_ bytes: some Collection<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

extension AddressReport {
    /// One line: "VALID ada@acme.example; mail via mx1.acme.example" or "INVALID x@@y: reason".
    public var textLine: String {
        var line = check.valid ? "VALID \(check.normalized ?? check.input)" : "INVALID \(check.input): \(check.reason ?? "not an address")"
        if check.valid, let unicode = check.unicodeDomain, unicode != check.asciiDomain, let local = check.localPart {
            line += " (\(local)@\(unicode))"
        }
        if let suggestion, let address = suggestedAddress {
            line += "; did you mean \(address)? (\(suggestion.reason))"
        }
        if let mail { line += "; " + Self.mailSummary(mail) }
        return line
    }

    static func mailSummary(_ mail: RecipientDomainReport) -> String {
        let scanner = mail.linkScanners.first.map { "; link scanner: \($0.gateway.vendor) (\($0.exchange))" } ?? ""
        switch mail.route {
        case .mailExchanges, .implicitMX:
            let hosts = mail.exchanges.map(\.host).joined(separator: ", ")
            let via = mail.route == .implicitMX ? "implicit MX \(hosts)" : "MX \(hosts)"
            switch mail.acceptsMail {
            case true?: return "accepts mail via \(via)" + scanner
            case false?: return "accepts no mail: no mail exchanger has an address (\(via))"
            case nil: return "mail route unknown: the addresses of \(via) could not be looked up"
            }
        case .nullMX: return "accepts no mail: \(mail.domain) publishes a null MX"
        case .noMailHost: return "accepts no mail: \(mail.domain) has no MX and no address"
        case .domainMissing: return "accepts no mail: \(mail.domain) does not exist (NXDOMAIN)"
        case .unknown(let reason): return "mail route unknown: \(reason)"
        }
    }
}
