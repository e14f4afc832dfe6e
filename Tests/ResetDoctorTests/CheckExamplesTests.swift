import Foundation
import Testing
@testable import ResetDoctor

/// Runs every example of every registered check (the SwiftLint pattern): the examples are the checks' documentation.
struct CheckExamplesTests {
    struct LabeledExample: CustomTestStringConvertible, Sendable {
        let checkID: String
        let example: CheckExample
        var testDescription: String { "\(checkID): \(example.name)" }
    }

    static let allExamples: [LabeledExample] = CheckRegistry.all.flatMap { check in
        check.examples.map { LabeledExample(checkID: check.id, example: $0) }
    }

    @Test("every example produces its expected status and codes", arguments: allExamples)
    func example(_ labeled: LabeledExample) async throws {
        let check = try #require(CheckRegistry.check(id: labeled.checkID))
        let result = await Engine.runOne(check, labeled.example.evidence, limit: .seconds(120))  // the outcome is tested, not the limit: CLI tests that wait on child processes can hold the cooperative pool's 2 threads for seconds
        let location = SourceLocation(fileID: labeled.example.file, filePath: labeled.example.file, line: labeled.example.line, column: 1)
        #expect(result.status == labeled.example.expectedStatus, "status (reason: \(result.reason))", sourceLocation: location)
        #expect(result.findings.map(\.code).sorted() == labeled.example.expectedCodes.sorted(), "codes", sourceLocation: location)
        for finding in result.findings {
            #expect(check.codes.contains(finding.code), "\(finding.code.rawValue) is not declared in the check's codes", sourceLocation: location)
            #expect(!finding.title.isEmpty, sourceLocation: location)
        }
        #expect(!result.reason.isEmpty, "every result says why", sourceLocation: location)
    }

    @Test("every check has examples, including one that is not a pass")
    func everyCheckHasExamples() {
        for check in CheckRegistry.all {
            #expect(!check.examples.isEmpty, "\(check.id) has no examples")
            #expect(check.examples.contains { $0.expectedStatus != .pass }, "\(check.id) has no failing, unknown or skipped example")
        }
    }

    @Test("every code a check declares is raised by one of its examples")
    func everyDeclaredCodeIsExemplified() {
        for check in CheckRegistry.all {
            let exemplified = Set(check.examples.flatMap(\.expectedCodes))
            for code in check.codes {
                #expect(exemplified.contains(code), "\(check.id) declares \(code.rawValue) but no example raises it")
            }
        }
    }

    static let orgExamples = allExamples.filter { CheckRegistry.check(id: $0.checkID)?.scope == .org }

    /// An org check runs once for a whole scan, so it must not read the user part: each of its examples gives the same
    /// outcome when the user part says nothing at all. The one exception is the ticket's mail in the email log (which
    /// sender a diagnosis saw): a scan reads no email log, so the examples are compared without one.
    @Test("an org-scope check reads no user evidence", arguments: orgExamples)
    func orgCheckIgnoresUser(_ labeled: LabeledExample) async throws {
        let check = try #require(CheckRegistry.check(id: labeled.checkID))
        var example = labeled.example.evidence
        example.emailLog = .missing(reason: "a scan reads no email log")
        var blank = example
        blank.userPart = UserEvidence(subject: "", user: .missing(reason: "an org check reads no user"))
        let withUser = await Engine.runOne(check, example, limit: .seconds(120))
        let withoutUser = await Engine.runOne(check, blank, limit: .seconds(120))
        #expect(withoutUser.status == withUser.status, "\(withoutUser.reason)")
        #expect(withoutUser.findings == withUser.findings)
    }
}
