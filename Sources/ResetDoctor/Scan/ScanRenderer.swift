import Foundation
import SharedBasics

public enum ScanFormat: String, Sendable, CaseIterable {
    case text, json, csv
}

/// One scan output format, one per file, each with the identifier `--format` takes.
protocol ScanFormatter: Sendable {
    static var identifier: String { get }
    static func format(_ report: ScanReport, options: RenderOptions) -> String
}

public enum ScanRenderer {
    static let formatters: [any ScanFormatter.Type] = [ScanTextFormatter.self, ScanJSONFormatter.self, ScanCSVFormatter.self]

    public static func render(_ report: ScanReport, format: ScanFormat, options: RenderOptions = RenderOptions()) -> String {
        let formatter = formatters.first { $0.identifier == format.rawValue } ?? ScanTextFormatter.self
        return formatter.format(options.redact ? report.redacted() : report, options: options)
    }
}

/// `--format json`: `resetdoctor.scan/1`, keys sorted, dates ISO 8601 in UTC.
enum ScanJSONFormatter: ScanFormatter {
    static let identifier = "json"

    static func format(_ report: ScanReport, options: RenderOptions) -> String {
        encoded(report, usersPerPart: 5_000)
    }

    /// The users list is nearly all of a big scan's JSON, and JSONEncoder is single-threaded: its parts are encoded
    /// on all cores and put in place of the empty list, indented one level deeper. Byte for byte the same text as
    /// encoding the whole report at once (a test holds it to that).
    static func encoded(_ report: ScanReport, usersPerPart: Int) -> String {
        var rest = report
        rest.users = []
        let head = JSONReportFormatter.encoded(rest, schema: ScanReport.currentSchema)
        // "users" sorts last of the report's keys, so the empty list ends the text.
        let emptyUsers = "\"users\" : [\n\n  ]\n}\n"
        guard report.users.count > usersPerPart, head.hasSuffix(emptyUsers) else {
            return JSONReportFormatter.encoded(report, schema: ScanReport.currentSchema)
        }
        let parts = stride(from: 0, to: report.users.count, by: usersPerPart).map {
            Array(report.users[$0..<min($0 + usersPerPart, report.users.count)])
        }
        let texts = Locked([String?](repeating: nil, count: parts.count))
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            // "[\n  {…},\n  {…}\n]\n": the items' lines, each two spaces deeper (an empty list's blank line stays blank).
            let list = Array(JSONReportFormatter.encoded(parts[index], schema: ScanReport.currentSchema).utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(list.count + list.count / 4)
            var atLineStart = true
            for byte in list.dropFirst(2).dropLast(3) {
                if atLineStart && byte != UInt8(ascii: "\n") { bytes += [0x20, 0x20] }
                bytes.append(byte)
                atLineStart = byte == UInt8(ascii: "\n")
            }
            let items = String(decoding: bytes, as: UTF8.self)
            texts.withLock { $0[index] = items }
        }
        return head.dropLast(emptyUsers.count) + "\"users\" : [\n" + texts.get().map { $0 ?? "" }.joined(separator: ",\n") + "\n  ]\n}\n"
    }
}

extension ScanReport {
    /// Reads a scan written as JSON (`reset --from-scan`, tools that post-process scans).
    public static func fromJSON(_ data: Data) throws -> ScanReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ScanReport.self, from: data)
    }
}

/// `--format csv`: one row a user, `Id,Username,Email,Status,Codes` (codes separated by spaces), RFC 4180 quoting.
enum ScanCSVFormatter: ScanFormatter {
    static let identifier = "csv"

    static func format(_ report: ScanReport, options: RenderOptions) -> String {
        var out = "Id,Username,Email,Status,Codes\r\n"
        for user in report.users {
            let fields = [user.id, user.username, user.email, user.status.rawValue, user.codes.map(\.rawValue).joined(separator: " ")]
            out += fields.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
