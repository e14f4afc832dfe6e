/// An address report as JSON: `json` is the record's shape, key by key; `appendJSONLine` writes the same record as
/// compact bytes without building it, for `email check -`, which writes one per input line.
extension AddressReport {
    /// One JSON Lines record.
    public var json: ReportJSON {
        .object([
            "input": .string(check.input),
            "valid": .bool(check.valid),
            "normalized": .optional(check.normalized),
            "reason": .optional(check.reason),
            "notes": .strings(check.notes),
            "suggestion": suggestionJSON,
            "domain": domainJSON,
        ])
    }

    /// `json.appendCompact(to:)`, byte for byte (ReportJSONCompactTests proves it), without a dictionary per record
    /// or a sort of its keys: the top-level members are written in their sorted order. The two nested objects are
    /// rare (a typo, or DNS on) and go through their ReportJSON.
    public func appendJSONLine(to out: inout [UInt8]) {
        Self.append("{\"domain\":", to: &out)
        domainJSON.appendCompact(to: &out)
        Self.append(",\"input\":", to: &out)
        ReportJSON.appendString(check.input, to: &out)
        Self.append(",\"normalized\":", to: &out)
        Self.append(optional: check.normalized, to: &out)
        Self.append(",\"notes\":[", to: &out)
        for (index, note) in check.notes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            ReportJSON.appendString(note, to: &out)
        }
        Self.append("],\"reason\":", to: &out)
        Self.append(optional: check.reason, to: &out)
        Self.append(",\"suggestion\":", to: &out)
        suggestionJSON.appendCompact(to: &out)
        Self.append(check.valid ? ",\"valid\":true}" : ",\"valid\":false}", to: &out)
    }

    private var suggestionJSON: ReportJSON {
        guard let suggestion else { return .null }
        return .object([
            "domain": .string(suggestion.suggested), "address": .optional(suggestedAddress),
            "reason": .string(suggestion.reason),
        ])
    }

    private var domainJSON: ReportJSON {
        guard let mail else { return .null }
        return .object([
            "name": .string(mail.domain),
            "route": .string(mail.route.word),
            "reason": .optional(mail.route.reason),
            "acceptsMail": .optional(mail.acceptsMail),
            "exchanges": .strings(mail.exchanges.map(\.host)),
            "linkScanner": mail.linkScanners.first.map(\.json) ?? .null,
        ])
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func append(optional text: String?, to out: inout [UInt8]) {
        if let text { ReportJSON.appendString(text, to: &out) } else { append("null", to: &out) }
    }
}
