import Crypto
import SalesforceAPI
import Foundation
import SalesforceSimulator
import SharedBasics
import _CryptoExtras

/// Files the simulator tests use, found from this file's place in the checkout.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let multiUser = repoRoot.appendingPathComponent("Tests/Fixtures/sim-scenarios/multi-user")
    static func demo(_ name: String) -> URL { repoRoot.appendingPathComponent("demos/\(name)") }
    static let keys = repoRoot.appendingPathComponent("Tests/Fixtures/test-only-keys")
    static var publicKeyPEM: String {
        (try? String(contentsOf: keys.appendingPathComponent("jwt-test-only.pub.pem"), encoding: .utf8)) ?? ""
    }
    static var privateKeyPEM: String {
        (try? String(contentsOf: keys.appendingPathComponent("jwt-test-only.key"), encoding: .utf8)) ?? ""
    }
}

/// A started simulator and a client for it; `stop()` at the end of each test.
struct RunningSimulator {
    let simulator: SalesforceSimulator
    let client: RawHTTPClient
    let version = "/services/data/v62.0"

    static func start(
        _ scenario: URL = Fixtures.multiUser, faults: SimulatorFaults = .none, pageSize: Int = 2000
    ) async throws -> RunningSimulator {
        let simulator = try SalesforceSimulator(
            scenario: scenario, faults: faults, jwtPublicKeyPEM: Fixtures.publicKeyPEM, pageSize: pageSize)
        let port = try await simulator.start()
        return RunningSimulator(simulator: simulator, client: RawHTTPClient(port: port))
    }

    func stop() async { await simulator.stop() }

    /// A token through the client-credentials grant.
    func login() async throws -> String {
        let response = try await client.postForm("/services/oauth2/token", [
            ("grant_type", "client_credentials"), ("client_id", SimulatorCredentials.clientId),
            ("client_secret", SimulatorCredentials.clientSecret),
        ])
        return response.object?["access_token"] as? String ?? "no token: \(response.bodyText)"
    }

    func query(_ soql: String, token: String, tooling: Bool = false) async throws -> RawHTTPResponse {
        try await client.get("\(version)/\(tooling ? "tooling/" : "")query", query: "q", soql, token: token)
    }
}

extension RawHTTPResponse {
    /// `records` of a query response.
    var records: [[String: Any]] { object?["records"] as? [[String: Any]] ?? [] }
    func strings(_ field: String) -> [String] { records.compactMap { $0[field] as? String } }
}

/// Signs JWT bearer assertions with the test-only key, with claims the test can break one at a time.
struct TestJWT {
    var header: [String: Any] = ["alg": "RS256"]
    var claims: [String: Any]

    init(audience: String = "https://login.salesforce.com", subject: String = SimulatorCredentials.username,
         issuer: String = SimulatorCredentials.clientId, expiresIn seconds: Int = 120) {
        claims = ["iss": issuer, "sub": subject, "aud": audience, "exp": Int(Date().timeIntervalSince1970) + seconds]
    }

    func signed(with privateKeyPEM: String = Fixtures.privateKeyPEM) throws -> String {
        let input = Self.encode(try JSONSerialization.data(withJSONObject: header)) + "."
            + Self.encode(try JSONSerialization.data(withJSONObject: claims))
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + Self.encode(signature.rawRepresentation)
    }

    static func encode(_ data: Data) -> String { Base64URL.encode(data) }
}

extension RunningSimulator {
    /// A simulator serving only generated users.
    static func generated(
        _ users: GeneratedUsers, pageSize: Int = 2000, faults: SimulatorFaults = .none, limits: APILimits = APILimits()
    ) async throws -> RunningSimulator {
        let simulator = try SalesforceSimulator(scenario: nil, generatedUsers: users, faults: faults, pageSize: pageSize, limits: limits)
        let port = try await simulator.start()
        return RunningSimulator(simulator: simulator, client: RawHTTPClient(port: port))
    }

    /// The package's own client over libcurl, with a token the simulator accepts (as `SF_ACCESS_TOKEN` would carry).
    func apiClient(maxConcurrent: Int = 4) -> SalesforceClient {
        let auth = EnvironmentTokenProvider(environment: [
            "SF_ACCESS_TOKEN": simulator.issueAccessToken(), "SF_INSTANCE_URL": simulator.baseURL.absoluteString,
        ])
        return SalesforceClient(http: CurlHTTPClient(configuration: .init(maxConcurrent: maxConcurrent)), auth: auth)
    }
}
