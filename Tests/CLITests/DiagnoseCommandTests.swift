import Foundation
import Testing

/// The CLI as a user runs it: the built binary, its output and its exit code.
@Suite(.serialized)
struct DiagnoseCommandTests {
    @Test func defaultDemoPrintsARealDiagnosisFromAnyDirectory() async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "in-spam"], currentDirectory: "/")
        #expect(run.status == 0, "only info findings: Salesforce delivered it; stderr: \(run.stderr)")
        #expect(run.stdout.contains("general.check-spam"))
        #expect(run.stdout.contains("log.delivered"))
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func demoListNamesEveryDemo() async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "list"])
        #expect(run.status == 0)
        for name in ["in-spam", "inactive-user", "domain-typo", "pending-email-change", "bounced", "no-reset"] {
            #expect(run.stdout.contains(name))
        }
    }

    struct DemoExpectation: Sendable, CustomTestStringConvertible {
        var demo: String
        var topCode: String
        var status: Int32
        var testDescription: String { demo }
    }

    @Test(arguments: [
        DemoExpectation(demo: "inactive-user", topCode: "user.inactive", status: 1),
        DemoExpectation(demo: "domain-typo", topCode: "user.email.domain-typo", status: 1),
        DemoExpectation(demo: "pending-email-change", topCode: "user.email.change-pending", status: 1),
        DemoExpectation(demo: "bounced", topCode: "log.bounced", status: 1),
        DemoExpectation(demo: "no-reset", topCode: "audit.no-reset", status: 1),
        DemoExpectation(demo: "link-scanner", topCode: "dns.recipient.link-scanner", status: 1),
        DemoExpectation(demo: "frozen-sso", topCode: "user.frozen", status: 1),
        DemoExpectation(demo: "sandbox-suffix", topCode: "user.email.sandbox-suffix", status: 1),
    ])
    func demoTopFinding(_ expectation: DemoExpectation) async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", expectation.demo, "--format", "json"])
        #expect(run.status == expectation.status, "stderr: \(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(report?["verdict"] as? String == "cause-found")
        let findings = report?["findings"] as? [[String: Any]] ?? []
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(codes.first == expectation.topCode, "ranked first; codes: \(codes)")
        let checks = report?["checks"] as? [[String: Any]] ?? []
        let unknownDNS = checks.filter { ($0["id"] as? String ?? "").hasPrefix("dns.") && $0["status"] as? String == "unknown" }
        #expect(unknownDNS.isEmpty, "demo zone files cover every lookup: \(unknownDNS)")
        // Causes first, the spam advice last of them (or moot at the very end); context and cautions never lead.
        let roles = findings.compactMap { $0["role"] as? String }
        #expect(roles.first == "cause")
        let live = findings.filter { $0["moot"] as? Bool == false }
        let liveRoles = live.compactMap { $0["role"] as? String }
        #expect(liveRoles == liveRoles.sorted { ["cause", "context", "caution"].firstIndex(of: $0)! < ["cause", "context", "caution"].firstIndex(of: $1)! })
        let spam = codes.firstIndex(of: "general.check-spam")
        let lastCause = live.lastIndex { $0["role"] as? String == "cause" }.map { live[$0]["code"] as? String }
        #expect(spam == nil || lastCause == "general.check-spam" || codes.last == "general.check-spam", "codes: \(codes)")
        let stdout = try await RunBinary.run(["diagnose", "--demo", expectation.demo]).stdout
        let title = findings.first?["title"] as? String ?? ""
        #expect(stdout.replacingOccurrences(of: "\n", with: " ").hasPrefix("Cause found: \(title.prefix(60))"), "the headline names the first cause")
    }

    @Test func theDefaultDemoHasNoCauseAndNeverHeadlinesContext() async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["verdict"] as? String == "no-cause-found")
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["code"] as? String } == ["general.check-spam", "log.delivered", "audit.reset-found"])
        #expect(findings.map { $0["role"] as? String } == ["cause", "context", "context"])
        let text = try await RunBinary.run(["diagnose", "--demo", "in-spam"]).stdout
        #expect(text.hasPrefix("No cause found in Salesforce: "))
    }

    @Test func jsonHasTheSameKeysWhateverTheOutcome() async throws {
        var keySets: [Set<String>] = []
        for demo in ["in-spam", "inactive-user", "no-reset"] {
            let run = try await RunBinary.run(["diagnose", "--demo", demo, "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(report["schema"] as? String == "resetdoctor.report/1")
            keySets.append(Set(report.keys))
        }
        #expect(Set(keySets).count == 1, "\(keySets)")
    }

    @Test func failOnErrorIgnoresWarnings() async throws {
        let warningOnly = try await RunBinary.run(["diagnose", "--demo", "link-scanner", "--fail-on", "error"])
        #expect(warningOnly.status == 0, "link-scanner has warnings only; stdout: \(warningOnly.stdout)")
        let byDefault = try await RunBinary.run(["diagnose", "--demo", "link-scanner"])
        #expect(byDefault.status == 1)
        // The relay findings are moot (the log shows the reset delivered straight from Salesforce): exit 0.
        let relay = try await RunBinary.run(["diagnose", "--demo", "relay-misconfigured", "--format", "json"])
        #expect(relay.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(relay.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        let relayFindings = findings.filter { ($0["code"] as? String ?? "").hasPrefix("relay.") }
        #expect(relayFindings.count == 3)
        #expect(relayFindings.allSatisfy { $0["moot"] as? Bool == true && $0["mootBecause"] as? String == "log.delivered" })
        let blocker = try await RunBinary.run(["diagnose", "--demo", "inactive-user", "--fail-on", "error"])
        #expect(blocker.status == 1)
    }

    @Test func markdownIsATicketComment() async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "no-reset", "--format", "markdown"])
        #expect(run.stdout.hasPrefix("#"))
        #expect(run.stdout.contains("audit.no-reset"))
        #expect(run.stdout.contains("|"))
    }

    @Test func redactMasksTheUserInEveryFormat() async throws {
        let plain = try await RunBinary.run(["diagnose", "--demo", "domain-typo", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let user = try #require(report["user"] as? [String: Any])
        let personal = [user["email"], user["username"], user["name"]].compactMap { $0 as? String }
        #expect(personal.count == 3)
        for format in ["text", "json", "markdown"] {
            let run = try await RunBinary.run(["diagnose", "--demo", "domain-typo", "--format", format, "--redact"])
            for value in personal { #expect(!run.stdout.contains(value), "\(format) leaks \(value)") }
        }
    }

    @Test func usageErrorsExit64() async throws {
        let none = try await RunBinary.run(["diagnose"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("--bundle"))
        let both = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--bundle", "/tmp"])
        #expect(both.status == 64)
        let badFormat = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--format", "xml"])
        #expect(badFormat.status == 64)
        let unknownDemo = try await RunBinary.run(["diagnose", "--demo", "nope"])
        #expect(unknownDemo.status == 65 || unknownDemo.status == 64)
        #expect(unknownDemo.stderr.contains("in-spam"), "lists the demo names")
    }

    @Test func subjectMismatchIsAUsageError() async throws {
        let run = try await RunBinary.run(["diagnose", "someone.else@example.com", "--demo", "in-spam"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("not someone.else@example.com"))
    }
}
