import Foundation
import Testing
@testable import TestSupport

/// What users see, pinned byte for byte: every demo's diagnosis in every format (and redacted), `dns check` and
/// `email check` against nsd on 127.0.0.1. A change to any of them must change its file under Tests/Golden on
/// purpose: `scripts/update-golden` rewrites the files, and `git diff Tests/Golden` shows what users will see.
///
/// Two things vary between identical runs and are normalized before comparing: check timings (`durationMs`,
/// the only such field of resetdoctor.report/1) and the nameserver's free port.
@Suite(.serialized)
struct GoldenOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goldenFolder = root.appendingPathComponent("Tests/Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["RESETDOCTOR_UPDATE_GOLDEN"] == "1" }

    static var demos: [String] {
        let folder = root.appendingPathComponent("demos").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            guard name != "orgs" else { return false }  // demo orgs are scanned, not diagnosed
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    struct Variant: Sendable, CustomTestStringConvertible {
        var format: String
        var fileExtension: String
        var redact: Bool
        var testDescription: String { redact ? "\(format), redacted" : format }
    }

    static let variants = [
        Variant(format: "text", fileExtension: "txt", redact: false),
        Variant(format: "json", fileExtension: "json", redact: false),
        Variant(format: "markdown", fileExtension: "md", redact: false),
        Variant(format: "text", fileExtension: "txt", redact: true),
        Variant(format: "json", fileExtension: "json", redact: true),
        Variant(format: "markdown", fileExtension: "md", redact: true),
    ]

    @Test func everyDemoHasItsGoldenFiles() throws {
        let folder = Self.goldenFolder.appendingPathComponent("diagnose").path
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        let expected = Set(Self.demos.flatMap { demo in Self.variants.map { Self.fileName(demo, $0) } })
        if !Self.updating {
            #expect(present == expected, "Tests/Golden/diagnose must hold exactly one file per demo and variant; run scripts/update-golden")
        }
    }

    @Test(arguments: Self.demos, Self.variants)
    func diagnosisOfEveryDemo(_ demo: String, _ variant: Variant) async throws {
        var arguments = ["diagnose", "--demo", demo, "--format", variant.format]
        if variant.redact { arguments.append("--redact") }
        let run = try await RunBinary.run(arguments, environment: ["NO_COLOR": "1"])
        #expect([0, 1, 2].contains(run.status), "\(run.stderr)")
        try Self.compare(Self.normalized(run.stdout), with: "diagnose/" + Self.fileName(demo, variant))
    }

    static var orgDemos: [String] {
        let folder = root.appendingPathComponent("demos/orgs").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static let scanVariants = ["all", "expire-all", "onboarding"].flatMap { purpose in
        [("text", "txt"), ("json", "json"), ("csv", "csv")].map { ScanVariant(purpose: purpose, format: $0.0, fileExtension: $0.1) }
    }

    struct ScanVariant: Sendable, CustomTestStringConvertible {
        var purpose: String
        var format: String
        var fileExtension: String
        var testDescription: String { "\(purpose), \(format)" }
    }

    @Test(arguments: Self.orgDemos, Self.scanVariants)
    func scanOfEveryDemoOrg(_ demo: String, _ variant: ScanVariant) async throws {
        let run = try await RunBinary.run(["scan", "--demo", demo, "--purpose", variant.purpose, "--format", variant.format], environment: ["NO_COLOR": "1"])
        #expect([0, 1, 2].contains(run.status), "\(run.stderr)")
        try Self.compare(run.stdout, with: "scan/\(demo).\(variant.purpose).\(variant.fileExtension)")
    }

    static let dnsCheckDomains = ["healthy.test", "nullmx.test", "gone.test", "overlimit.test", "soft.test", "badspf.test",
                                  "bücher.test", "scanned.test", "broken.test"]

    @Test func dnsCheckOfEveryTestZone() async throws {
        try await DNSTestZones.withServer { server in
            for json in [false, true] {
                let arguments = ["dns", "check"] + Self.dnsCheckDomains + ["--dkim-selector", "s1"] + (json ? ["--json"] : [])
                    + ["--nameserver", server.address.description, "--dns-timeout", "2"]
                let run = try await RunBinary.run(arguments, environment: ["NO_COLOR": "1"])
                #expect([1, 2].contains(run.status), "\(run.stderr)")
                try Self.compare(Self.normalized(run.stdout), with: "dns-check/test-zones." + (json ? "json" : "txt"))
            }
        }
    }

    static let addresses = [
        "ada@healthy.test", "x@@y", "bob@nullmx.test", "bob@gone.test", "ada@gmial.com", "\"quoted local\"@healthy.test",
        "用户@例子.广告", "ada@[192.0.2.1]", "", "  ada@healthy.test  ", "ada@scanned.test",
    ]

    @Test func emailCheckOfAMixedList() async throws {
        try await DNSTestZones.withServer { server in
            let dns = ["--nameserver", server.address.description, "--dns-timeout", "2"]
            // Addresses as arguments print text; from stdin, one JSON object per input line.
            let text = try await RunBinary.run(["email", "check"] + Self.addresses.filter { !$0.isEmpty } + dns, environment: ["NO_COLOR": "1"])
            #expect([1, 2].contains(text.status), "\(text.stderr)")
            try Self.compare(Self.normalized(text.stdout), with: "email-check/mixed.txt")
            let input = Self.addresses.joined(separator: "\n") + "\n"
            let lines = try await RunBinary.run(["email", "check", "-"] + dns, input: input, environment: ["NO_COLOR": "1"])
            #expect([1, 2].contains(lines.status), "\(lines.stderr)")
            try Self.compare(Self.normalized(lines.stdout), with: "email-check/mixed.jsonl")
            let offline = try await RunBinary.run(["email", "check", "--no-dns", "-"], input: input, environment: ["NO_COLOR": "1"])
            try Self.compare(Self.normalized(offline.stdout), with: "email-check/mixed-no-dns.jsonl")
        }
    }

    static func fileName(_ demo: String, _ variant: Variant) -> String {
        demo + (variant.redact ? ".redacted." : ".") + variant.fileExtension
    }

    /// Timings and the nameserver's port are the only parts that differ between identical runs.
    static func normalized(_ output: String) -> String {
        var text = output.replacingOccurrences(
            of: #""durationMs" ?: ?[0-9]+"#, with: "\"durationMs\" : 0", options: .regularExpression)
        text = text.replacingOccurrences(of: #"127\.0\.0\.1:[0-9]+"#, with: "127.0.0.1:PORT", options: .regularExpression)
        return text
    }

    static func compare(_ actual: String, with relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = goldenFolder.appendingPathComponent(relativePath)
        if updating {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("Tests/Golden/\(relativePath) is missing: run scripts/update-golden", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let actualLines = actual.components(separatedBy: "\n"), expectedLines = expected.components(separatedBy: "\n")
        let index = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        let line = { (lines: [String]) in index < lines.count ? lines[index] : "(end of output)" }
        Issue.record("""
            output differs from Tests/Golden/\(relativePath) at line \(index + 1):
              expected: \(line(expectedLines))
              actual:   \(line(actualLines))
            If the change is intended, run scripts/update-golden and review `git diff Tests/Golden`.
            """, sourceLocation: sourceLocation)
    }
}
