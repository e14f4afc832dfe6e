import Foundation
import SalesforceSimulator
import Testing
import _CryptoExtras

@Suite("Simulator OAuth token endpoint")
struct OAuthTokenTests {
    private func passwordGrant(_ sim: RunningSimulator, password: String) async throws -> RawHTTPResponse {
        try await sim.client.postForm("/services/oauth2/token", [
            ("grant_type", "password"), ("client_id", SimulatorCredentials.clientId),
            ("client_secret", SimulatorCredentials.clientSecret), ("username", SimulatorCredentials.username),
            ("password", password),
        ])
    }

    private func jwtGrant(_ sim: RunningSimulator, _ assertion: String) async throws -> RawHTTPResponse {
        try await sim.client.postForm("/services/oauth2/token", [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion),
        ])
    }

    @Test func passwordGrantWithSecurityTokenIssuesAWorkingToken() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await passwordGrant(sim, password: SimulatorCredentials.password + SimulatorCredentials.securityToken)
        #expect(response.status == 200)
        let body = try #require(response.object)
        let token = try #require(body["access_token"] as? String)
        #expect(token.hasPrefix("00DSIM000000001!SIM."))
        #expect(body["instance_url"] as? String == sim.simulator.baseURL.absoluteString)
        #expect(body["id"] as? String == "\(sim.simulator.baseURL.absoluteString)/id/00DSIM000000001AAA/005SIM000000001AAA")
        #expect(body["token_type"] as? String == "Bearer")
        #expect(Int(body["issued_at"] as? String ?? "") != nil)
        #expect((body["signature"] as? String)?.isEmpty == false)
        let query = try await sim.query("SELECT Id FROM Organization", token: token)
        #expect(query.status == 200)
    }

    @Test(arguments: ["sim-passwordWRONGTOKEN", "sim-password", "wrong-passwordSIMTOKEN123", ""])
    func passwordGrantWithoutTheRightPasswordAndTokenFails(password: String) async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await passwordGrant(sim, password: password)
        #expect(response.status == 400)
        #expect(response.object?["error"] as? String == "invalid_grant")
        #expect(response.object?["error_description"] as? String == "authentication failure")
    }

    @Test func passwordGrantFromAnUntrustedAddressIsIPRestricted() async throws {
        let sim = try await RunningSimulator.start(faults: SimulatorFaults(ipRestricted: true))
        defer { Task { await sim.stop() } }
        let response = try await passwordGrant(sim, password: SimulatorCredentials.password + SimulatorCredentials.securityToken)
        #expect(response.status == 400)
        #expect(response.object?["error_description"] as? String == "IP restricted")
    }

    @Test func clientCredentialsGrant() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let good = try await sim.login()
        #expect(good.hasPrefix("00DSIM000000001!SIM."))

        let badSecret = try await sim.client.postForm("/services/oauth2/token", [
            ("grant_type", "client_credentials"), ("client_id", SimulatorCredentials.clientId), ("client_secret", "nope"),
        ])
        #expect(badSecret.status == 400)
        #expect(badSecret.object?["error"] as? String == "invalid_client")

        let badClient = try await sim.client.postForm("/services/oauth2/token", [
            ("grant_type", "client_credentials"), ("client_id", "other-app"), ("client_secret", SimulatorCredentials.clientSecret),
        ])
        #expect(badClient.object?["error"] as? String == "invalid_client_id")
    }

    @Test func unsupportedGrantType() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await sim.client.postForm("/services/oauth2/token", [("grant_type", "authorization_code")])
        #expect(response.status == 400)
        #expect(response.object?["error"] as? String == "unsupported_grant_type")
    }

    @Test(arguments: ["https://login.salesforce.com", "https://test.salesforce.com", "BASE"])
    func jwtBearerGrantAcceptsEachAudience(audience: String) async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let aud = audience == "BASE" ? sim.simulator.baseURL.absoluteString : audience
        let response = try await jwtGrant(sim, try TestJWT(audience: aud).signed())
        #expect(response.status == 200, "\(response.bodyText)")
        let token = try #require(response.object?["access_token"] as? String)
        #expect(try await sim.query("SELECT Id FROM User", token: token).status == 200)
    }

    @Test func jwtBearerGrantForAScenarioUserNamesThatUserInTheIdentityURL() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await jwtGrant(sim, try TestJWT(subject: "dana.ops@sim.example").signed())
        #expect((response.object?["id"] as? String)?.hasSuffix("/005SIM0000000D1AAA") == true)
    }

    /// Each broken assertion and the words its refusal must contain.
    static let brokenAssertions: [(name: String, expected: String, make: @Sendable () throws -> String)] = [
        ("expired", "expired assertion", { try TestJWT(expiresIn: -10).signed() }),
        ("too far ahead", "at most 3 minutes", { try TestJWT(expiresIn: 600).signed() }),
        ("wrong audience", "audience is invalid", { try TestJWT(audience: "https://evil.example").signed() }),
        ("unknown user", "sub is not a known", { try TestJWT(subject: "nobody@sim.example").signed() }),
        ("wrong issuer", "iss is not the consumer key", { try TestJWT(issuer: "other-app").signed() }),
        ("no exp", "exp (expiry, epoch seconds) is missing", {
            var jwt = TestJWT(); jwt.claims["exp"] = nil; return try jwt.signed()
        }),
        ("HS256", "alg must be RS256", { var jwt = TestJWT(); jwt.header["alg"] = "HS256"; return try jwt.signed() }),
        ("other key", "signature does not verify", {
            try TestJWT().signed(with: try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation)
        }),
        ("tampered claims", "signature does not verify", {
            let parts = try TestJWT().signed().split(separator: ".").map(String.init)
            let forged = TestJWT.encode(try JSONSerialization.data(withJSONObject: TestJWT(subject: "dana.ops@sim.example").claims))
            return [parts[0], forged, parts[2]].joined(separator: ".")
        }),
        ("not a JWT", "three dot-separated parts", { "not-a-jwt" }),
    ]

    @Test(arguments: brokenAssertions.indices)
    func jwtBearerGrantRefusesABrokenAssertionPrecisely(index: Int) async throws {
        let broken = Self.brokenAssertions[index]
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        let response = try await jwtGrant(sim, try broken.make())
        #expect(response.status == 400, "\(broken.name)")
        #expect(response.object?["error"] as? String == "invalid_grant", "\(broken.name)")
        let description = response.object?["error_description"] as? String ?? ""
        #expect(description.contains(broken.expected), "\(broken.name): \(description)")
    }

    @Test func dataCallsWithoutAValidTokenGetInvalidSession() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { await sim.stop() } }
        for token in [nil, "00DSIM000000001!SIM.madeup"] as [String?] {
            let response = try await sim.client.get("\(sim.version)/query?q=SELECT+Id+FROM+User", token: token)
            #expect(response.status == 401)
            #expect(response.bodyText == #"[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]"#)
        }
        let token = sim.simulator.issueAccessToken()
        #expect(try await sim.client.get("\(sim.version)/query?q=SELECT+Id+FROM+User", token: token).status == 200)
    }
}
