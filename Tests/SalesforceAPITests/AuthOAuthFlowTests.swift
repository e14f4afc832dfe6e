import Foundation
import Testing
@testable import SalesforceAPI

private let tokenAnswer = #"{"access_token":"00DSIM000000001!OAUTH-ISSUED-SECRET","instance_url":"https://acme.my.salesforce.com","id":"https://acme.my.salesforce.com/id/00DSIM000000001AAA/005SIM000000002AAA","token_type":"Bearer"}"#

@Suite struct AuthOAuthFlowTests {
    @Test func clientCredentialsPostsToMyDomain() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 200, json: tokenAnswer)
        let provider = ClientCredentialsTokenProvider(clientId: "sim-consumer-key", clientSecret: Secret("sim-client-secret&=+"),
                                                      tokenURL: URL(string: "https://acme.my.salesforce.com")!, http: http)
        let session = try await provider.session()
        #expect(session.userId == "005SIM000000002AAA")
        #expect(session.orgId == "00DSIM000000001AAA")
        let request = try #require(http.requests.first)
        #expect(request.url.absoluteString == "https://acme.my.salesforce.com/services/oauth2/token")
        #expect(request.formFields == ["grant_type": "client_credentials", "client_id": "sim-consumer-key", "client_secret": "sim-client-secret&=+"])
        #expect(String(decoding: request.body ?? Data(), as: UTF8.self).contains("client_secret=sim-client-secret%26%3D%2B"))
    }

    @Test func clientCredentialsOnLoginSalesforceComPointsToMyDomain() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 400, json: #"{"error":"invalid_grant","error_description":"request not supported on this domain"}"#)
        let provider = ClientCredentialsTokenProvider(clientId: "k", clientSecret: Secret("s"),
                                                      tokenURL: URL(string: "https://login.salesforce.com/services/oauth2/token")!, http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.hint.contains("My Domain") && error.hint.contains("NAME.my.salesforce.com"))
        #expect(http.requests.first?.url.absoluteString == "https://login.salesforce.com/services/oauth2/token")
    }

    @Test func passwordFlowAppendsTheSecurityToken() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 200, json: tokenAnswer)
        let provider = PasswordTokenProvider(clientId: "sim-consumer-key", clientSecret: Secret("sim-client-secret"), username: "admin@sim.example",
                                             password: Secret("sim-password"), securityToken: Secret("SIMTOKEN123"), http: http)
        let session = try await provider.session()
        #expect(session.username == "admin@sim.example")
        let form = try #require(http.requests.first?.formFields)
        #expect(form["grant_type"] == "password")
        #expect(form["password"] == "sim-passwordSIMTOKEN123")
        #expect(form["username"] == "admin@sim.example")
        #expect(http.requests.first?.url.absoluteString == "https://login.salesforce.com/services/oauth2/token")
    }

    @Test(arguments: [true, false])
    func authenticationFailureListsEveryUsualCause(hasToken: Bool) async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 400, json: #"{"error":"invalid_grant","error_description":"authentication failure"}"#)
        let provider = PasswordTokenProvider(clientId: "k", clientSecret: Secret("s"), username: "admin@acme.com", password: Secret("pw-SECRET"),
                                             securityToken: hasToken ? Secret("TOKEN-SECRET") : nil, http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.problem.contains("invalid_grant: authentication failure"))
        for cause in ["wrong username or password", "security token", "Reset My Security Token", "password reset changes it",
                      "Login IP Ranges", "trusted IPs", "Allow OAuth Username-Password Flows"] {
            #expect(error.hint.contains(cause), "missing \(cause)")
        }
        #expect(error.hint.contains(hasToken ? "old security token" : "missing security token"))
        #expect(!"\(error)".contains("SECRET"))
    }

    @Test func ipRestrictedHasItsOwnHint() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 400, json: #"{"error":"invalid_grant","error_description":"IP restricted"}"#)
        let provider = PasswordTokenProvider(clientId: "k", clientSecret: Secret("s"), username: "u", password: Secret("p"), securityToken: nil, http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(error.hint.contains("Login IP Ranges"))
        #expect(!error.hint.contains("Reset My Security Token"))
    }

    @Test func wrongClientIdAndServerErrors() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 400, json: #"{"error":"invalid_client_id","error_description":"client identifier invalid"}"#)
        http.script("POST", "/services/oauth2/token", status: 503, json: "")
        http.script("POST", "/services/oauth2/token", .transportError(.cannotConnect(host: "login.salesforce.com", detail: "refused")))
        let provider = PasswordTokenProvider(clientId: "k", clientSecret: Secret("s"), username: "u", password: Secret("p"), securityToken: nil, http: http)
        let first = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(first.hint.contains("consumer key"))
        let second = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: second) == .unreachable)
        let third = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: third) == .unreachable)
        #expect(third.problem.contains("refused"))
    }

    @Test func tokenAnswerWithPlainHTTPInstanceIsRefused() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 200, json: tokenAnswer.replacingOccurrences(of: "https://acme", with: "http://acme"))
        let provider = ClientCredentialsTokenProvider(clientId: "k", clientSecret: Secret("s"), tokenURL: URL(string: "https://acme.my.salesforce.com")!, http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.problem.contains("https"))
    }

    @Test func answerWithoutTokenIsBadResponse() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", "/services/oauth2/token", status: 200, json: #"{"instance_url":"https://acme.my.salesforce.com"}"#)
        let provider = ClientCredentialsTokenProvider(clientId: "k", clientSecret: Secret("s"), tokenURL: URL(string: "https://acme.my.salesforce.com")!, http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .badResponse)
    }
}
