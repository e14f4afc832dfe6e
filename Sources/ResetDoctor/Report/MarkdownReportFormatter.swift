import Foundation

/// `--format markdown`: ready to paste into a ticket. A heading with the verdict, a table of findings, the
/// details of each (evidence, steps, docs) and a table of checks. Data is escaped so it cannot break the layout.
enum MarkdownReportFormatter: ReportFormatter {
    static let identifier = "markdown"

    static func format(_ report: Report, options: RenderOptions) -> String {
        var out: [String] = ["## ResetDoctor: \(escape(report.headline))", ""]
        var context = ["**Verdict:** `\(report.verdict.rawValue)`", "**Subject:** \(escape(report.subject))"]
        if let org = report.orgDescription { context.append("**Org:** \(escape(org))") }
        context.append("**As of:** \(report.generatedForText)")
        out.append(context.joined(separator: " · "))
        if let user = TextReportFormatter.userLine(report.user) {
            out += ["", "**User:** " + escape(String(user.dropFirst("User: ".count)))]
        }
        out += ["", "**DNS:** " + escape(String(report.dnsSource.line.dropFirst("DNS: ".count)))]
        out.append("")

        out.append("### Findings")
        out.append("")
        if report.findings.isEmpty {
            out += ["No findings.", ""]
        } else {
            out.append("| # | Severity | Confidence | Role | Code | Finding | Remediation |")
            out.append("|---:|---|---|---|---|---|---|")
            for finding in report.findings {
                var title = cell(finding.title)
                if let note = finding.mootNote { title += " *(\(escape(note)))*" }
                out.append("| \(finding.rank) | \(finding.severity.rawValue) | \(finding.confidence.rawValue) | \(finding.role.rawValue) | `\(finding.code.rawValue)` | \(title) | \(cell(finding.remediation?.title ?? "none")) |")
            }
            out.append("")
            for finding in report.findings { out += details(finding, cautions: report.cautionNotes(for: finding)) }
        }

        out.append("### Checks")
        out.append("")
        let counts = report.summary
        out.append("\(counts.fail) fail, \(counts.warn) warn, \(counts.pass) pass, \(counts.unknown) unknown, \(counts.skipped) skipped")
        out.append("")
        if !report.checks.isEmpty {
            out.append("| Status | Check | Reason |")
            out.append("|---|---|---|")
            for check in report.checks {
                let reason = check.status == .unknown ? "could not check: \(check.reason)" : check.reason
                let status = check.status == .unknown || check.status == .fail ? "**\(check.status.rawValue)**" : check.status.rawValue
                out.append("| \(status) | `\(check.id)` | \(cell(reason)) |")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func details(_ finding: ReportFinding, cautions: [String] = []) -> [String] {
        var out = ["#### \(finding.rank). \(escape(finding.title))", ""]
        var meta = "*\(finding.severity.rawValue) · \(finding.confidence.rawValue) · \(finding.role.rawValue) · `\(finding.code.rawValue)`"
        if !finding.check.isEmpty { meta += " · check `\(finding.check)`" }
        meta += "*"
        if let note = finding.mootNote { meta += " · **\(escape(note))**" }
        out += [meta, ""]
        if !finding.evidence.isEmpty {
            out.append("Evidence:")
            out.append("")
            out += finding.evidence.map { "- \(escape($0.source)): \(escape($0.text))" }
            out.append("")
        }
        if let remediation = finding.remediation {
            out += ["**Fix:** \(escape(remediation.title))", ""]
            for (index, step) in remediation.steps.enumerated() {
                var line = "\(index + 1). \(escape(step.text))"
                if let classic = step.classic { line += " (Classic: \(escape(classic)))" }
                out.append(line)
            }
            out.append("")
            if remediation.action == .reset {
                out += ["Once fixed, re-send the reset with `resetdoctor reset`.", ""]
            }
            out += cautions.flatMap { ["**Caution:** \(escape($0))", ""] }
            if !remediation.docs.isEmpty {
                out.append("Docs: " + remediation.docs.map { "[\(escape($0.title))](\(linkTarget($0.url)))" }.joined(separator: " · "))
                out.append("")
            }
        }
        return out
    }

    /// Escapes Markdown specials so data shows as written: backslash first, then the rest.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "{", "}", "!":
                out.append("\\"); out.append(character)
            case "\n", "\r": out.append(" ")
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell: escaped, on one line.
    static func cell(_ text: String) -> String { escape(text) }

    /// Keeps a URL from closing the link early.
    static func linkTarget(_ url: String) -> String {
        url.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
    }
}
