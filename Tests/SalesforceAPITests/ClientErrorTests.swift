import Foundation
import Testing
@testable import SalesforceAPI

private let queryPath = "/services/data/v62.0/query"

struct ErrorCase: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable { case notAuthorized, missingPermission, unreachable, badRequest, notFound, badResponse }
    var soql: String
    var status: Int
    var body: String
    var kind: Kind
    var exitCode: Int32
    var hintContains: String
    var errorCode: String?
    var testDescription: String { "\(status) \(errorCode ?? "-") \(SOQLObjectName.from(soql) ?? "")" }
}

func kind(of error: SalesforceAPIError) -> ErrorCase.Kind {
    switch error {
    case .notAuthorized: .notAuthorized
    case .missingPermission: .missingPermission
    case .unreachable: .unreachable
    case .badRequest: .badRequest
    case .notFound: .notFound
    case .badResponse: .badResponse
    }
}

private func restError(_ code: String, _ message: String) -> String { #"[{"message":"\#(message)","errorCode":"\#(code)"}]"# }

@Suite struct ClientErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase(soql: "SELECT Id FROM SetupAuditTrail", status: 403, body: restError("INSUFFICIENT_ACCESS", "insufficient access rights on object id"),
                  kind: .missingPermission, exitCode: 77, hintContains: "View Setup and Configuration", errorCode: "INSUFFICIENT_ACCESS"),
        ErrorCase(soql: "SELECT Id FROM LoginHistory", status: 403, body: restError("INSUFFICIENT_ACCESS", "no"),
                  kind: .missingPermission, exitCode: 77, hintContains: "Manage Users", errorCode: "INSUFFICIENT_ACCESS"),
        ErrorCase(soql: "SELECT Id, IsFrozen FROM UserLogin", status: 403, body: restError("INSUFFICIENT_ACCESS", "no"),
                  kind: .missingPermission, exitCode: 77, hintContains: "Manage Users", errorCode: "INSUFFICIENT_ACCESS"),
        ErrorCase(soql: "SELECT Id FROM EmailRelay", status: 403, body: restError("INSUFFICIENT_ACCESS", "no"),
                  kind: .missingPermission, exitCode: 77, hintContains: "\"Email Administration\", \"Customize Application\" and \"View Setup and Configuration\"",
                  errorCode: "INSUFFICIENT_ACCESS"),
        ErrorCase(soql: "SELECT Id FROM User", status: 403, body: restError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
                  kind: .unreachable, exitCode: 69, hintContains: "daily API request limit", errorCode: "REQUEST_LIMIT_EXCEEDED"),
        ErrorCase(soql: "SELECT Id FROM User", status: 403, body: restError("API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner"),
                  kind: .missingPermission, exitCode: 77, hintContains: "API Enabled", errorCode: "API_DISABLED_FOR_ORG"),
        ErrorCase(soql: "SELECT Id, Host FROM EmailRelay", status: 400, body: restError("INVALID_TYPE", "sObject type 'EmailRelay' is not supported."),
                  kind: .badRequest, exitCode: 65, hintContains: "no relay", errorCode: "INVALID_TYPE"),
        ErrorCase(soql: "SELECT Id, Bogus__c FROM User", status: 400, body: restError("INVALID_FIELD", "No such column 'Bogus__c' on entity 'User'."),
                  kind: .badRequest, exitCode: 65, hintContains: "field-level security", errorCode: "INVALID_FIELD"),
        ErrorCase(soql: "SELECT Id FROM User WHERE", status: 400, body: restError("MALFORMED_QUERY", "unexpected token: <EOF>"),
                  kind: .badRequest, exitCode: 65, hintContains: "User", errorCode: "MALFORMED_QUERY"),
        ErrorCase(soql: "SELECT Id FROM User", status: 404, body: restError("NOT_FOUND", "The requested resource does not exist"),
                  kind: .notFound, exitCode: 65, hintContains: "API version", errorCode: "NOT_FOUND"),
        ErrorCase(soql: "SELECT Id FROM User", status: 429, body: "",
                  kind: .unreachable, exitCode: 69, hintContains: "wait", errorCode: nil),
        ErrorCase(soql: "SELECT Id FROM User", status: 503, body: "<html>Service Unavailable</html>",
                  kind: .unreachable, exitCode: 69, hintContains: "status.salesforce.com", errorCode: nil),
        ErrorCase(soql: "SELECT Id FROM User", status: 500, body: restError("UNKNOWN_EXCEPTION", "An unexpected error occurred."),
                  kind: .unreachable, exitCode: 69, hintContains: "retry", errorCode: "UNKNOWN_EXCEPTION"),
    ]

    @Test(arguments: cases)
    func salesforceErrorsMapToTypedErrors(_ example: ErrorCase) async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: example.status, json: example.body)
        let client = SalesforceClient(http: http, auth: StubTokenProvider())

        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query(example.soql) })

        #expect(kind(of: error) == example.kind)
        #expect(error.exitCode == example.exitCode)
        #expect(error.hint.contains(example.hintContains), "hint: \(error.hint)")
        #expect(error.errorCode == example.errorCode)
        if let object = SOQLObjectName.from(example.soql) { #expect(error.problem.contains(object)) }
        #expect(!error.description.contains("FIRST-TOKEN"))
    }

    @Test func invalidTypeIsExposedAsUnsupportedObject() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 400, json: restError("INVALID_TYPE", "sObject type 'EmailRelay' is not supported."))
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM EmailRelay") })
        #expect(error.isUnsupportedObject)
        #expect(error.description.hasPrefix("the query on EmailRelay failed: Salesforce answered INVALID_TYPE: sObject type 'EmailRelay' is not supported. "))
    }

    @Test(arguments: [
        HTTPTransportError.timedOut(url: "https://acme.my.salesforce.com/x", after: 30),
        .cannotConnect(host: "acme.my.salesforce.com", detail: "Could not resolve host"),
        .tlsFailure(host: "acme.my.salesforce.com", detail: "certificate verify failed"),
        .incompleteResponse(url: "https://acme.my.salesforce.com/x", detail: "transfer closed"),
    ])
    func transportErrorsAreUnreachableWithTheDetail(_ transport: HTTPTransportError) async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, .transportError(transport))
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") })
        #expect(kind(of: error) == .unreachable)
        #expect(error.exitCode == 69)
        #expect(error.problem.contains(transport.description))
    }

    @Test func unparseableSuccessIsBadResponse() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 200, json: "<html>login</html>")
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") })
        #expect(kind(of: error) == .badResponse)
        #expect(error.exitCode == 69)
    }

    @Test func expiredSessionIsRenewedOnceAndRetried() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 401, json: restError("INVALID_SESSION_ID", "Session expired or invalid"))
        http.script("GET", queryPath, status: 200, json: #"{"totalSize":0,"done":true,"records":[]}"#)
        let auth = StubTokenProvider(renewals: [StubTokenProvider.session("00DSIM000000001!SECOND-TOKEN")])
        let client = SalesforceClient(http: http, auth: auth)

        _ = try await client.query("SELECT Id FROM User")

        #expect(auth.renewCount == 1)
        #expect(http.requests.map { $0.header("Authorization") } == [
            "Bearer 00DSIM000000001!FIRST-TOKEN", "Bearer 00DSIM000000001!SECOND-TOKEN",
        ])
        // Later calls keep the renewed session.
        _ = try await client.query("SELECT Id FROM User")
        #expect(http.requests.last?.header("Authorization") == "Bearer 00DSIM000000001!SECOND-TOKEN")
    }

    @Test func flowThatCannotRenewGivesNotAuthorizedWithItsHint() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 401, json: restError("INVALID_SESSION_ID", "Session expired or invalid"))
        let auth = EnvironmentTokenProvider(environment: [
            "SF_ACCESS_TOKEN": "00DSIM000000001!ENV-TOKEN", "SF_INSTANCE_URL": "https://acme.my.salesforce.com",
        ])
        let client = SalesforceClient(http: http, auth: auth)

        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") })

        #expect(kind(of: error) == .notAuthorized)
        #expect(error.exitCode == 77)
        #expect(error.errorCode == "INVALID_SESSION_ID")
        #expect(error.hint.contains("the access token in SF_ACCESS_TOKEN expired"))
        #expect(error.hint.contains("sf org auth show-access-token --target-org ALIAS"))
        #expect(!"\(error)".contains("ENV-TOKEN"))
        #expect(http.requests.count == 1)
    }

    @Test func secondRefusalAfterRenewalIsNotAuthorized() async throws {
        let http = ScriptedHTTPClient()
        http.script("GET", queryPath, status: 401, json: restError("INVALID_SESSION_ID", "Session expired or invalid"))
        let auth = StubTokenProvider(renewals: [StubTokenProvider.session("00DSIM000000001!SECOND-TOKEN")])
        let client = SalesforceClient(http: http, auth: auth)

        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") })

        #expect(kind(of: error) == .notAuthorized)
        #expect(error.hint.contains("stub hint"))
        #expect(http.requests.count == 2)
        #expect(auth.renewCount == 1)
    }

    @Test func concurrentCallsShareOneRenewal() async throws {
        let http = ScriptedHTTPClient()
        http.respond("GET", queryPath) { request in
            request.header("Authorization") == "Bearer 00DSIM000000001!FIRST-TOKEN"
                ? HTTPResponse(status: 401, body: Data(restError("INVALID_SESSION_ID", "Session expired or invalid").utf8))
                : HTTPResponse(status: 200, body: Data(#"{"totalSize":0,"done":true,"records":[]}"#.utf8))
        }
        let auth = StubTokenProvider(renewals: [StubTokenProvider.session("00DSIM000000001!SECOND-TOKEN")])
        let client = SalesforceClient(http: http, auth: auth)

        try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<12 { group.addTask { try await client.query("SELECT Id FROM User") } }
            for try await _ in group {}
        }

        #expect(auth.renewCount == 1)
    }
}
