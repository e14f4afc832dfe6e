import Foundation

/// Any JSON value, read without a schema so the SOQL reader can walk nested relationship objects and tell
/// "missing", "null" and "wrong type" apart; booleans and numbers stay distinct. The Salesforce simulator serves
/// its records in this type too (read strictly, written with `Encodable`).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Reads a whole file strictly (`StrictJSONReader`): malformed JSON, a key that appears twice in one object,
    /// or nesting deeper than `StrictJSONReader.maximumDepth` become an ExportParseError with `hint`.
    static func parse(_ data: Data, file: String, hint: String, streaming: StrictJSONReader.Streaming? = nil) throws -> JSONValue {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ExportParseError(file: file, problem: "the file is empty", hint: hint)
        }
        do {
            return try StrictJSONReader.read(data, streaming: streaming)
        } catch let error as StrictJSONReader.Failure {
            switch error.kind {
            case .syntax(let problem):
                throw ExportParseError(
                    file: file, line: error.line, problem: "the file is not valid JSON (\(problem) at line \(error.line), column \(error.column))",
                    hint: hint)
            case .duplicateKey(let key, let path):
                throw ExportParseError(
                    file: file, line: error.line,
                    problem: "the key \"\(key)\" appears twice in \(path.isEmpty ? "the top-level object" : path) (line \(error.line), column \(error.column)); which one is meant cannot be told",
                    hint: "a JSON object holds each key once, so the file was edited by hand or damaged: export it again")
            case .tooDeep:
                throw ExportParseError(
                    file: file, line: error.line,
                    problem: "the JSON nests deeper than \(StrictJSONReader.maximumDepth) levels (line \(error.line), column \(error.column)); no Salesforce export does",
                    hint: hint)
            }
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

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}

/// A small strict RFC 8259 reader. Why not JSONDecoder or JSONSerialization: both keep one of two equal keys
/// without a word (so `{"IsActive":false,"IsActive":true}` would be believed), and neither bounds nesting
/// before it recurses. This one refuses duplicate keys (naming the key path), caps depth at `maximumDepth`
/// (so deep nesting cannot overflow the stack), and reports line and column for every error.
struct StrictJSONReader {
    /// Salesforce records nest a relationship or two (`CreatedBy.Profile.Name`); 64 is far beyond any export.
    static let maximumDepth = 64

    struct Failure: Error {
        enum Kind { case syntax(String), duplicateKey(String, path: String), tooDeep }
        var kind: Kind
        var line: Int
        var column: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// The keys and indexes leading to the value being read, for "records[2].Profile" (text only on error).
    private enum PathPart { case key(String), index(Int) }
    private var path: [PathPart] = []

    /// Hands the items of the lists at `paths` (each a list of keys from the top) to `take` one by one, as read, instead
    /// of keeping them: a query result's records become typed values without the whole tree in memory at once.
    /// Those lists read as empty in the value returned.
    struct Streaming {
        var paths: [[String]]
        var take: (_ path: Int, _ item: JSONValue) -> Void
    }
    private var streaming: Streaming?

    static func read(_ data: Data, streaming: Streaming? = nil) throws -> JSONValue {
        var reader = StrictJSONReader(bytes: [UInt8](data))
        reader.streaming = streaming
        // A UTF-8 byte order mark is harmless; Windows tools write one.
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        reader.skipWhitespace()
        let value = try reader.value()
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.syntax("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var pathText: String {
        path.reduce("") { text, part in
            switch part {
            case .index(let index): text + "[\(index)]"
            case .key(let key): text.isEmpty ? key : text + "." + key
            }
        }
    }

    private func failure(_ kind: Failure.Kind, at position: Int? = nil) -> Failure {
        let end = min(position ?? index, bytes.count)
        var line = 1, lineStart = 0
        for offset in 0..<end where bytes[offset] == 0x0A { line += 1; lineStart = offset + 1 }
        return Failure(kind: kind, line: line, column: end - lineStart + 1)
    }

    private func syntax(_ problem: String, at position: Int? = nil) -> Failure { failure(.syntax(problem), at: position) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func describeNext() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        return byte >= 0x21 && byte < 0x7F ? "\"\(Character(UnicodeScalar(byte)))\"" : String(format: "byte 0x%02X", byte)
    }

    private mutating func value() throws -> JSONValue {
        guard index < bytes.count else { throw syntax("the file ends where a value should start") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try nested { try $0.object() }
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw syntax("expected a value, found \(describeNext())")
        }
    }

    private mutating func nested(_ read: (inout StrictJSONReader) throws -> JSONValue) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure(.tooDeep) }
        depth += 1
        defer { depth -= 1 }
        return try read(&self)
    }

    private mutating func object() throws -> JSONValue {
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntax("expected a key in quotes, found \(describeNext())")
            }
            let keyStart = index
            let key = try string()
            if members[key] != nil { throw failure(.duplicateKey(key, path: pathText), at: keyStart) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw syntax("expected \":\" after the key \"\(key)\", found \(describeNext())")
            }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            members[key] = try value()
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw syntax("the file ends inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw syntax("expected \",\" or \"}\" in an object, found \(describeNext())")
            }
        }
    }

    /// The index in `streaming.paths` of the list being read, if it is streamed.
    private var streamedPath: Int? {
        streaming?.paths.firstIndex { keys in
            keys.count == path.count && zip(keys, path).allSatisfy { if case .key(let key) = $1 { key == $0 } else { false } }
        }
    }

    private mutating func array() throws -> JSONValue {
        index += 1  // [
        var items: [JSONValue] = []
        let streamed = streamedPath
        var count = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            path.append(.index(count))
            let item = try value()
            if let streamed { streaming?.take(streamed, item) } else { items.append(item) }
            count += 1
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw syntax("the file ends inside a list") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw syntax("expected \",\" or \"]\" in a list, found \(describeNext())")
            }
        }
    }

    private mutating func literal(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw syntax("expected a value, found \(describeNext())")
        }
        index += utf8.count
    }

    private mutating func number() throws -> Double {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw syntax("a number needs digits", at: start) }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw syntax("a number may not start with 0", at: start) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw syntax("a number needs digits after its decimal point", at: start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw syntax("a number needs digits in its exponent", at: start) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw syntax("the number \(text) is out of range", at: start) }
        return value
    }

    private mutating func string() throws -> String {
        if let plain = plainString() { return plain }
        return try escapedString()
    }

    /// Most text holds no escape: found whole, it becomes a String in one step (an org bundle holds millions).
    /// Nil, with nothing consumed, when an escape comes first.
    private mutating func plainString() -> String? {
        let contentStart = index + 1
        var end = contentStart
        var ascii = true
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") { return nil }
            if byte < 0x20 { return nil }  // the full reader names the error
            if byte >= 0x80 { ascii = false }
            end += 1
        }
        guard end < bytes.count else { return nil }
        let text: String
        if ascii {
            text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[contentStart..<end]), as: UTF8.self) }
        } else {
            guard let valid = String(validating: bytes[contentStart..<end], as: UTF8.self) else { return nil }
            text = valid
        }
        index = end + 1
        return text
    }

    private mutating func escapedString() throws -> String {
        let start = index
        index += 1  // "
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun() throws {
            guard runStart < index else { return }
            guard let text = String(validating: bytes[runStart..<index], as: UTF8.self) else {
                throw syntax("text that is not valid UTF-8", at: runStart)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw syntax("a text value is not closed (its quote has no end)", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flushRun()
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw syntax("a control character (byte 0x\(String(byte, radix: 16))) inside text; it must be escaped") }
            if byte != UInt8(ascii: "\\") { index += 1; continue }
            try flushRun()
            index += 1
            guard index < bytes.count else { throw syntax("a text value is not closed (its quote has no end)", at: start) }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: throw syntax("an unknown escape \\\(Character(UnicodeScalar(escape))) in text", at: index - 2)
            }
            runStart = index
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes. A lone surrogate is an error.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let escapeStart = index - 2
        func hex4() throws -> UInt32 {
            guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw syntax("\\u must be followed by four hex digits", at: escapeStart) }
            index += 4
            return value
        }
        let first = try hex4()
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw syntax("a \\u escape holds half of a surrogate pair", at: escapeStart)
            }
            index += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw syntax("a \\u escape holds half of a surrogate pair", at: escapeStart) }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw syntax("a \\u escape is not a character", at: escapeStart) }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw syntax("a \\u escape holds half of a surrogate pair", at: escapeStart) }
        return scalar
    }
}
