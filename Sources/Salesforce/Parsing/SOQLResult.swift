import Foundation

/// The one reader of SOQL query results, shared by every `*Query` parser.
///
/// Accepts the REST body `{"totalSize":N,"done":true,"records":[…]}` and the Salesforce CLI's
/// `sf data query --json` envelope `{"status":0,"result":{"records":[…],…}}`.
struct SOQLResult {
    /// What the query selects, for hints: "SELECT Id, Username, Email … FROM User".
    struct Query {
        var sObject: String
        var soql: String
        var hint: String {
            "it should hold the body of a REST query response for \(soql), e.g. from `sf data query --json --query \"\(soql)\"` or GET /services/data/v62.0/query?q=…"
        }
    }

    /// Each record of the result turned into a `Record` by `transform`, in order. Records stream from the reader
    /// (an org bundle's user.json is hundreds of megabytes), yet errors keep their precedence: the file's syntax,
    /// then its shape (error body, CLI envelope, completeness), then the first bad record.
    static func map<Record>(
        _ data: Data, file: String, query: Query, _ transform: (SOQLRecord) throws -> Record
    ) throws -> [Record] {
        // Top-level "records", or the CLI envelope's "result.records": which one counts is known only at the end.
        var taken: [[Record]] = [[], []]
        var counts = [0, 0]
        var firstError: [(any Error)?] = [nil, nil]
        var chosen = 0
        try withoutActuallyEscaping(transform) { transform in
            let streaming = StrictJSONReader.Streaming(paths: [["records"], ["result", "records"]]) { path, item in
                counts[path] += 1
                guard firstError[path] == nil else { return }
                do { taken[path].append(try transform(try record(item, number: counts[path], file: file, query: query))) }
                catch { firstError[path] = error }
            }
            let root = try JSONValue.parse(data, file: file, hint: query.hint, streaming: streaming)
            let body = try queryBody(root, file: file, query: query)
            let path = root["records"] == nil && root["result"] != nil ? 1 : 0  // as queryBody chose
            guard case .array? = body["records"] else {
                throw ExportParseError(
                    file: file, problem: "the file is not a REST query result (expected an object with a \"records\" list, found \(root.kind) without one)",
                    hint: query.hint)
            }
            try checkCompleteness(body, count: counts[path], file: file, query: query)
            if let error = firstError[path] { throw error }
            chosen = path
        }
        return taken[chosen]
    }

    /// One item of the records list as a record: an object of the query's sObject type, its field names distinct.
    private static func record(_ item: JSONValue, number: Int, file: String, query: Query) throws -> SOQLRecord {
        guard case .object(let fields) = item else {
            throw ExportParseError(file: file, problem: "record \(number) is \(item.kind), not an object", hint: query.hint)
        }
        try checkFieldNames(fields, path: "", record: number, file: file, query: query)
        if case .string(let type)? = fields["attributes"]?["type"], type != query.sObject {
            throw ExportParseError(
                file: file, problem: "record \(number) is a \(type) record, expected \(query.sObject)",
                hint: "this file is probably the wrong export; \(query.hint)")
        }
        return SOQLRecord(file: file, number: number, fields: fields, hint: query.hint)
    }

    /// Salesforce field names ignore case, so "IsActive" and "isactive" in one record are the same field twice.
    private static func checkFieldNames(_ fields: [String: JSONValue], path: String, record: Int, file: String, query: Query) throws {
        if FieldName.mayRepeatIgnoringCase(fields.keys) {
            var seen: [String: String] = [:]
            for key in fields.keys.sorted() {
                if let other = seen.updateValue(key, forKey: key.lowercased()) {
                    throw ExportParseError(
                        file: file,
                        problem: "record \(record) holds the field \(path)\(other) twice (as \"\(other)\" and \"\(key)\"; Salesforce field names ignore case)",
                        hint: "the file was edited by hand or damaged: export it again")
                }
            }
        }
        let relationships = fields.filter { if case .object = $0.value { $0.key != "attributes" } else { false } }
        for key in relationships.keys.sorted() {
            if case .object(let nested)? = fields[key] {
                try checkFieldNames(nested, path: path + key + ".", record: record, file: file, query: query)
            }
        }
    }

    /// `done` must be a boolean and `totalSize` a whole number when present; a complete result (`done` true)
    /// whose `totalSize` disagrees with its records was cut or edited, and an incomplete one lacks pages.
    private static func checkCompleteness(_ body: JSONValue, count: Int, file: String, query: Query) throws {
        var done: Bool?
        switch body["done"] {
        case nil: break
        case .bool(let flag)?: done = flag
        case let other?:
            throw ExportParseError(
                file: file, problem: "\"done\" is \(other.kind), expected true or false", hint: query.hint)
        }
        var totalSize: Int?
        switch body["totalSize"] {
        case nil: break
        case .number(let number)? where number >= 0 && number == number.rounded() && number < 1e15: totalSize = Int(number)
        case let other?:
            throw ExportParseError(
                file: file, problem: "\"totalSize\" is \(other.kind), expected a whole number of records", hint: query.hint)
        }
        if done == false {
            throw ExportParseError(
                file: file, problem: "the query result is incomplete (\"done\" is false: \(count) records of \(totalSize.map(String.init) ?? "an unknown number"))",
                hint: "fetch every page (follow nextRecordsUrl, or use `sf data query --json`, which does) and save all records in one result")
        }
        if let totalSize, totalSize != count {
            throw ExportParseError(
                file: file,
                problem: "\"totalSize\" says \(totalSize) records but the file holds \(count); the file was cut short or edited",
                hint: "export it again and save the whole result (`sf data query --json` fetches every page)")
        }
    }

    /// Unwraps the CLI envelope and recognises REST error bodies.
    private static func queryBody(_ root: JSONValue, file: String, query: Query) throws -> JSONValue {
        switch root {
        case .object(let members) where members["records"] == nil && members["result"] != nil:
            if case .number(let status)? = members["status"], status != 0 {
                let message = members["message"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? "no message"
                throw ExportParseError(
                    file: file, problem: "the Salesforce CLI reported an error (status \(Int(status)): \(message)), not a query result",
                    hint: query.hint)
            }
            return members["result"] ?? .null
        case .array(let items) where items.contains(where: { $0["errorCode"] != nil }):
            let errors = items.compactMap { item -> String? in
                guard case .string(let code)? = item["errorCode"] else { return nil }
                if case .string(let message)? = item["message"] { return "\(code): \(message)" }
                return code
            }
            throw ExportParseError(
                file: file, problem: "the file holds a Salesforce error response (\(errors.joined(separator: "; "))), not a query result",
                hint: query.hint)
        default:
            return root
        }
    }
}

/// One record of a query result, with typed access to its fields by API name or relationship path.
struct SOQLRecord {
    var file: String
    /// 1-based position in the file's records list.
    var number: Int
    var fields: [String: JSONValue]
    var hint: String

    /// "audit-trail.json record 3", for evidence lines.
    var origin: String { "\(file) record \(number)" }

    /// The value at "Email" or "Profile.Name"; nil when missing, null, or under a null relationship. A relationship
    /// that is neither an object nor null ("Profile": "Admin") is a wrong type, not a missing value.
    /// Names are matched exactly first, then case-insensitively.
    func value(_ path: String) throws -> JSONValue? {
        if !path.utf8.contains(UInt8(ascii: ".")) {  // most reads: one field, no relationship
            guard let value = FieldName.lookup(path, in: fields) else { return nil }
            return value == .null ? nil : value
        }
        var current: [String: JSONValue] = fields
        let names = path.split(separator: ".").map(String.init)
        for (position, name) in names.enumerated() {
            guard let next = FieldName.lookup(name, in: current) else { return nil }
            if position == names.count - 1 { return next == .null ? nil : next }
            switch next {
            case .object(let members): current = members
            case .null: return nil
            default: throw wrongType(names[...position].joined(separator: "."), expected: "a related record (an object) or null", found: next)
            }
        }
        return nil
    }

    /// Text that may be null but must be in the record: for fields where null means something ("no restriction"),
    /// so a file that lacks the field is refused rather than read as that meaning.
    func selectedString(_ path: String) throws -> String? {
        guard isPresent(path) else {
            throw ExportParseError(
                file: file, problem: "record \(number) has no \(path) field; null would mean \"none\", but a missing field means the query did not select it",
                hint: hint)
        }
        return try string(path)
    }

    /// Whether the record holds `path` at all, null included.
    func isPresent(_ path: String) -> Bool {
        var current: [String: JSONValue] = fields
        let names = path.split(separator: ".").map(String.init)
        for (position, name) in names.enumerated() {
            guard let next = FieldName.lookup(name, in: current) else { return false }
            if position == names.count - 1 { return true }
            guard case .object(let members) = next else { return false }
            current = members
        }
        return false
    }

    func string(_ path: String) throws -> String? {
        switch try value(path) {
        case nil: return nil
        case .string(let text)?: return text
        // A number, a boolean or an object where Salesforce writes text means the file is not what it claims.
        case let other?: throw wrongType(path, expected: "text", found: other)
        }
    }

    /// A Salesforce record Id: 15 or 18 letters and digits. Anything else in an Id field ("false", "-1") is damage,
    /// not a reference: believing it would, say, make a user with a `ContactId` an Experience Cloud user.
    func recordId(_ path: String) throws -> String? {
        guard let text = try string(path) else { return nil }
        let isLetterOrDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        guard [15, 18].contains(text.utf8.count), text.utf8.allSatisfy(isLetterOrDigit) else {
            throw ExportParseError(
                file: file, problem: "record \(number) field \(path) is \"\(text.prefix(40))\", not a Salesforce Id (15 or 18 letters and digits)",
                hint: hint)
        }
        return text
    }

    func bool(_ path: String) throws -> Bool? {
        switch try value(path) {
        case nil: return nil
        case .bool(let flag)?: return flag
        // "true" in quotes is not Salesforce's JSON: guessing its meaning would believe damaged evidence.
        case let other?: throw wrongType(path, expected: "true or false", found: other)
        }
    }

    func int(_ path: String) throws -> Int? {
        switch try value(path) {
        case nil: return nil
        case .number(let number)? where number == number.rounded() && abs(number) < 1e15: return Int(number)
        case let other?: throw wrongType(path, expected: "a whole number", found: other)
        }
    }

    func date(_ path: String) throws -> Date? {
        guard let text = try string(path) else { return nil }
        guard let date = SalesforceDate.parse(text) else {
            throw ExportParseError(
                file: file, problem: "record \(number) field \(path) is \"\(text)\", not a Salesforce date-time like 2026-11-22T09:30:00.000+0000",
                hint: hint)
        }
        return date
    }

    func required<T>(_ path: String, _ read: (String) throws -> T?) throws -> T {
        if let value = try read(path) { return value }
        let id = (try? string("Id")).flatMap { $0 }.map { " (Id \($0))" } ?? ""
        throw ExportParseError(
            file: file, problem: "record \(number)\(id) has no \(path) (the field is missing or null)", hint: hint)
    }

    func requiredString(_ path: String) throws -> String {
        let text = try required(path, string)
        // A visible ASCII first character settles it without Foundation (millions of fields in an org bundle).
        if let first = text.utf8.first, (0x21..<0x7F).contains(first) { return text }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ExportParseError(file: file, problem: "record \(number) has an empty \(path)", hint: hint)
        }
        return text
    }

    fileprivate func wrongType(_ path: String, expected: String, found: JSONValue) -> ExportParseError {
        ExportParseError(
            file: file, problem: "record \(number) field \(path) is \(found.kind), expected \(expected)", hint: hint)
    }
}

/// Salesforce API names are ASCII and ignore case.
enum FieldName {
    /// The field `name` exactly, else ignoring ASCII case.
    static func lookup(_ name: String, in fields: [String: JSONValue]) -> JSONValue? {
        if let exact = fields[name] { return exact }
        return fields.first(where: { equalIgnoringCase($0.key, name) })?.value
    }

    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { fold($0) == fold($1) }
    }

    /// FNV-1a over the bytes with ASCII letters folded to lower case: equal ignoring case gives equal hashes.
    static func foldedHash(_ name: String) -> UInt64 {
        name.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64(fold($1))) &* 0x100_0000_01b3 }
    }

    /// False only when no two names can be equal ignoring case: all ASCII, and no two fold to the same hash (a
    /// cheap first look, as an org bundle has millions of records; true sends the caller to the full comparison).
    static func mayRepeatIgnoringCase(_ names: some Collection<String>) -> Bool {
        var folded: [UInt64] = []
        folded.reserveCapacity(names.count)
        for name in names {
            if name.utf8.contains(where: { $0 >= 0x80 }) { return true }
            folded.append(foldedHash(name))
        }
        folded.sort()
        return zip(folded, folded.dropFirst()).contains(where: { $0 == $1 })
    }

    private static func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
