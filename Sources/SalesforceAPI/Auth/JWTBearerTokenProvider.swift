import Foundation
import SharedBasics
import Crypto
import _CryptoExtras

/// OAuth 2.0 JWT bearer flow (reference/salesforce.md §7): an RS256 assertion signed with the connected app's private
/// key, for scheduled jobs. Renewing signs a new assertion.
public struct JWTBearerTokenProvider: AccessTokenProvider {
    private let consumerKey: String
    private let username: String
    private let privateKeyPEM: Secret
    private let loginURL: URL
    private let http: any HTTPClient
    private let now: @Sendable () -> Date

    /// The assertion's lifetime: Salesforce accepts `exp` at most 3 minutes ahead.
    static let lifetime: TimeInterval = 180

    public init(consumerKey: String, username: String, privateKeyPEM: Secret,
                loginURL: URL = URL(string: "https://login.salesforce.com")!,  // a literal: cannot fail
                http: any HTTPClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.consumerKey = consumerKey; self.username = username; self.privateKeyPEM = privateKeyPEM
        self.loginURL = loginURL; self.http = http; self.now = now
    }

    public var flowName: String { "JWT bearer" }

    public func session() async throws(SalesforceAPIError) -> SalesforceSession {
        let login = try InstanceURL.validated(loginURL.absoluteString, source: "the JWT bearer login URL")
        let assertion = try signedAssertion(audience: InstanceURL.origin(of: login))
        let endpoint = OAuthTokenEndpoint(http: http, url: InstanceURL.tokenEndpoint(login), flowName: flowName)
        return try await endpoint.requestSession(
            form: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)],
            username: username, explain: Self.explain)
    }

    public func renew() async throws(SalesforceAPIError) -> SalesforceSession? { try await session() }

    public var expiredSessionHint: String {
        "the JWT bearer session was refused: check the connected app's session policies and that \(username) is still pre-authorized"
    }

    /// header.claims.signature, each base64url without padding; RS256 = RSASSA-PKCS1-v1_5 with SHA-256.
    func signedAssertion(audience: String) throws(SalesforceAPIError) -> String {
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM.revealForTransport())
        } catch {
            throw .notAuthorized(problem: "the private key for the JWT bearer flow could not be read",
                                 hint: "give an unencrypted RSA private key (2048 bits or more) in PEM, PKCS#1 or PKCS#8: "
                                     + "`openssl rsa -in KEY -out key.pem` removes a passphrase")
        }
        let claims = JWTClaims(iss: consumerKey, sub: username, aud: audience,
                               exp: Int((now().timeIntervalSince1970 + Self.lifetime).rounded(.down)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput: String
        do {
            signingInput = Base64URL.encode(Data(#"{"alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(try encoder.encode(claims))
        } catch {
            throw .badRequest(problem: "the JWT claims could not be encoded", hint: "report it")
        }
        do {
            // The library calls RS256's padding "insecurePKCS1v1_5"; it is the one Salesforce requires.
            let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw .notAuthorized(problem: "the JWT assertion could not be signed with the private key",
                                 hint: "check the key is an RSA private key of 2048 bits or more")
        }
    }

    static let explain: OAuthTokenEndpoint.ExplainRefusal = { error, description in
        let text = description.lowercased()
        if text.contains("approve") || text.contains("authoriz") {
            return "the user is not pre-authorized for the connected app: set \"Admin approved users are pre-authorized\" "
                + "and add the user's profile or a permission set to the app"
        }
        if text.contains("audience") {
            return "the audience is wrong: use https://login.salesforce.com for production, https://test.salesforce.com "
                + "for sandboxes, or the Experience Cloud site URL (--login-url)"
        }
        if text.contains("expired") {
            return "the assertion expired: check this machine's clock (exp is now + 3 minutes)"
        }
        if text.contains("invalid assertion") || text.contains("signature") || text.contains("certificate") {
            return "the signature does not match the certificate uploaded to the connected app (\"Use digital signatures\"): "
                + "upload the certificate of this private key"
        }
        return "a JWT bearer login fails when the user is not pre-authorized for the app, the audience (login URL) is wrong "
            + "for the org (login vs test vs My Domain), the certificate on the app does not match the key, or the "
            + "consumer key or username is wrong; the user's Login History shows which"
    }
}

struct JWTClaims: Encodable {
    var iss: String
    var sub: String
    var aud: String
    var exp: Int
}

