import Foundation

/// The legacy OAuth username-password flow: password + security token appended. Salesforce is deprecating it;
/// its failures are deliberately vague, so the hint lists every usual cause.
public struct PasswordTokenProvider: AccessTokenProvider {
    private let clientId: String
    private let clientSecret: Secret
    private let username: String
    private let password: Secret
    private let securityToken: Secret?
    private let loginURL: URL
    private let http: any HTTPClient

    public init(clientId: String, clientSecret: Secret, username: String, password: Secret, securityToken: Secret?,
                loginURL: URL = URL(string: "https://login.salesforce.com")!,  // a literal: cannot fail
                http: any HTTPClient) {
        self.clientId = clientId; self.clientSecret = clientSecret; self.username = username; self.password = password
        self.securityToken = securityToken; self.loginURL = loginURL; self.http = http
    }

    public var flowName: String { "username-password" }

    public func session() async throws(SalesforceAPIError) -> SalesforceSession {
        let endpoint = OAuthTokenEndpoint(http: http, url: InstanceURL.tokenEndpoint(loginURL), flowName: flowName)
        let hasToken = !(securityToken?.isEmpty ?? true)
        return try await endpoint.requestSession(
            form: [("grant_type", "password"), ("client_id", clientId), ("client_secret", clientSecret.revealForTransport()),
                   ("username", username),
                   ("password", password.revealForTransport() + (securityToken?.revealForTransport() ?? ""))],
            username: username,
            explain: { _, description in Self.explain(description, hasSecurityToken: hasToken) })
    }

    public func renew() async throws(SalesforceAPIError) -> SalesforceSession? { try await session() }

    public var expiredSessionHint: String {
        "the username-password session was refused: log in again; consider the JWT bearer or client credentials flow"
    }

    static func explain(_ description: String, hasSecurityToken: Bool) -> String {
        let text = description.lowercased()
        if text.contains("ip restricted") {
            return "the login came from an IP outside the profile's Login IP Ranges: run from an allowed network, "
                + "or add this IP to the profile's Login IP Ranges (a security token does not help here)"
        }
        if text.contains("inactive user") { return "the user is inactive: use an active administrator" }
        if text.contains("password expired") { return "the password expired: log in through the browser and set a new one" }
        let tokenLine = hasSecurityToken
            ? "an old security token (a password reset issues a new one: use the latest email)"
            : "a missing security token (needed from IPs outside the org's trusted ranges)"
        return "\"authentication failure\" means one of: a wrong username or password; " + tokenLine
            + " — reset it under Settings > Reset My Security Token, and note that every password reset changes it; "
            + "an untrusted IP (profile Login IP Ranges, or Setup > Network Access trusted IPs); or the flow is blocked "
            + "for the org (\"Allow OAuth Username-Password Flows\" in OAuth and OpenID Connect Settings). "
            + "The user's Login History shows which"
    }
}
