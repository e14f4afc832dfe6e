import Foundation
import Testing
@testable import ResetDoctor

struct RendererTests {
    typealias F = FakeResults

    /// A report with a cause (user inactive, email change pending, personal evidence, an unknown check).
    static func causeFound() throws -> Report {
        try F.report([
            F.result("user.active", .fail, [Finding(.userInactive, title: "Ada Lovelace (ada@acme.example) is deactivated",
                                                     evidence: [EvidenceLine("user.json", "IsActive = false for ada@acme.example")])]),
            F.result("user.email-change", .fail, [Finding(.userEmailChangePending, title: "Email change pending | old address",
                evidence: [EvidenceLine("audit-trail.json record 2",
                                        "Email change attempted for user Lovelace from ada.lovelace@acme.example to ada@newmail.example",
                                        personal: true),
                           EvidenceLine("audit-trail.json record 2", "changed by admin@acme.example | pipe")])]),
            F.result("log.delivery", .unknown, reason: "no email log file (ask ada.lovelace@acme.example's admin)"),
            F.result("spam", .pass, [F.finding(.generalCheckSpam)], reason: "always"),
        ])
    }

    static func incomplete() throws -> Report {
        try F.report([F.result("user.active", .pass), F.result("log.delivery", .unknown, reason: "no email log")])
    }

    static func noCauseFound() throws -> Report {
        var evidence = Evidence.healthyExample
        evidence.user = .missing(reason: "no user.json")
        evidence.org = nil
        return try F.report([F.result("user.active", .pass)], evidence: evidence)
    }

    static func allReports() throws -> [Report] { [try causeFound(), try incomplete(), try noCauseFound()] }

    static let personal = ["ada.lovelace@acme.example", "ada@acme.example", "Ada Lovelace", "admin@acme.example"]

    // MARK: JSON

    /// Every key path (arrays collapsed to their elements) in a JSON document.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set<String>()) { paths, entry in
                paths.insert(prefix + "." + entry.key)
                paths.formUnion(keyPaths(entry.value, prefix: prefix + "." + entry.key))
            }
        }
        if let array = value as? [Any] {
            return array.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix: prefix + "[]")) }
        }
        return []
    }

    static func json(_ report: Report, _ options: RenderOptions = RenderOptions(stableTimings: true)) throws -> Any {
        let text = ReportRenderer.render(report, format: .json, options: options)
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func jsonShapeDoesNotDependOnTheOutcome() throws {
        let reports = try Self.allReports()
        #expect(reports.map(\.verdict) == [.causeFound, .incomplete, .noCauseFound])
        // Compare top-level and nested object keys; the cause-found report has findings, so compare the keys
        // the others have against it, and check each object kind carries its full set of keys.
        let shapes = try reports.map { Self.keyPaths(try Self.json($0)) }
        let topLevel = shapes.map { $0.filter { !$0.dropFirst().contains(".") && !$0.contains("[]") } }
        #expect(topLevel[0] == topLevel[1] && topLevel[1] == topLevel[2])
        #expect(topLevel[0] == [".checks", ".dnsSource", ".findings", ".generatedFor", ".org", ".schema", ".subject", ".summary", ".user", ".verdict"])
        for shape in shapes { #expect(shape.isSuperset(of: [".dnsSource.kind", ".dnsSource.description", ".dnsSource.problem"])) }
        for shape in shapes.dropFirst() { #expect(shape.isSubset(of: shapes[0]), "\(shape.subtracting(shapes[0]))") }
        #expect(shapes[1] == shapes[2], "incomplete and no-cause-found differ: \(shapes[1].symmetricDifference(shapes[2]))")
        #expect(shapes[0].isSuperset(of: [
            ".findings[].mootBecause", ".findings[].remediation", ".findings[].remediation.action",
            ".findings[].remediation.steps[].classic", ".findings[].evidence[].source", ".user.name", ".org.isSandbox",
        ]))
        let noUser = try #require(try Self.json(Self.noCauseFound()) as? [String: Any])
        let user = try #require(noUser["user"] as? [String: Any])
        #expect(Set(user.keys) == ["id", "username", "email", "name"])
        #expect(user.values.allSatisfy { $0 is NSNull })
    }

    @Test func everyFindingHasTheSameKeysWhetherMootOrNotWithOrWithoutRule() throws {
        var report = try Self.causeFound()
        report.findings[0].remediation = nil
        let object = try #require(try Self.json(report) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let keySets = Set(findings.map { Set($0.keys) })
        #expect(keySets.count == 1)
        #expect(keySets.first == [
            "rank", "code", "severity", "confidence", "title", "check", "role", "cautions", "moot", "mootBecause", "evidence", "remediation",
        ])
    }

    @Test func jsonRoundTripsAndIsStable() throws {
        for report in try Self.allReports() {
            let text = ReportRenderer.render(report, format: .json, options: RenderOptions())
            var decoded = try Report.fromJSON(text)
            #expect(decoded.personalData.isEmpty, "personal data is never encoded")
            decoded.personalData = report.personalData
            #expect(decoded == report)
            #expect(ReportRenderer.render(decoded, format: .json, options: RenderOptions()) == text)
        }
        let text = ReportRenderer.render(try Self.causeFound(), format: .json, options: RenderOptions())
        #expect(text.contains("\"schema\" : \"resetdoctor.report/1\""))
        #expect(text.contains("\"generatedFor\" : \"2026-11-22T09:30:00Z\""))
        #expect(text.contains("https://help.salesforce.com/s/articleView?id="), "slashes are not escaped")
    }

    @Test func stableTimingsWriteZero() throws {
        let report = try Self.causeFound()
        #expect(report.checks.allSatisfy { $0.durationMs == 3 })
        let stable = ReportRenderer.render(report, format: .json, options: RenderOptions(stableTimings: true))
        #expect(stable.contains("\"durationMs\" : 0") && !stable.contains("\"durationMs\" : 3"))
    }

    // MARK: text

    @Test func textStartsWithTheVerdictAndHasNoEscapeBytesWithoutColour() throws {
        let report = try Self.causeFound()
        let plain = ReportRenderer.render(report, format: .text, options: RenderOptions())
        #expect(plain.hasPrefix("Cause found: Ada Lovelace (ada@acme.example) is deactivated\n"))
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.contains("1.  BLOCKER · confirmed · cause · user.inactive"))
        #expect(plain.contains("[Classic: Setup > Administer > Manage Users > Users"))
        #expect(plain.contains("moot because user.inactive"))
        #expect(plain.contains("could not check: no email log file"))
        #expect(plain.contains("https://help.salesforce.com/s/articleView?id=000385234&type=1"))
        let longLines = plain.split(separator: "\n").filter { $0.count > 100 && !$0.contains("https://") }
        #expect(longLines.isEmpty, "\(longLines)")

        let coloured = ReportRenderer.render(report, format: .text, options: RenderOptions(color: true))
        #expect(coloured.contains("\u{1B}["))
    }

    @Test func textHeadlinesForOtherVerdicts() throws {
        let incomplete = ReportRenderer.render(try Self.incomplete(), format: .text, options: RenderOptions())
        #expect(incomplete.hasPrefix("Incomplete: no cause found, but 1 check that matters could not run"))
        #expect(incomplete.contains("Findings: none"))
        let clean = ReportRenderer.render(try Self.noCauseFound(), format: .text, options: RenderOptions())
        #expect(clean.hasPrefix("No cause found"))
        #expect(!clean.contains("User:"))
    }

    // MARK: markdown

    @Test func markdownEscapesPipesAndSpecials() throws {
        let markdown = ReportRenderer.render(try Self.causeFound(), format: .markdown, options: RenderOptions())
        #expect(markdown.hasPrefix("## ResetDoctor: Cause found: "))
        #expect(markdown.contains("| 1 | blocker | confirmed | cause | `user.inactive` |"))
        #expect(markdown.contains("admin@acme.example \\| pipe"))
        #expect(!markdown.contains("admin@acme.example | pipe"))
        #expect(markdown.contains("### Checks"))
        #expect(markdown.contains("| **unknown** | `log.delivery` | could not check: no email log file"))
        // Every table row has the same number of unescaped pipes as its header.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(cells == 8 || cells == 4, "\(line)")
        }
        #expect(MarkdownReportFormatter.escape("a|b*c_d[e]`f\\") == "a\\|b\\*c\\_d\\[e\\]\\`f\\\\")
    }

    // MARK: roles

    @Test func everyFormatShowsTheRoleAndTheCautionBesideTheRemedyItQualifies() throws {
        let report = try F.report([
            F.result("user.integration", .warn, [Finding(.userIntegrationUser, confidence: .likely,
                                                          title: "Ada Lovelace logs in through the API 4 times")]),
            F.result("audit.reset", .fail, [F.finding(.auditNoReset)]),
        ])
        let text = ReportRenderer.render(report, format: .text, options: RenderOptions())
        #expect(text.hasPrefix("Cause found: title of audit.no-reset\n"))
        #expect(text.contains("1.  BLOCKER · confirmed · cause · audit.no-reset"))
        #expect(text.contains("2.  WARNING · likely · caution · user.integration-user"))
        let resend = try #require(text.range(of: "Once fixed, re-send the reset"))
        let caution = try #require(text.range(of: "Caution: Ada Lovelace logs in through the API 4 times (user.integration-user, finding 2)"))
        #expect(resend.upperBound < caution.lowerBound && caution.upperBound < text.range(of: "2.  WARNING")!.lowerBound)

        let markdown = ReportRenderer.render(report, format: .markdown, options: RenderOptions())
        #expect(markdown.contains("| 2 | warning | likely | caution | `user.integration-user` |"))
        #expect(markdown.contains("**Caution:** Ada Lovelace logs in through the API 4 times (user.integration-user, finding 2)"))

        let object = try #require(try Self.json(report) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["role"] as? String } == ["cause", "caution"])
        #expect(findings.map { $0["cautions"] as? [String] } == [["user.integration-user"], []])

        let redacted = ReportRenderer.render(report, format: .text, options: RenderOptions(redact: true))
        #expect(!redacted.contains("Lovelace"), "a caution's note is redacted like its finding")
    }

    // MARK: redaction

    @Test func redactionLeavesNoPersonalDataInAnyFormat() throws {
        let report = try Self.causeFound()
        for format in ReportFormat.allCases {
            let shown = ReportRenderer.render(report, format: format, options: RenderOptions())
            #expect(shown.contains("ada.lovelace@acme.example"), "without --redact the admin sees the address")
            let rendered = ReportRenderer.render(report, format: format, options: RenderOptions(redact: true))
            // Markdown escapes the mask's stars; read it as a reader of the rendered ticket would.
            let redacted = format == .markdown ? rendered.replacingOccurrences(of: "\\", with: "") : rendered
            for secret in Self.personal + ["Lovelace"] {
                #expect(!redacted.lowercased().contains(secret.lowercased()), "\(format): \(secret) left in\n\(redacted)")
            }
            #expect(redacted.contains("a***@acme.example"), "the domain stays useful to support")
            #expect(redacted.contains("A*** L***"))
            #expect(redacted.contains("a***@newmail.example"), "addresses nobody listed are masked too")
        }
    }

    @Test func maskShapes() {
        #expect(Redactor.mask("ada.lovelace@acme.example") == "a***@acme.example")
        #expect(Redactor.mask("Ada Lovelace") == "A*** L***")
        let redactor = Redactor(personalData: ["Ada Lovelace", "005000000000001AAA"])
        #expect(redactor.redact("Reset password for user Ada Lovelace (005000000000001AAA)") == "Reset password for user A*** L*** (005000000000001AAA)")
        #expect(redactor.redact("Canada") == "Canada")
        #expect(redactor.redactPersonal("something private") == "[personal data redacted]")
    }
}

extension RendererTests {
    /// Prints every format of the sample report; run with --filter printSamples to look at the layout.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["RESETDOCTOR_PRINT_SAMPLES"] == nil))
    func printSamples() throws {
        for format in ReportFormat.allCases {
            print(ReportRenderer.render(try Self.causeFound(), format: format, options: RenderOptions(stableTimings: true)))
        }
    }
}
