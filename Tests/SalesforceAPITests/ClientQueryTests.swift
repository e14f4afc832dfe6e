import Foundation
import Testing
import Salesforce
@testable import SalesforceAPI

private let queryPath = "/services/data/v62.0/query"

private func auditRecord(_ id: String) -> String {
    #"{"attributes":{"type":"SetupAuditTrail","url":"/services/data/v62.0/sobjects/SetupAuditTrail/\#(id)"},"Id":"\#(id)","Action":"resetPassword","Section":"Manage Users","Display":"Reset password for x","CreatedDate":"2026-11-20T10:00:00.000+0000","CreatedBy":{"attributes":{"type":"User"},"Username":"admin@acme.com"},"DelegateUser":null}"#
}

@Suite struct ClientQueryTests {
    @Test func singlePageKeepsSalesforceBytesAndSendsBearerToken() async throws {
        let http = ScriptedHTTPClient()
        let body = #"{"totalSize":1,"done":true,"records":[\#(auditRecord("0YM1"))]}"#
        http.script("GET", queryPath, status: 200, json: body, headers: ["sforce-limit-info": "api-usage=25/15000"])
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let soql = "SELECT Id FROM User WHERE Username = 'a+b@x.com' AND Name != 'x&y=z#'"

        let data = try await client.query(soql)

        #expect(data == Data(body.utf8))
        let request = try #require(http.requests.first)
        #expect(request.method == "GET")
        #expect(request.header("Authorization") == "Bearer 00DSIM000000001!FIRST-TOKEN")
        #expect(request.url.absoluteString.hasPrefix("https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User%20WHERE%20Username%20%3D%20%27a%2Bb%40x.com%27"))
        #expect(request.queryValue("q") == soql)
        #expect(client.apiUsage == APIUsage(used: 25, limit: 15000))
    }

    @Test func threePagesMergeIntoOneSalesforceShapedBody() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 200, json:
            #"{"totalSize":5,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gXX-2","records":[\#(auditRecord("0YM1")),\#(auditRecord("0YM2"))]}"#)
        http.script("GET", "/services/data/v62.0/query/01gXX-2", status: 200, json:
            #"{"totalSize":5,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gXX-4","records":[\#(auditRecord("0YM3")),\#(auditRecord("0YM4"))]}"#)
        http.script("GET", "/services/data/v62.0/query/01gXX-4", status: 200, json:
            #"{"totalSize":5,"done":true,"records":[\#(auditRecord("0YM5"))]}"#, headers: ["sforce-limit-info": "api-usage=30/15000"])
        let client = SalesforceClient(http: http, auth: StubTokenProvider())

        let data = try await client.query("SELECT Id, Action FROM SetupAuditTrail")

        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["totalSize"] as? Int == 5)
        #expect(object["done"] as? Bool == true)
        #expect(object["nextRecordsUrl"] == nil)
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(records.map { $0["Id"] as? String } == ["0YM1", "0YM2", "0YM3", "0YM4", "0YM5"])
        #expect((records[0]["attributes"] as? [String: Any])?["type"] as? String == "SetupAuditTrail")
        // The bundle parsers read it as they read a file.
        let entries = try AuditTrailQuery.parse(data, file: "audit-trail.json")
        #expect(entries.count == 5)
        #expect(http.requests.count == 3)
        #expect(http.requests.allSatisfy { $0.header("Authorization") == "Bearer 00DSIM000000001!FIRST-TOKEN" })
        #expect(client.apiUsage == APIUsage(used: 30, limit: 15000))
    }

    @Test func nextRecordsUrlElsewhereIsRefused() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 200, json:
            #"{"totalSize":3,"done":false,"nextRecordsUrl":"https://evil.example/services/data/v62.0/query/01g-2","records":[]}"#)
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let error = await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") }
        guard case .badResponse? = error else { Issue.record("expected badResponse, got \(String(describing: error))"); return }
        #expect(http.requests.count == 1)
    }

    @Test func toolingQueryUsesTheToolingPath() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", "/services/data/v62.0/tooling/query", status: 200, json: #"{"totalSize":0,"done":true,"records":[]}"#)
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        _ = try await client.toolingQuery("SELECT Id FROM ApexClass")
        #expect(http.requests.first?.queryValue("q") == "SELECT Id FROM ApexClass")
    }

    @Test func executeAnonymousSendsTheApexAndReadsTheResult() async throws {
        let http = ScriptedHTTPClient()
        // URL.path drops the trailing slash the endpoint is called with.
        http.script("GET", "/services/data/v62.0/tooling/executeAnonymous", status: 200, json:
            #"{"line":1,"column":1,"compiled":true,"success":false,"compileProblem":null,"exceptionStackTrace":"AnonymousBlock: line 1, column 1","exceptionMessage":"System.NoAccessException: The organization is not permitted to send email."}"#)
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let apex = "Messaging.reserveSingleEmailCapacity(1); // a+b & 'c'"

        let result = try await client.executeAnonymous(apex)

        #expect(result == ExecuteAnonymousResult(
            compiled: true, success: false, exceptionMessage: "System.NoAccessException: The organization is not permitted to send email.",
            exceptionStackTrace: "AnonymousBlock: line 1, column 1", line: 1, column: 1))
        #expect(http.requests.first?.queryValue("anonymousBody") == apex)
        #expect(http.requests.first?.url.absoluteString.contains("/tooling/executeAnonymous/?anonymousBody=Messaging.reserveSingleEmailCapacity%281%29%3B%20") == true)
    }

    @Test(arguments: [200, 204])
    func resetPasswordDropsTheTemporaryPassword(status: Int) async throws {
        let http = ScriptedHTTPClient()
        let body = status == 200 ? #"{"NewPassword":"Tmp-Pa55word-XYZ"}"# : ""
        http.script("DELETE", "/services/data/v62.0/sobjects/User/005000000000001AAA/password", status: status, json: body)
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let client = SalesforceClient(http: http, auth: StubTokenProvider(), now: { at })

        let receipt = try await client.resetPassword(userId: "005000000000001AAA")

        #expect(receipt == PasswordResetReceipt(userId: "005000000000001AAA", at: at, httpStatus: status))
        var dumped = ""
        dump(receipt, to: &dumped)
        let encoded = String(decoding: try JSONEncoder().encode(receipt), as: UTF8.self)
        for text in [String(describing: receipt), String(reflecting: receipt), dumped, encoded] {
            #expect(!text.contains("Tmp-Pa55word"))
        }
        #expect(http.requests.first?.method == "DELETE")
    }

    @Test(arguments: ["005' OR 1=1", "00Q000000000001", "005000000000001AAA/../x", "", "005-00000000001", "0050000000000001A"])
    func userIdIsValidatedBeforeAnyCall(userId: String) async throws {
        let http = ScriptedHTTPClient()
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let reset = await #expect(throws: SalesforceAPIError.self) { try await client.resetPassword(userId: userId) }
        let status = await #expect(throws: SalesforceAPIError.self) { try await client.passwordIsExpired(userId: userId) }
        for error in [reset, status] {
            guard case .badRequest? = error else { Issue.record("expected badRequest, got \(String(describing: error))"); continue }
        }
        #expect(http.requests.isEmpty)
    }

    @Test func passwordIsExpiredReadsIsExpired() async throws {
        let http = ScriptedHTTPClient()
        let path = "/services/data/v62.0/sobjects/User/005000000000001/password"
        http.script("GET", path, status: 200, json: #"{"isExpired":true}"#)
        http.script("GET", path, status: 200, json: #"{"isExpired":false}"#)
        http.script("GET", path, status: 200, json: #"{"expired":false}"#)
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        #expect(try await client.passwordIsExpired(userId: "005000000000001") == true)
        #expect(try await client.passwordIsExpired(userId: "005000000000001") == false)
        let error = await #expect(throws: SalesforceAPIError.self) { try await client.passwordIsExpired(userId: "005000000000001") }
        guard case .badResponse? = error else { Issue.record("expected badResponse"); return }
    }

    @Test func badAPIVersionNeverReachesThePath() async throws {
        let http = ScriptedHTTPClient()
        let client = SalesforceClient(http: http, auth: StubTokenProvider(), apiVersion: "v62.0/../../x")
        await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") }
        #expect(http.requests.isEmpty)
    }
}
