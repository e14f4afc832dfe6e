import Foundation

/// `--format json`: the report as `resetdoctor.report/1`, keys sorted, dates ISO 8601 in UTC.
enum JSONReportFormatter: ReportFormatter {
    static let identifier = "json"

    static func format(_ report: Report, options: RenderOptions) -> String {
        encoded(report, schema: Report.currentSchema)
    }

    /// A document as every JSON output of resetdoctor writes it: keys sorted, pretty, dates ISO 8601 in UTC.
    static func encoded(_ value: some Encodable, schema: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            // Every value in a report is encodable; this answers in the same schema should that ever change.
            return "{\n  \"error\" : \"the document could not be encoded: \(error)\",\n  \"schema\" : \"\(schema)\"\n}\n"
        }
    }

    /// Reads a report written by `format`, for tests and tools that post-process reports.
    static func decode(_ text: String) throws -> Report {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Report.self, from: Data(text.utf8))
    }
}

extension Report {
    /// Reads a report from its JSON form.
    public static func fromJSON(_ text: String) throws -> Report { try JSONReportFormatter.decode(text) }
}
