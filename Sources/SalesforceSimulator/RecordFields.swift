import Foundation
import Salesforce

extension Dictionary where Key == String, Value == JSONValue {
    /// A field by SOQL path ("Profile.Name"): field names are case-insensitive in SOQL.
    func value(atPath path: String) -> JSONValue? {
        var current: [String: JSONValue] = self
        let parts = path.split(separator: ".").map(String.init)
        for (index, part) in parts.enumerated() {
            // The exact name first: a case-insensitive search costs more than the rest of a 100,000-row filter.
            guard let value = current[part] ?? current.first(where: { $0.key.caseInsensitiveCompare(part) == .orderedSame })?.value else {
                return nil
            }
            if index == parts.count - 1 { return value }
            guard let next = value.objectValue else { return .null }  // a null relationship: every field below is null
            current = next
        }
        return nil
    }
}

/// JSON bodies the simulator sends: sorted keys so responses are stable byte for byte.
enum SimulatorJSON {
    /// Query pages take this path: written directly, several times faster than JSONEncoder over a 2,000-record page.
    static func encode(_ value: JSONValue) -> Data {
        var out = ""
        out.reserveCapacity(4096)
        write(value, to: &out)
        return Data(out.utf8)
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}

extension SimulatorJSON {
    /// JSONEncoder's output with `.sortedKeys` and `.withoutEscapingSlashes`: whole numbers without a fraction,
    /// `"` `\\` and control characters escaped, everything else as UTF-8.
    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            out += number == number.rounded() && abs(number) < 9_007_199_254_740_992 ? String(Int64(number)) : String(number)
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(members[key] ?? .null, to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
