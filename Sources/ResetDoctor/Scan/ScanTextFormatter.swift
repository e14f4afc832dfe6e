import Foundation

/// `--format text`: the summary first (how many users can receive a reset, how many cannot and why, the worst
/// domains), then org-wide causes, then the users who need action grouped by cause with the remedy once per group.
enum ScanTextFormatter: ScanFormatter {
    static let identifier = "text"
    /// Users listed per group; `--format csv` lists them all.
    static let usersPerGroup = 20
    static let domainsShown = 10

    static func format(_ report: ScanReport, options: RenderOptions) -> String {
        let paint = Paint(enabled: options.color)
        let summary = report.summary
        var out: [String] = []
        let headline = "\(count(summary.users, "user")) scanned: \(summary.ok) can receive a reset email, \(summary.blocked) cannot, "
            + "\(summary.warning) may not, \(summary.unknown) unknown"
        out += wrap(headline, "").map { paint.bold($0, summary.blocked > 0 ? .red : summary.warning + summary.unknown > 0 ? .yellow : .green) }
        var context = "As of: \(report.asOf.formatted(.iso8601)) · Purpose: \(report.purpose.rawValue)"
        if let org = report.org.name ?? report.org.id { context = "Org: \(org)\(report.org.isSandbox == true ? " (sandbox)" : "") · " + context }
        out += wrap(context, "  ")
        out += wrap(report.dnsSource.line, "  ")
        for note in report.notes { out += wrap("Note: \(note)", "  ") }

        if !summary.byCode.isEmpty {
            out += ["", paint.bold("Why")]
            for (code, users) in summary.byCode.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                out.append("  \(pad(count(users, "user"), 12)) \(code)")
            }
        }

        let orgCauses = report.orgFindings.filter(\.isCause)
        if !orgCauses.isEmpty || !report.orgUnknown.isEmpty {
            out += ["", paint.bold("Org-wide (every user)")]
            for finding in orgCauses {
                out += wrap("\(finding.severity.rawValue.uppercased()) · \(finding.confidence.rawValue) · \(finding.code.rawValue): \(finding.title)", "  ", hanging: "      ")
                if let remedy = report.remedies[finding.code.rawValue] { out += wrap("Fix: \(remedy.title)", "      ") }
            }
            for check in report.orgUnknown {
                out += wrap("UNKNOWN · \(check.id): \(check.reason)", "  ", hanging: "      ").map { paint.color($0, .magenta) }
            }
        }

        // A purpose's runbook is what its admin came for: it comes before the general sections.
        for group in report.groups { out += purposeGroup(group, report: report, paint: paint) }

        let badDomains = report.domains.filter { $0.status != .ok }
        out += ["", paint.bold("Worst domains")]
        if badDomains.isEmpty {
            out.append("  every one of the \(count(report.domains.count, "recipient domain")) receives mail with nothing found")
        }
        for domain in badDomains.prefix(domainsShown) {
            out.append("  \(pad(domain.domain.isEmpty ? "(no domain)" : domain.domain, 28)) \(pad(count(domain.users, "user"), 10)) \(pad(domain.status.rawValue, 8)) \(domain.codes.map(\.rawValue).joined(separator: " "))")
        }
        if badDomains.count > domainsShown { out.append("  … and \(badDomains.count - domainsShown) more (--format json lists every domain)") }

        out += actionGroups(report, orgCauses: Set(orgCauses.map(\.code)), paint: paint)
        return out.joined(separator: "\n") + "\n"
    }

    /// Users who need action, grouped by their own first cause (org-wide causes are said once above).
    static func actionGroups(_ report: ScanReport, orgCauses: Set<FindingCode>, paint: Paint) -> [String] {
        var groups: [FindingCode: [ScanUser]] = [:]
        var unknown: [ScanUser] = []
        for user in report.users {
            if let cause = user.codes.first(where: { !orgCauses.contains($0) && $0.defaultRole == .cause }), user.status == .blocked || user.status == .warning {
                groups[cause, default: []].append(user)
            } else if user.status == .unknown {
                unknown.append(user)
            }
        }
        guard !groups.isEmpty || !unknown.isEmpty else { return ["", paint.bold("Users who need action: none")] }
        var out = ["", paint.bold("Users who need action, by cause")]
        for (code, users) in groups.sorted(by: { ($0.key.defaultSeverity, $0.value.count, $1.key) > ($1.key.defaultSeverity, $1.value.count, $0.key) }) {
            out.append("")
            out += wrap("\(code.rawValue) · \(count(users.count, "user"))", "  ").map { paint.bold($0, code.defaultSeverity == .blocker ? .red : .yellow) }
            out += wrap(code.meaning, "    ")
            if let remedy = report.remedies[code.rawValue] {
                out += wrap("Fix: \(remedy.title)", "    ")
                if let step = remedy.steps.first { out += wrap("1. \(step.text)", "      ", hanging: "   ") }
            }
            out += userLines(users)
        }
        if !unknown.isEmpty {
            out.append("")
            out += wrap("unknown · \(count(unknown.count, "user")): a check that matters could not run", "  ").map { paint.bold($0, .magenta) }
            out += userLines(unknown, detail: { $0.unknown.first })
        }
        return out
    }

    static func purposeGroup(_ group: ScanGroup, report: ScanReport, paint: Paint) -> [String] {
        var out = ["", paint.bold("\(group.title) (\(group.users.count))")]
        guard !group.users.isEmpty else { return out + ["    none"] }
        out += wrap(group.advice, "    ")
        let byId = Dictionary(report.users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        out += userLines(group.users.compactMap { byId[$0] }, detail: { $0.codes.isEmpty ? nil : $0.codes.map(\.rawValue).joined(separator: " ") })
        return out
    }

    static func userLines(_ users: [ScanUser], detail: (ScanUser) -> String? = { _ in nil }) -> [String] {
        var out = users.prefix(usersPerGroup).flatMap { user in
            wrap("- \(user.username) <\(user.email)>" + (detail(user).map { " · \($0)" } ?? ""), "    ", hanging: "  ")
        }
        if users.count > usersPerGroup { out.append("    … and \(users.count - usersPerGroup) more (--format csv lists every user)") }
        return out
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
    static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
    static func wrap(_ text: String, _ indent: String, hanging: String = "") -> [String] {
        TextReportFormatter.wrap(text, indent: indent, hanging: hanging)
    }
}
