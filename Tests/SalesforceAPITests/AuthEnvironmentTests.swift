import Foundation
import Testing
@testable import SalesforceAPI

@Suite struct AuthEnvironmentTests {
    @Test func readsTokenAndInstanceFromTheEnvironment() async throws {
        let provider = EnvironmentTokenProvider(environment: [
            "SF_ACCESS_TOKEN": "00DSIM000000001!ENV-SECRET", "SF_INSTANCE_URL": "https://acme.my.salesforce.com",
        ])
        let session = try await provider.session()
        #expect(session.instanceURL.absoluteString == "https://acme.my.salesforce.com")
        #expect(session.accessToken.revealForTransport() == "00DSIM000000001!ENV-SECRET")
        #expect(session.orgId == "00DSIM000000001")
        #expect(try await provider.renew() == nil)
        var dumped = ""
        dump(session, to: &dumped)
        #expect(!dumped.contains("ENV-SECRET"))
        #expect(!"\(session)".contains("ENV-SECRET"))
    }

    @Test func plainHTTPIsAllowedToLoopbackOnly() async throws {
        for allowed in ["http://127.0.0.1:8443", "http://localhost:9000", "http://[::1]:8080"] {
            let provider = EnvironmentTokenProvider(environment: ["SF_ACCESS_TOKEN": "t", "SF_INSTANCE_URL": allowed])
            #expect(try await provider.session().instanceURL.absoluteString == allowed)
        }
        for refused in ["http://acme.my.salesforce.com", "ftp://acme.example", "acme.my.salesforce.com", "http://127.0.0.1.evil.example",
                        "https://user:pw@acme.my.salesforce.com"] {
            let provider = EnvironmentTokenProvider(environment: ["SF_ACCESS_TOKEN": "t", "SF_INSTANCE_URL": refused])
            let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() }, "\(refused)")
            #expect(kind(of: error) == .notAuthorized)
        }
    }

    @Test func missingVariablesSayWhatToSet() async throws {
        let noToken = EnvironmentTokenProvider(environment: ["SF_INSTANCE_URL": "https://acme.my.salesforce.com"])
        let tokenError = try #require(await #expect(throws: SalesforceAPIError.self) { try await noToken.session() })
        #expect(tokenError.problem.contains("SF_ACCESS_TOKEN"))
        #expect(tokenError.exitCode == 77)
        let noURL = EnvironmentTokenProvider(environment: ["SF_ACCESS_TOKEN": "x"])
        let urlError = try #require(await #expect(throws: SalesforceAPIError.self) { try await noURL.session() })
        #expect(urlError.problem.contains("SF_INSTANCE_URL"))
    }
}
