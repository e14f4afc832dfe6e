import Foundation

/// OAuth 2.0 client credentials flow: server to server, the token acts as the app's "Run As" user.
/// It must be called on the org's My Domain, not login.salesforce.com.
public struct ClientCredentialsTokenProvider: AccessTokenProvider {
    private let clientId: String
    private let clientSecret: Secret
    private let tokenURL: URL
    private let http: any HTTPClient

    /// `tokenURL`: the My Domain (https://NAME.my.salesforce.com) or its /services/oauth2/token.
    public init(clientId: String, clientSecret: Secret, tokenURL: URL, http: any HTTPClient) {
        self.clientId = clientId; self.clientSecret = clientSecret; self.tokenURL = tokenURL; self.http = http
    }

    public var flowName: String { "client credentials" }

    public func session() async throws(SalesforceAPIError) -> SalesforceSession {
        let endpoint = OAuthTokenEndpoint(http: http, url: InstanceURL.tokenEndpoint(tokenURL), flowName: flowName)
        let onGenericLogin = ["login.salesforce.com", "test.salesforce.com"].contains(tokenURL.host?.lowercased() ?? "")
        return try await endpoint.requestSession(
            form: [("grant_type", "client_credentials"), ("client_id", clientId),
                   ("client_secret", clientSecret.revealForTransport())],
            username: nil,
            explain: { _, description in
                var hint = "the client credentials flow needs \"Enable Client Credentials Flow\" on the app with a \"Run As\" user, "
                    + "the right consumer key and secret, and the org's My Domain token URL"
                if description.lowercased().contains("no client credentials user") {
                    hint = "set a \"Run As\" user under the app's Client Credentials Flow settings"
                }
                if onGenericLogin { hint += " (this flow does not work on login.salesforce.com: use https://NAME.my.salesforce.com)" }
                return hint
            })
    }

    public func renew() async throws(SalesforceAPIError) -> SalesforceSession? { try await session() }

    public var expiredSessionHint: String {
        "the client credentials session was refused: check the app's session timeout and that its Run As user is active"
    }
}
