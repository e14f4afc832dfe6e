import Foundation

/// `--format text`: for a person at a terminal. Verdict first, then the ranked findings with evidence and steps,
/// then a compact table of checks. Lines stay within `width` where words allow.
enum TextReportFormatter: ReportFormatter {
    static let identifier = "text"
    static let width = 100

    static func format(_ report: Report, options: RenderOptions) -> String {
        let paint = Paint(enabled: options.color)
        var out: [String] = []
        let verdictColor: Paint.Color = switch report.verdict {
        case .causeFound: .red
        case .incomplete: .yellow
        case .noCauseFound: .green
        }
        out += wrap(report.headline, indent: "").map { paint.bold($0, verdictColor) }
        out += wrap("Subject: \(report.subject) · As of: \(report.generatedForText)", indent: "  ")
        if let org = report.orgDescription { out += wrap("Org: \(org)", indent: "  ") }
        if let user = userLine(report.user) { out += wrap(user, indent: "  ") }
        out += wrap(report.dnsSource.line, indent: "  ")

        out.append("")
        if report.findings.isEmpty {
            out.append(paint.bold("Findings: none"))
        } else {
            out.append(paint.bold("Findings (\(report.findings.count))"))
            for finding in report.findings { out += findingLines(finding, subject: report.subject, paint: paint, in: report) }
        }

        out.append("")
        let counts = report.summary
        out.append(paint.bold("Checks: \(counts.fail) fail, \(counts.warn) warn, \(counts.pass) pass, \(counts.unknown) unknown, \(counts.skipped) skipped"))
        out += checkTable(report.checks, paint: paint)
        let unknownThatMatter = report.checks.filter { $0.matters && $0.status == .unknown }
        if !unknownThatMatter.isEmpty {
            out.append("")
            let ids = unknownThatMatter.map(\.id).joined(separator: ", ")
            let count = unknownThatMatter.count
            out += wrap("\(count) check\(count == 1 ? "" : "s") that matter\(count == 1 ? "s" : "") could not run: \(ids). "
                        + "Add the missing evidence and run again.", indent: "  ").map { paint.color($0, .magenta) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func userLine(_ user: UserSummary) -> String? {
        guard user.username != nil || user.email != nil || user.name != nil else { return nil }
        var parts: [String] = []
        if let name = user.name { parts.append(name) }
        if let email = user.email { parts.append("<\(email)>") }
        var ids = [user.username, user.id].compactMap { $0 }
        if ids.first == user.email { ids.removeFirst() }
        if !ids.isEmpty { parts.append("(\(ids.joined(separator: ", ")))") }
        return "User: " + parts.joined(separator: " ")
    }

    static func findingLines(_ finding: ReportFinding, subject: String, paint: Paint, in report: Report? = nil) -> [String] {
        let severityColor: Paint.Color = switch finding.severity {
        case .blocker: .red
        case .warning: .yellow
        case .info: .cyan
        }
        let number = String("\(finding.rank).".padding(toLength: 4, withPad: " ", startingAt: 0))
        var header = paint.bold(finding.severity.rawValue.uppercased(), severityColor) + " · \(finding.confidence.rawValue) · \(finding.role.rawValue) · \(finding.code.rawValue)"
        if let note = finding.mootNote { header += " · " + paint.dim(note) }
        var lines = ["  " + number + header]
        let body = "      "
        lines += wrap(finding.title, indent: body)
        if !finding.evidence.isEmpty {
            lines.append(body + paint.dim("Evidence:"))
            for line in finding.evidence { lines += wrap("\(line.source): \(line.text)", indent: body + "  ", hanging: "    ") }
        }
        if let remediation = finding.remediation {
            lines += wrap("Fix: \(remediation.title)", indent: body, hanging: "     ").map { paint.bold($0) }
            for (index, step) in remediation.steps.enumerated() {
                let marker = "\(index + 1). "
                let stepIndent = body + "  "
                lines += wrap(marker + step.text, indent: stepIndent, hanging: String(repeating: " ", count: marker.count))
                if let classic = step.classic {
                    lines += wrap("[Classic: \(classic)]", indent: stepIndent + String(repeating: " ", count: marker.count), hanging: " ")
                        .map { paint.dim($0) }
                }
            }
            if remediation.action == .reset {
                let user = subject.contains(" ") ? "\"\(subject)\"" : subject
                lines += wrap("Once fixed, re-send the reset: resetdoctor reset \(user)", indent: body + "  ")
            }
            for caution in report?.cautionNotes(for: finding) ?? [] {
                lines += wrap("Caution: \(caution)", indent: body + "  ", hanging: "  ").map { paint.color($0, .yellow) }
            }
            for doc in remediation.docs {
                lines += wrap("Docs: \(doc.title)", indent: body + "  ")
                lines.append(body + "        " + paint.color(doc.url, .blue))
            }
        }
        return lines
    }

    static func checkTable(_ checks: [ReportCheck], paint: Paint) -> [String] {
        let idWidth = min(checks.map(\.id.count).max() ?? 0, 32)
        let statusWidth = 8
        return checks.flatMap { check -> [String] in
            let statusColor: Paint.Color = switch check.status {
            case .fail: .red
            case .warn: .yellow
            case .pass: .green
            case .unknown: .magenta
            case .skipped: .plain
            }
            let status = check.status.rawValue.padding(toLength: statusWidth, withPad: " ", startingAt: 0)
            let id = check.id.count > idWidth ? check.id : check.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let reason = check.status == .unknown ? "could not check: \(check.reason)" : check.reason
            let prefix = "  \(status) \(id)  "
            let wrapped = wrap(reason, indent: "", width: max(width - prefix.count, 30))
            let continuation = String(repeating: " ", count: prefix.count)
            return wrapped.enumerated().map { index, text in
                index == 0 ? "  " + paint.color(status, statusColor) + " \(id)  " + text : continuation + text
            }
        }
    }

    /// Word-wraps `text` to `width`: the first line starts with `indent`, later ones with `indent + hanging`.
    /// A word longer than the line (a URL) stays whole rather than being cut.
    static func wrap(_ text: String, indent: String, hanging: String = "", width: Int = width) -> [String] {
        var lines: [String] = []
        var current = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + hanging
                lineHasWord = false
            }
            current += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(current)
        return lines
    }
}

/// ANSI styling that does nothing when colour is off, so the plain output has no escape bytes at all.
struct Paint {
    enum Color: String { case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36", plain = "" }
    var enabled: Bool

    func color(_ text: String, _ color: Color) -> String {
        guard enabled, color != .plain else { return text }
        return "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m"
    }
    func bold(_ text: String, _ color: Color = .plain) -> String {
        guard enabled else { return text }
        let codes = color == .plain ? "1" : "1;\(color.rawValue)"
        return "\u{1B}[\(codes)m\(text)\u{1B}[0m"
    }
    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
