import Foundation
import Salesforce

extension Dictionary where Key == String, Value == JSONValue {
    /// A field by SOQL path ("Profile.Name"): field names are case-insensitive in SOQL.
    func value(atPath path: String) -> JSONValue? {
        var current: [String: JSONValue] = self
        let parts = path.split(separator: ".").map(String.init)
        for (index, part) in parts.enumerated() {
            guard let value = current.first(where: { $0.key.caseInsensitiveCompare(part) == .orderedSame })?.value else {
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
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
