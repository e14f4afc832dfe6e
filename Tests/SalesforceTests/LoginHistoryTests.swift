import Foundation
import Testing
@testable import Salesforce

@Suite("Login history")
struct LoginHistoryTests {
    @Test func queryRecordsNewestFirst() throws {
        let json = """
        {"totalSize":2,"done":true,"records":[
         {"attributes":{"type":"LoginHistory","url":"/l/0YaA"},"Id":"0YaA","UserId":"005A","LoginTime":"2026-11-21T08:00:00.000+0000",
          "LoginType":"Application","SourceIp":"203.0.113.9","Status":"Invalid Password","Application":"Browser","LoginUrl":"acme.my.salesforce.com"},
         {"attributes":{"type":"LoginHistory","url":"/l/0YaB"},"Id":"0YaB","UserId":"005A","LoginTime":"2026-11-22T07:00:00.000+0000",
          "LoginType":"Application","SourceIp":null,"Status":"Password Lockout","Application":null,"LoginUrl":null}
        ]}
        """
        let entries = try LoginHistoryQuery.parse(data(json), file: "login-history.json")
        #expect(entries == [
            LoginHistoryEntry(
                id: "0YaB", userId: "005A", loginTime: utc("2026-11-22T07:00:00Z"), loginType: "Application",
                status: "Password Lockout", origin: "login-history.json record 2"),
            LoginHistoryEntry(
                id: "0YaA", userId: "005A", loginTime: utc("2026-11-21T08:00:00Z"), loginType: "Application",
                sourceIp: "203.0.113.9", status: "Invalid Password", application: "Browser",
                loginUrl: "acme.my.salesforce.com", origin: "login-history.json record 1"),
        ])
    }

    @Test func setupDownload() throws {
        let csv = """
        Login Time,Username,Source IP,Login Type,Status,Browser,Platform,Application,Client Version,API Type,API Version,Login URL
        11/21/2026 8:00:00 AM PST,ana@acme.com,203.0.113.9,Application,Success,Chrome 130,Mac OSX,Browser,N/A,N/A,N/A,acme.my.salesforce.com
        "11/21/2026, 9:15:30 PM PST",ana@acme.com,203.0.113.9,Application,Invalid Password,Chrome 130,Mac OSX,Browser,N/A,N/A,N/A,acme.my.salesforce.com

        """
        let entries = try LoginHistoryCSV.parse(data(csv), file: "login-history.csv")
        #expect(entries.map(\.loginTime) == [utc("2026-11-22T05:15:30Z"), utc("2026-11-21T16:00:00Z")])
        #expect(entries.first == LoginHistoryEntry(
            loginTime: utc("2026-11-22T05:15:30Z"), loginType: "Application", sourceIp: "203.0.113.9", status: "Invalid Password",
            application: "Browser", loginUrl: "acme.my.salesforce.com", apiType: "N/A", origin: "login-history.csv line 3",
            username: "ana@acme.com", browser: "Chrome 130", platform: "Mac OSX"))
    }

    @Test func headerThatNamesGMTLetsCellsOmitTheZone() throws {
        let csv = "Login Time (GMT),Status\n2026-11-21 08:00:00,Success\n"
        #expect(try LoginHistoryCSV.parse(data(csv), file: "lh.csv").map(\.loginTime) == [utc("2026-11-21T08:00:00Z")])
    }

    @Test("bad downloads", arguments: [
        ("Date,User,Action,Section\n", 1, "the header is not a Login History download: expected Login Time, Status"),
        ("Login Time,Status\n11/21/2026 8:00:00 AM,Success\n", 2, "has no time zone"),
        ("Login Time,Status\n11/21/2026 8:00:00 AM PST,Success\n21/11/2026 8:00:00 AM PST,Success\n", 3, "mixes date orders"),
    ] as [(String, Int?, String)])
    func badDownload(_ csv: String, _ line: Int?, _ expected: String) {
        let error = parseError { try LoginHistoryCSV.parse(data(csv), file: "login-history.csv") }
        #expect(error?.line == line)
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
        #expect(error?.hint.isEmpty == false)
    }

    @Test func wrongHeaderHint() {
        let error = parseError { try LoginHistoryCSV.parse(data("a,b\n"), file: "login-history.csv") }
        #expect(error?.hint == "download it again from Setup > Login History > Download (CSV)")
    }

    @Test func queryWithoutLoginTime() {
        let error = parseError { try LoginHistoryQuery.parse(data(#"{"done":true,"records":[{"Id":"0Ya1"}]}"#), file: "login-history.json") }
        #expect(error?.problem.contains("has no LoginTime") == true)
    }
}
