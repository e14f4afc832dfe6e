import Foundation

public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, markdown
}

public struct RenderOptions: Sendable, Equatable {
    /// ANSI colour; the command line turns it on for a TTY without NO_COLOR.
    public var color: Bool
    /// Mask personal data (`--redact`).
    public var redact: Bool
    /// Write 0 for every duration, so snapshots do not change between runs.
    public var stableTimings: Bool

    public init(color: Bool = false, redact: Bool = false, stableTimings: Bool = false) {
        self.color = color; self.redact = redact; self.stableTimings = stableTimings
    }
}

/// One output format. One per file, each with the identifier `--format` takes.
protocol ReportFormatter: Sendable {
    static var identifier: String { get }
    static func format(_ report: Report, options: RenderOptions) -> String
}

public enum ReportRenderer {
    static let formatters: [any ReportFormatter.Type] = [TextReportFormatter.self, JSONReportFormatter.self, MarkdownReportFormatter.self]

    public static func render(_ report: Report, format: ReportFormat, options: RenderOptions = RenderOptions()) -> String {
        var prepared = options.redact ? report.redacted() : report
        if options.stableTimings {
            for index in prepared.checks.indices { prepared.checks[index].durationMs = 0 }
        }
        let formatter = formatters.first { $0.identifier == format.rawValue } ?? TextReportFormatter.self
        return formatter.format(prepared, options: options)
    }
}

extension Report {
    /// The first line of every format: what the admin should take away.
    var headline: String {
        switch verdict {
        case .causeFound:
            return "Cause found: \(topFinding?.title ?? "see the findings below")"
        case .incomplete:
            let missing = checks.filter { $0.matters && $0.status == .unknown }.count
            return "Incomplete: no cause found, but \(missing) check\(missing == 1 ? "" : "s") that matter\(missing == 1 ? "s" : "") could not run"
        case .noCauseFound:
            // Salesforce's side is clean; when the log shows delivery, say where to look instead.
            if let delivered = findings.first(where: { $0.code == .logDelivered && !$0.moot }) {
                return "No cause found in Salesforce: \(delivered.title)"
            }
            return "No cause found: every check that matters ran and found nothing wrong"
        }
    }

    var orgDescription: String? {
        guard org.name != nil || org.id != nil else { return nil }
        var text = org.name ?? org.id ?? ""
        if org.name != nil, let id = org.id { text += " (\(id))" }
        if org.isSandbox == true { text += ", sandbox" }
        return text
    }

    /// ISO 8601 in UTC, to the second.
    var generatedForText: String { generatedFor.formatted(.iso8601) }
}

extension Report {
    /// "<title> (user.integration-user, finding 3)" for each caution on the remedy of `finding`.
    func cautionNotes(for finding: ReportFinding) -> [String] {
        finding.cautions.compactMap { code in
            findings.first { $0.code == code && $0.role == .caution }.map { "\($0.title) (\(code.rawValue), finding \($0.rank))" }
        }
    }
}

extension ReportFinding {
    /// "moot because user.inactive", or nil.
    var mootNote: String? {
        guard moot else { return nil }
        return "moot because \(mootBecause?.rawValue ?? "a higher-ranked cause")"
    }
}
