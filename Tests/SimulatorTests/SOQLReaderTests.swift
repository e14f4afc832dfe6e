import Foundation
import Salesforce
@testable import SalesforceSimulator
import Testing

@Suite("Simulator SOQL reader")
struct SOQLReaderTests {
    @Test func parsesTheLiveSourceQueries() throws {
        let query = try SOQLQuery.parse(
            "SELECT Id, UserId, LoginTime FROM LoginHistory WHERE UserId = '005x' AND LoginTime >= 2026-11-15T09:30:00Z ORDER BY LoginTime DESC NULLS LAST LIMIT 50")
        #expect(query.fields == ["Id", "UserId", "LoginTime"])
        #expect(query.object == "LoginHistory")
        #expect(query.limit == 50)
        #expect(query.orderBy == [SOQLOrdering(field: "LoginTime", descending: true, nullsLast: true)])
        let since = try #require(SOQLDate.parse("2026-11-15T09:30:00Z"))
        #expect(query.condition == .and(.compare(field: "UserId", .equal, .string("005x")), .compare(field: "LoginTime", .greaterOrEqual, .dateTime(since))))
    }

    @Test(arguments: [
        (#"'a\'b'"#, "a'b"), (#"'a\\b'"#, #"a\b"#), (#"'a\"b'"#, #"a"b"#), (#"'a\nb'"#, "a\nb"), (#"'a\Nb'"#, "a\nb"),
        (#"'a\rb'"#, "a\rb"), (#"'a\tb'"#, "a\tb"), (#"'a\bb'"#, "a\u{8}b"), (#"'a\fb'"#, "a\u{c}b"), ("'ünï'", "ünï"),
    ])
    func decodesEachEscape(literal: String, value: String) throws {
        let query = try SOQLQuery.parse("SELECT Id FROM User WHERE Username = \(literal)")
        #expect(query.condition == .compare(field: "Username", .equal, .string(value)))
    }

    @Test(arguments: [
        "SELECT Id FROM User WHERE Username = 'o'brien'",
        #"SELECT Id FROM User WHERE Username = 'a\qb'"#,
        "SELECT Id FROM User WHERE Username = 'unterminated",
        "SELECT FROM User",
        "SELECT Id FROM User WHERE",
        "SELECT Id FROM User WHERE Username 'x'",
        "SELECT Id FROM User LIMIT x",
        "SELECT Id FROM User WHERE CreatedDate >= 2026-13-45T00:00:00Z",
        "DELETE FROM User",
    ])
    func rejectsMalformedQueries(soql: String) {
        #expect(throws: SOQLSyntaxError.self) { try SOQLQuery.parse(soql) }
    }

    @Test func bareQuoteMessageNamesTheProblem() {
        do {
            _ = try SOQLQuery.parse("SELECT Id FROM User WHERE Username = 'o'brien@x.example'")
            Issue.record("parsed a bare quote")
        } catch {
            #expect(error.message.contains("unexpected"))
        }
    }

    @Test(arguments: [
        ("2026-11-21T14:00:00.000+0000", 1_795_269_600.0), ("2026-11-21T14:00:00Z", 1_795_269_600.0),
        ("2026-11-21T15:00:00+01:00", 1_795_269_600.0), ("2026-11-21", 1_795_219_200.0),
    ])
    func readsSalesforceDates(text: String, epoch: Double) {
        #expect(SOQLDate.parse(text)?.timeIntervalSince1970 == epoch)
    }

    /// The matcher's sets decide an `IN` list as comparing value by value does: case, 15- and 18-character Ids,
    /// non-ASCII text, nulls, numbers, NOT IN, and nesting.
    @Test func matcherAgreesWithComparingEachValue() throws {
        let evaluator = QueryEvaluator(scenario: .empty())
        let strings = [
            "005000000000001AAA", "005000000000001aaa", "005000000000001", "005000000000001XYZ", "005000000000002AAA",
            "00500000000000", "Straße", "STRASSE", "Ärger", "ärger", "dana@SIM.example",
        ]
        let texts: [JSONValue?] = strings.map { .string($0) } + [.null, .number(5), nil]
        let lists = [
            "('005000000000001AAA', '005000000000003')", "('005000000000001', 'dana@sim.example')", "('ärger', 'x')",
            "('straße')", "('00500000000000')",
        ]
        var conditions: [String] = []
        for field in ["UserId", "Name"] {
            for list in lists { conditions += ["\(field) IN \(list)", "\(field) NOT IN \(list)", "NOT \(field) IN \(list)"] }
            conditions += ["\(field) IN (5, 'x')", "(\(field) IN \(lists[0]) OR \(field) = 'Straße') AND \(field) != null"]
        }
        for condition in conditions {
            let parsed = try #require(try SOQLQuery.parse("SELECT Id FROM LoginHistory WHERE \(condition)").condition)
            let matcher = ConditionMatcher(parsed, evaluator: evaluator)
            for text in texts {
                var record: Scenario.Record = ["Id": .string("0Ya000000000001AAA")]
                if let text { record["UserId"] = text; record["Name"] = text }
                #expect(matcher.holds(record) == evaluator.holds(parsed, for: record), "\(condition) for \(String(describing: text))")
            }
        }
    }

    @Test(arguments: [("abc", "a%", true), ("abc", "_b_", true), ("abc", "a_", false), ("a%c", "a\u{E000}c", true), ("abc", "a\u{E000}c", false), ("", "%", true)])
    func likeWildcards(text: String, pattern: String, matches: Bool) {
        #expect(QueryEvaluator.likeMatches(Array(text), Array(pattern)) == matches)
    }
}

@Suite("resetdoctor-sim command line")
struct SimulatorCommandLineTests {
    @Test func parsesEveryFlag() throws {
        let options = try #require(try SimulatorCommandLine.parse([
            "--scenario", "demos/bounced", "--port", "8443", "--latency-ms", "20", "--page-size", "2",
            "--jwt-public-key", "k.pem", "--access-token", "T", "--fault", "token-expired=2", "--fault", "forbidden=EmailRelay",
            "--fault", "rate-limited", "--fault", "server-error=3", "--fault", "cut-body", "--fault", "ip-restricted", "--verbose",
        ]))
        #expect(options.scenario == "demos/bounced" && options.port == 8443 && options.pageSize == 2)
        #expect(options.jwtPublicKeyPath == "k.pem" && options.acceptedAccessToken == "T" && options.verbose)
        #expect(options.faults == SimulatorFaults(
            latencyMilliseconds: 20, expiredSessionCalls: 2, forbiddenObjects: ["EmailRelay"], rateLimitedCalls: 1,
            serverErrorCalls: 3, cutBodyCalls: 1, ipRestricted: true))
        #expect(try SimulatorCommandLine.parse(["--scenario", "x", "--fault", "forbidden"])?.faults.forbiddenObjects == ["*"])
        #expect(try SimulatorCommandLine.parse(["--help"]) == nil)
    }

    @Test(arguments: [
        [], ["--scenario"], ["--scenario", "x", "--port", "70000"], ["--scenario", "x", "--fault", "explode"],
        ["--scenario", "x", "--fault", "rate-limited=-1"], ["--scenario", "x", "--what"], ["--scenario", "x", "--page-size", "0"],
    ])
    func rejectsBadCommandLines(arguments: [String]) {
        #expect(throws: SimulatorCommandLine.UsageError.self) { try SimulatorCommandLine.parse(arguments) }
    }

    @Test func scenarioErrorsSayWhatToDo() {
        #expect(throws: ScenarioLoadError.notADirectory(path: "/nonexistent")) {
            try SalesforceSimulator(scenario: URL(fileURLWithPath: "/nonexistent"))
        }
        #expect(throws: SimulatorSetupError.self) {
            try SalesforceSimulator(scenario: Fixtures.multiUser, jwtPublicKeyPEM: "not a key")
        }
    }
}
