import Foundation

/// Any JSON value, decoded without a schema so the SOQL reader can walk nested relationship objects and tell
/// "missing", "null" and "wrong type" apart. Decodable rather than JSONSerialization so booleans and numbers
/// stay distinct on every platform.
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Decodes a whole file; malformed JSON becomes an ExportParseError with `hint`.
    static func parse(_ data: Data, file: String, hint: String) throws -> JSONValue {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ExportParseError(file: file, problem: "the file is empty", hint: hint)
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ExportParseError(file: file, problem: "the file is not valid JSON (\(syntaxProblem(data)))", hint: hint)
        }
    }

    /// JSONDecoder only says "not valid JSON"; JSONSerialization says where ("Invalid value around character 5").
    private static func syntaxProblem(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "nesting too deep or a value out of range"
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return detail.hasSuffix(".") ? String(detail.dropLast()) : detail
        }
    }

    /// A short description of the value's kind for "expected …, found …" messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? "the number \(Int(value))" : "the number \(value)"
        case .string(let value): "the text \"\(value.count > 40 ? value.prefix(40) + "…" : Substring(value))\""
        case .array: "a list"
        case .object: "an object"
        }
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}
