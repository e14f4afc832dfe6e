import Foundation

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
        return formatter.format(report, options: options)
    }
}

/// `--format json`: `resetdoctor.scan/1`, keys sorted, dates ISO 8601 in UTC.
enum ScanJSONFormatter: ScanFormatter {
    static let identifier = "json"

    static func format(_ report: ScanReport, options: RenderOptions) -> String {
        JSONReportFormatter.encoded(report, schema: ScanReport.currentSchema)
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
