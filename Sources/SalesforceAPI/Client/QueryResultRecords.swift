import Foundation

/// The records of a query answer as the bytes Salesforce sent, one `Data` each, and a body made of such records: how
/// answers are merged (an org's users, permission sets, logins) without parsing every record into objects and writing
/// them again, which cost more than the rest of a large capture.
public enum QueryResultRecords {
    /// The records of `body`, `{"totalSize":…,"done":…,"records":[…]}`, or nil when it is not a query result.
    public static func records(of body: Data) -> [Data]? {
        let body = body.startIndex == 0 ? body : Data(body)
        guard let array = JSONMembers.valueRange(of: "records", in: body),
              let elements = JSONMembers.elementRanges(ofArray: array, in: body)
        else { return nil }
        return elements.map { body.subdata(in: $0) }
    }

    /// A top-level string member of one record (`"Id"`), or nil.
    public static func string(_ key: String, in record: Data) -> String? {
        let record = record.startIndex == 0 ? record : Data(record)
        guard let range = JSONMembers.valueRange(of: key, in: record) else { return nil }
        let literal = record.subdata(in: range)
        guard literal.count >= 2, literal.first == UInt8(ascii: "\""), literal.last == UInt8(ascii: "\"") else { return nil }
        guard literal.contains(UInt8(ascii: "\\")) else { return String(decoding: literal.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
    }

    /// `{"done":true,"records":[…],"totalSize":N}`: one complete answer holding `records` as they are.
    public static func body(_ records: [Data]) -> Data {
        var body = Data(#"{"done":true,"records":["#.utf8)
        for (index, record) in records.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(record)
        }
        body.append(contentsOf: Data(#"],"totalSize":\#(records.count)}"#.utf8))
        return body
    }
}
