import Foundation

/// Reading and writing `JSONValue` outside the bundle parsers (the simulator's scenario files and answers).
extension JSONValue: Encodable {
    /// Whole numbers are written without a fraction (`"totalSize":5`), as Salesforce writes them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Reads `data` strictly (`StrictJSONReader`: no duplicate keys, bounded depth); throws on anything else.
    public static func read(_ data: Data) throws -> JSONValue { try StrictJSONReader.read(data) }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var numberValue: Double? { if case .number(let value) = self { value } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
}
