import Foundation
import MailDNS
import Testing

/// Every case of the openspf.org RFC 7208 test suite through SPFEvaluator.checkHost.
@Suite("RFC 7208 test suite (openspf.org 2014.04)")
struct RFC7208SuiteTests {
    static let cases: [RFC7208Suite.TestCase] = (try? RFC7208Suite.load()) ?? []

    @Test func theSuiteLoads() throws {
        let cases = try RFC7208Suite.load()
        #expect(cases.count > 150, "the suite has over 150 cases; a short count means the YAML was misread")
    }

    @Test(arguments: cases)
    func caseGivesAnAllowedResult(_ testCase: RFC7208Suite.TestCase) async {
        let evaluator = SPFEvaluator(resolver: testCase.zone, clock: { 1_400_000_000 })
        let evaluation = await evaluator.checkHost(
            ip: testCase.host, domain: Self.domain(of: testCase), sender: testCase.mailFrom, helo: testCase.helo)
        #expect(
            testCase.results.contains(evaluation.result.rawValue),
            "\(testCase.id): got \(evaluation.result.rawValue), the suite allows \(testCase.results); trace:\n\(evaluation.trace.joined(separator: "\n"))")
        guard let expected = testCase.explanation, evaluation.result == .fail else { return }
        if expected == "DEFAULT" {
            #expect(!evaluation.explanationFromDomain, "\(testCase.id): explanation \(evaluation.explanation)")
        } else if Self.nibbleCaseCases.contains(testCase.id) {
            #expect(evaluation.explanationFromDomain && evaluation.explanation.lowercased() == expected.lowercased())
        } else {
            #expect(evaluation.explanationFromDomain && evaluation.explanation == expected, "\(testCase.id)")
        }
    }

    /// The suite writes %{i}'s IPv6 nibbles in uppercase (as pyspf does); RFC 7208 §7.4's own example writes them in
    /// lowercase, as ResetDoctor does. Names compare without case in DNS, so only explanation text can differ.
    static let nibbleCaseCases: Set<String> = ["v-macro-ip6"]

    /// check_host's domain: the mail-from's domain, or the HELO name when the mail-from is empty (RFC 7208 §2.4).
    static func domain(of testCase: RFC7208Suite.TestCase) -> String {
        guard !testCase.mailFrom.isEmpty else { return testCase.helo }
        guard let at = testCase.mailFrom.lastIndex(of: "@") else { return testCase.mailFrom }
        return String(testCase.mailFrom[testCase.mailFrom.index(after: at)...])
    }
}
