import Foundation

/// Masks personal data for `--redact`, keeping a shape support can still use: `a***@acme.example` for an
/// address (the domain matters for delivery), `A*** L***` for a name.
struct Redactor {
    private let replacements: [(pattern: NSRegularExpression, mask: String)]
    private let nameParts: [(pattern: NSRegularExpression, mask: String)]
    /// Any address, so one that no list named (an old address in an audit line) is masked as well.
    private static let address = try? NSRegularExpression(
        pattern: "(?<![\\p{L}\\p{N}._%+'-])[\\p{L}\\p{N}._%+'-]+@(?=[\\p{L}\\p{N}-]+\\.)", options: [])

    init(personalData: [String]) {
        let strings = personalData.filter { $0.count >= 2 && !Self.isSalesforceId($0) }.sorted { $0.count > $1.count }
        replacements = strings.compactMap { text in Self.wholeWord(text).map { ($0, Self.mask(text)) } }
        let parts = strings.filter { !$0.contains("@") }.flatMap { $0.split(separator: " ").map(String.init) }
        nameParts = Set(parts.filter { $0.count >= 3 }).sorted { $0.count > $1.count }
            .compactMap { part in Self.wholeWord(part).map { ($0, Self.mask(part)) } }
    }

    /// Masks every known personal string and every address in `text`.
    func redact(_ text: String) -> String {
        var result = text
        for (pattern, mask) in replacements { result = Self.replace(pattern, in: result, with: mask) }
        let range = NSRange(result.startIndex..., in: result)
        var masked = result
        for match in (Self.address?.matches(in: result, range: range) ?? []).reversed() {
            guard let local = Range(match.range, in: result) else { continue }
            let first = result[local].first.map(String.init) ?? ""
            masked.replaceSubrange(local, with: first + "***@")
        }
        return masked
    }

    /// For a line marked personal: also masks single name parts, and hides the whole line when nothing in it
    /// could be recognised (it still holds personal data by its own account).
    func redactPersonal(_ text: String) -> String {
        var result = redact(text)
        for (pattern, mask) in nameParts { result = Self.replace(pattern, in: result, with: mask) }
        return result == text ? "[personal data redacted]" : result
    }

    /// A finding with its title, evidence and remedy masked.
    func redact(_ finding: ReportFinding) -> ReportFinding {
        var copy = finding
        copy.title = redact(finding.title)
        copy.evidence = finding.evidence.map { line in
            EvidenceLine(redact(line.source), line.personal ? redactPersonal(line.text) : redact(line.text), personal: line.personal)
        }
        if var remediation = finding.remediation {
            remediation.title = redact(remediation.title)
            remediation.steps = remediation.steps.map { RemediationStep(redact($0.text), classic: $0.classic.map(redact)) }
            copy.remediation = remediation
        }
        return copy
    }

    static func mask(_ text: String) -> String {
        if let at = text.lastIndex(of: "@") {
            return String(text.prefix(1)) + "***" + text[at...]
        }
        return text.split(separator: " ").map { String($0.prefix(1)) + "***" }.joined(separator: " ")
    }

    /// Ids are not personal, and masking one would hide which record the evidence is about.
    static func isSalesforceId(_ text: String) -> Bool {
        (text.count == 15 || text.count == 18) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && text.contains(where: \.isNumber)
    }

    private static func wholeWord(_ text: String) -> NSRegularExpression? {
        let escaped = NSRegularExpression.escapedPattern(for: text)
        return try? NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])\(escaped)(?![\\p{L}\\p{N}])", options: [.caseInsensitive])
    }

    private static func replace(_ pattern: NSRegularExpression, in text: String, with mask: String) -> String {
        pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                         withTemplate: NSRegularExpression.escapedTemplate(for: mask))
    }
}

extension Report {
    /// This report with personal data masked in every string it holds.
    public func redacted() -> Report {
        let redactor = Redactor(personalData: personalData)
        var copy = self
        copy.subject = Redactor.isSalesforceId(subject) ? subject : redactor.redact(subject)
        copy.user.username = user.username.map(redactor.redact)
        copy.user.email = user.email.map(redactor.redact)
        copy.user.name = user.name.map { redactor.redactPersonal($0) }
        copy.findings = findings.map(redactor.redact)
        for index in copy.checks.indices {
            copy.checks[index].title = redactor.redact(checks[index].title)
            copy.checks[index].reason = redactor.redact(checks[index].reason)
        }
        copy.personalData = []
        return copy
    }
}

extension ScanReport {
    /// This scan with personal data masked: each user's username and address (`a***@acme.example`), and every
    /// address (admin usernames are addresses) in the org findings, the reasons and the notes; an evidence line
    /// marked personal with nothing recognisable in it is hidden whole. Ids, domains and codes stay.
    public func redacted() -> ScanReport {
        let redactor = Redactor(personalData: [])
        var copy = self
        copy.users = users.map { user in
            var masked = user
            masked.username = Redactor.mask(user.username)
            masked.email = Redactor.mask(user.email)
            masked.unknown = user.unknown.map(redactor.redact)
            return masked
        }
        copy.orgFindings = orgFindings.map(redactor.redact)
        copy.orgUnknown = orgUnknown.map { check in
            var masked = check
            masked.title = redactor.redact(check.title)
            masked.reason = redactor.redact(check.reason)
            return masked
        }
        copy.notes = notes.map(redactor.redact)
        return copy
    }
}
