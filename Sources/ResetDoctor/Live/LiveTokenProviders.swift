import Foundation
import SalesforceAPI

/// Builds the token provider of a chosen flow, reading its secrets from the environment or the key file straight
/// into `Secret`s.
enum LiveTokenProviders {
    static func make(_ flow: LiveAuthFlow, environment: [String: String], http: any HTTPClient,
                     deadline: RunDeadline? = nil) throws(LiveAuthError) -> any AccessTokenProvider {
        func secret(_ name: String) -> Secret? {
            environment[name].flatMap { $0.isEmpty ? nil : Secret($0) }
        }
        switch flow {
        case .salesforceCLI(let alias):
            // sf runs before any request: its own 90 s bound is cut to the run's deadline.
            return SalesforceCLITokenProvider(alias: alias, timeout: min(90, deadline?.seconds ?? 90))
        case .jwtBearer(let keyFile, let clientId, let username, let loginURL):
            guard let pem = FileManager.default.contents(atPath: keyFile), let text = String(data: pem, encoding: .utf8),
                  text.contains("PRIVATE KEY")
            else {
                throw .unreadableKey(path: keyFile)
            }
            return JWTBearerTokenProvider(consumerKey: clientId, username: username, privateKeyPEM: Secret(text), loginURL: loginURL, http: http)
        case .clientCredentials(let clientId, let tokenURL):
            guard let clientSecret = secret("SF_CLIENT_SECRET") else {
                throw .incomplete(flow: "client credentials", missing: "the environment variable SF_CLIENT_SECRET")
            }
            return ClientCredentialsTokenProvider(clientId: clientId, clientSecret: clientSecret, tokenURL: tokenURL, http: http)
        case .password(let username, let clientId, let loginURL):
            guard let clientSecret = secret("SF_CLIENT_SECRET"), let password = secret("SF_PASSWORD") else {
                throw .incomplete(flow: "username-password", missing: "SF_PASSWORD and SF_CLIENT_SECRET in the environment")
            }
            return PasswordTokenProvider(clientId: clientId, clientSecret: clientSecret, username: username, password: password,
                                         securityToken: secret("SF_SECURITY_TOKEN"), loginURL: loginURL, http: http)
        case .environmentToken:
            return EnvironmentTokenProvider(environment: environment)
        }
    }
}
