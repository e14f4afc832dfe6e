import Foundation

/// A JSON value built by hand, so a document's shape is written out key by key: an absent value is an explicit
/// `null`, never a missing key (the synthesized Codable drops nil keys, which would make the shape depend on the
/// outcome).
public indirect enum ReportJSON: Sendable, Equatable, Encodable {
    case object([String: ReportJSON])
    case array([ReportJSON])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    public static func optional(_ text: String?) -> ReportJSON { text.map(ReportJSON.string) ?? .null }
    public static func optional(_ number: Int?) -> ReportJSON { number.map(ReportJSON.int) ?? .null }
    public static func optional(_ flag: Bool?) -> ReportJSON { flag.map(ReportJSON.bool) ?? .null }
    public static func strings(_ texts: [String]) -> ReportJSON { .array(texts.map(ReportJSON.string)) }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(key)) }
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    /// Sorted keys, no escaped slashes; `pretty` for a whole document, compact for one JSON Lines record.
    public func rendered(pretty: Bool) -> String {
        if !pretty {
            var bytes: [UInt8] = []
            appendCompact(to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Strings, numbers and booleans always encode; a failure here would be a Foundation bug, answered as null.
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
