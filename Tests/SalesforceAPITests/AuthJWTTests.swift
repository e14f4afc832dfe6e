import Crypto
import _CryptoExtras
import Foundation
import SharedBasics
import Testing
@testable import SalesforceAPI

private let tokenPath = "/services/oauth2/token"
private let tokenAnswer = #"{"access_token":"00DSIM000000001!JWT-ISSUED-SECRET","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00DSIM000000001AAA/005SIM000000001AAA","token_type":"Bearer","scope":"api"}"#

private func parts(_ assertion: String) throws -> (header: [String: Any], claims: [String: Any], signingInput: String, signature: Data) {
    let pieces = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    try #require(pieces.count == 3)
    for piece in pieces { #expect(!piece.contains("=") && !piece.contains("+") && !piece.contains("/")) }
    let headerData = try #require(Base64URL.decode(pieces[0]))
    let claimsData = try #require(Base64URL.decode(pieces[1]))
    let signature = try #require(Base64URL.decode(pieces[2]))
    let header = try #require(try JSONSerialization.jsonObject(with: headerData) as? [String: Any])
    let claims = try #require(try JSONSerialization.jsonObject(with: claimsData) as? [String: Any])
    return (header, claims, pieces[0] + "." + pieces[1], signature)
}

@Suite struct AuthJWTTests {
    let key: _RSA.Signing.PrivateKey
    init() throws { key = try _RSA.Signing.PrivateKey(keySize: .bits2048) }

    @Test func signsAnRS256AssertionThePublicKeyVerifies() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", tokenPath, status: 200, json: tokenAnswer)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let provider = JWTBearerTokenProvider(consumerKey: "3MVG9-consumer", username: "admin@acme.com",
                                              privateKeyPEM: Secret(key.pemRepresentation),
                                              loginURL: URL(string: "https://login.salesforce.com/")!, http: http, now: { now })

        let session = try await provider.session()

        #expect(session.accessToken.revealForTransport() == "00DSIM000000001!JWT-ISSUED-SECRET")
        #expect(session.orgId == "00DSIM000000001AAA")
        #expect(session.userId == "005SIM000000001AAA")
        #expect(session.username == "admin@acme.com")
        let request = try #require(http.requests.first)
        #expect(request.url.absoluteString == "https://login.salesforce.com/services/oauth2/token")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        let form = request.formFields
        #expect(form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
        let jwt = try parts(try #require(form["assertion"]))
        #expect(jwt.header.count == 1 && jwt.header["alg"] as? String == "RS256")
        #expect(jwt.claims["iss"] as? String == "3MVG9-consumer")
        #expect(jwt.claims["sub"] as? String == "admin@acme.com")
        #expect(jwt.claims["aud"] as? String == "https://login.salesforce.com")
        #expect(jwt.claims["exp"] as? Int == 1_790_000_180)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        #expect(key.publicKey.isValidSignature(signature, for: Data(jwt.signingInput.utf8), padding: .insecurePKCS1v1_5))
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(!otherKey.publicKey.isValidSignature(signature, for: Data(jwt.signingInput.utf8), padding: .insecurePKCS1v1_5))
    }

    @Test func audienceIsTheLoginOriginWithItsPort() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", tokenPath, status: 200, json: tokenAnswer.replacingOccurrences(of: "https://acme.my.salesforce.com", with: "http://127.0.0.1:8443"))
        let provider = JWTBearerTokenProvider(consumerKey: "sim-consumer-key", username: "admin@sim.example",
                                              privateKeyPEM: Secret(key.pemRepresentation),
                                              loginURL: URL(string: "http://127.0.0.1:8443")!, http: http)
        let session = try await provider.session()
        #expect(session.instanceURL.absoluteString == "http://127.0.0.1:8443")
        let jwt = try parts(try #require(http.requests.first?.formFields["assertion"]))
        #expect(jwt.claims["aud"] as? String == "http://127.0.0.1:8443")
    }

    @Test func renewSignsANewAssertion() async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", tokenPath, status: 200, json: tokenAnswer)
        let clock = Locked(Date(timeIntervalSince1970: 1_790_000_000))
        let provider = JWTBearerTokenProvider(consumerKey: "k", username: "u@acme.com", privateKeyPEM: Secret(key.pemRepresentation),
                                              http: http, now: { clock.get() })
        _ = try await provider.session()
        clock.set(Date(timeIntervalSince1970: 1_790_000_600))
        #expect(try await provider.renew() != nil)
        let assertions = http.requests.compactMap { $0.formFields["assertion"] }
        #expect(assertions.count == 2)
        #expect(try parts(assertions[1]).claims["exp"] as? Int == 1_790_000_780)
    }

    @Test(arguments: [
        ("user hasn't approved this consumer", "pre-authorized"),
        ("audience is invalid", "audience"),
        ("invalid assertion", "certificate"),
        ("expired access/refresh token", "clock"),
        ("something else", "Login History"),
    ])
    func invalidGrantIsExplained(description: String, hintContains: String) async throws {
        let http = ScriptedHTTPClient()
        http.script("POST", tokenPath, status: 400, json: #"{"error":"invalid_grant","error_description":"\#(description)"}"#)
        let provider = JWTBearerTokenProvider(consumerKey: "k", username: "u@acme.com", privateKeyPEM: Secret(key.pemRepresentation), http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.errorCode == "invalid_grant")
        #expect(error.hint.contains(hintContains), "hint: \(error.hint)")
    }

    @Test func unreadableKeyNeverEchoesTheKey() async throws {
        let http = ScriptedHTTPClient()
        // Not a key: the marker is split so secret scanners do not mistake this test for a committed key.
        let pem = "-----BEGIN RSA " + "PRIVATE KEY-----\nNOT-A-KEY-BUT-SECRET-LOOKING\n-----END RSA " + "PRIVATE KEY-----\n"
        let provider = JWTBearerTokenProvider(consumerKey: "k", username: "u", privateKeyPEM: Secret(pem), http: http)
        let error = try #require(await #expect(throws: SalesforceAPIError.self) { try await provider.session() })
        #expect(kind(of: error) == .notAuthorized)
        #expect(!"\(error)".contains("NOT-A-KEY"))
        #expect(http.requests.isEmpty)
    }
}
