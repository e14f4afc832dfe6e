import Foundation
import Testing
@testable import ResetDoctor

/// "A missing optional file can only make a report less certain": remove each optional part of every demo in
/// turn, diagnose again (in-process; DNS from the bundle's dns/ or none, never the network) and compare.
///
/// The rules, per check:
/// - it may end `pass` only if it passed before: nothing moves from fail, warn, unknown or skipped to pass;
/// - it may not move to skipped from any other status (fail, warn, pass or unknown): a check that lacks evidence
///   says unknown, and "does not apply" learned from an absence is a guess that also hides the check from the
///   verdict;
/// and for the report:
/// - the verdict never improves: cause-found → incomplete is fine (the cause may have needed the file), but
///   anything → no-cause-found from cause-found or incomplete is an improvement;
/// - no confirmed blocker appears that was not there before.
@Suite struct MonotonicityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var demo: String
        /// A file name, or "dns/" for the whole folder.
        var part: String
        var testDescription: String { "\(demo) without \(part)" }
    }

    /// Every optional part: all files but manifest.json, user.json and the README; dns/ counts as one part.
    static let cases: [Case] = DemoCatalog.names.flatMap { demo -> [Case] in
        let names = (try? DemoCatalog.files(named: demo).files.keys.map { $0 }) ?? []
        var parts = Set(names.map { $0.hasPrefix("dns/") ? "dns/" : $0 })
        parts.subtract(["manifest.json", "user.json", "README.md"])
        return parts.sorted().map { Case(demo: demo, part: $0) }
    }

    @Test(arguments: cases)
    func removingAPartNeverMakesTheReportMoreCertain(_ testCase: Case) async throws {
        let full = try DemoCatalog.files(named: testCase.demo)
        var reduced = full
        reduced.files = full.files.filter { name, _ in
            testCase.part == "dns/" ? !name.hasPrefix("dns/") : name != testCase.part
        }
        let rules = try RuleBook.builtIn()
        let before = await Diagnosis.run(try BundleLoader.load(files: full), rules: rules)
        let after = await Diagnosis.run(try BundleLoader.load(files: reduced), rules: rules)

        let statusBefore = Dictionary(uniqueKeysWithValues: before.checks.map { ($0.id, $0) })
        for check in after.checks {
            let old = try #require(statusBefore[check.id])
            let problem = Self.violation(from: old.status, to: check.status)
            guard let problem else { continue }
            let message = Comment(rawValue: "\(testCase.testDescription): \(check.id) \(problem) (before: \(old.reason); after: \(check.reason))")
            Issue.record(message)
        }

        #expect(
            !(after.verdict == .noCauseFound && before.verdict != .noCauseFound),
            "\(testCase.testDescription): the verdict improved from \(before.verdict.rawValue) to no-cause-found")

        // A blocker that was there before but moot (another cause made it irrelevant) is not new.
        let confirmedBefore = Set(before.findings.filter { $0.severity == .blocker && $0.confidence == .confirmed }.map(\.code))
        let appeared = after.findings.filter(Self.isConfirmedBlocker).filter { !confirmedBefore.contains($0.code) }
        for finding in appeared {
            let message = Comment(rawValue: "\(testCase.testDescription): a new confirmed blocker \(finding.code.rawValue) from \(finding.check): \(finding.title)")
            Issue.record(message)
        }
    }

    // MARK: Missing fields

    /// The same rules when one field is missing from every record of one file (a JSON key, nested ones as
    /// "PermissionSet.PermissionsIsSsoEnabled", or a CSV column): the loader may refuse the file (exit 65), or the
    /// checks that need the field become less certain; never more.
    @Test(arguments: DemoCatalog.names)
    func removingAFieldNeverMakesTheReportMoreCertain(demo: String) async throws {
        let full = try DemoCatalog.files(named: demo)
        let rules = try RuleBook.builtIn()
        let before = await Diagnosis.run(try BundleLoader.load(files: full), rules: rules)
        var tried = 0
        for (file, data) in full.files.sorted(by: { $0.key < $1.key }) where file != "manifest.json" && !file.hasPrefix("dns/") {
            let variants: [(field: String, data: Data)] =
                file.hasSuffix(".json") ? try FieldRemoval.json(data) : file.hasSuffix(".csv") ? FieldRemoval.csv(data) : []
            for (field, reducedData) in variants {
                var reduced = full
                reduced.files[file] = reducedData
                guard let evidence = try? BundleLoader.load(files: reduced) else { continue }  // refused: fine
                tried += 1
                let after = await Diagnosis.run(evidence, rules: rules)
                let label = "\(demo) without \(file) \(field)"
                let statusBefore = Dictionary(uniqueKeysWithValues: before.checks.map { ($0.id, $0) })
                for check in after.checks {
                    guard let old = statusBefore[check.id], let problem = Self.violation(from: old.status, to: check.status) else { continue }
                    Issue.record("\(label): \(check.id) \(problem) (before: \(old.reason); after: \(check.reason))")
                }
                #expect(!(after.verdict == .noCauseFound && before.verdict != .noCauseFound), "\(label): the verdict improved")
                let confirmedBefore = Set(before.findings.filter { $0.severity == .blocker && $0.confidence == .confirmed }.map(\.code))
                for finding in after.findings.filter(Self.isConfirmedBlocker) where !confirmedBefore.contains(finding.code) {
                    Issue.record("\(label): a new confirmed blocker \(finding.code.rawValue): \(finding.title)")
                }
            }
        }
        #expect(tried > 0)
    }

    /// Nil when `old → new` is allowed.
    static func violation(from old: CheckStatus, to new: CheckStatus) -> String? {
        if new == .pass && old != .pass { return "moved from \(old.rawValue) to pass" }
        if new == .skipped && old != .skipped { return "moved from \(old.rawValue) to skipped" }
        return nil
    }

    static func isConfirmedBlocker(_ finding: ReportFinding) -> Bool {
        !finding.moot && finding.severity == .blocker && finding.confidence == .confirmed
    }

    @Test func everyDemoHasOptionalPartsToRemove() {
        for demo in DemoCatalog.names {
            #expect(Self.cases.filter { $0.demo == demo }.count >= 8, "\(demo) has few optional parts")
        }
    }
}

/// Copies of a bundle file with one field gone from every record.
enum FieldRemoval {
    /// One variant per field path of the records (or of the object, for org-settings.json).
    static func json(_ data: Data) throws -> [(field: String, data: Data)] {
        guard var root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        let records = root["records"] as? [[String: Any]]
        let objects = records ?? [root]
        var paths = Set<[String]>()
        for object in objects { collectPaths(object, prefix: [], into: &paths) }
        return try paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }.map { path in
            let stripped = objects.map { removing(path, from: $0) }
            if records != nil { root["records"] = stripped } else { root = stripped[0] }
            return (path.joined(separator: "."), try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]))
        }
    }

    private static func collectPaths(_ object: [String: Any], prefix: [String], into paths: inout Set<[String]>) {
        for (key, value) in object where key != "attributes" {
            paths.insert(prefix + [key])
            if let nested = value as? [String: Any] { collectPaths(nested, prefix: prefix + [key], into: &paths) }
        }
    }

    private static func removing(_ path: [String], from object: [String: Any]) -> [String: Any] {
        var copy = object
        guard let first = path.first else { return copy }
        if path.count == 1 { copy[first] = nil }
        else if let nested = copy[first] as? [String: Any] { copy[first] = removing(Array(path.dropFirst()), from: nested) }
        return copy
    }

    /// One variant per column, the column cut from the header and every row (quotes respected).
    static func csv(_ data: Data) -> [(field: String, data: Data)] {
        let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        guard let header = lines.first.map({ cells(String($0)) }) else { return [] }
        return header.indices.map { column in
            let text = lines.map { line -> String in
                var row = cells(String(line))
                if column < row.count { row.remove(at: column) }
                return row.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
            return ("column \"\(header[column])\"", Data(text.utf8))
        }
    }

    /// Cells with their quotes kept, so joining them again gives valid CSV.
    private static func cells(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted { result.append(current); current = "" } else { current.append(character) }
        }
        result.append(current)
        return result
    }
}
