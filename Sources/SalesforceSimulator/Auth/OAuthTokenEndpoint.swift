import Crypto
import Foundation
import Salesforce
import SharedBasics

/// `POST /services/oauth2/token`: the password, client-credentials and JWT bearer grants (salesforce.md §7).
/// Errors use the OAuth shape with Salesforce's own `error_description` texts.
struct OAuthTokenEndpoint: Sendable {
    typealias Login = (username: String, userId: String)

    /// An OAuth error answer: `error` code and `error_description`.
    struct Refusal: Error {
        var error: String
        var description: String
        init(_ error: String, _ description: String) { self.error = error; self.description = description }
    }

    let scenario: Scenario
    let jwtVerifier: JWTAssertionVerifier?
    let state: Locked<SimulatorState>

    func handle(_ request: SimulatorRequest, baseURL: String, now: Date = Date()) -> SimulatorResponse {
        guard request.method == "POST" else {
            return .oauthError("invalid_request", "must use HTTP POST", status: 405)
        }
        let form = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
        let outcome: Result<Login, Refusal>
        switch form["grant_type"] {
        case "password": outcome = passwordGrant(form)
        case "client_credentials": outcome = clientCredentialsGrant(form)
        case "urn:ietf:params:oauth:grant-type:jwt-bearer": outcome = jwtBearerGrant(form, baseURL: baseURL, now: now)
        case nil: return .oauthError("unsupported_grant_type", "grant type not supported: grant_type is missing")
        default: return .oauthError("unsupported_grant_type", "grant type not supported")
        }
        switch outcome {
        case .failure(let refusal): return .oauthError(refusal.error, refusal.description)
        case .success(let login): return issue(for: login, baseURL: baseURL, now: now)
        }
    }

    private func passwordGrant(_ form: [String: String]) -> Result<Login, Refusal> {
        if let refusal = checkClient(form) { return .failure(refusal) }
        let correct = SimulatorCredentials.password + SimulatorCredentials.securityToken
        guard form["username"]?.caseInsensitiveCompare(SimulatorCredentials.username) == .orderedSame,
              let password = form["password"], password == correct || password == SimulatorCredentials.password else {
            return .failure(Refusal("invalid_grant", "authentication failure"))
        }
        if state.withLock({ $0.faults.ipRestricted }) {
            return .failure(Refusal("invalid_grant", "IP restricted"))
        }
        // Without the security token Salesforce gives the same generic answer as for a wrong password.
        guard password == correct else { return .failure(Refusal("invalid_grant", "authentication failure")) }
        return .success((SimulatorCredentials.username, SimulatorCredentials.adminUserId))
    }

    private func clientCredentialsGrant(_ form: [String: String]) -> Result<Login, Refusal> {
        if let refusal = checkClient(form) { return .failure(refusal) }
        return .success((SimulatorCredentials.username, SimulatorCredentials.adminUserId))
    }

    private func jwtBearerGrant(
        _ form: [String: String], baseURL: String, now: Date
    ) -> Result<Login, Refusal> {
        guard let jwtVerifier else {
            return .failure(Refusal("invalid_grant", "invalid assertion: the connected app has no certificate (start the simulator with --jwt-public-key)"))
        }
        guard let assertion = form["assertion"], !assertion.isEmpty else {
            return .failure(Refusal("invalid_grant", "invalid assertion: the assertion parameter is missing"))
        }
        let audiences = ["https://login.salesforce.com", "https://test.salesforce.com", baseURL]
        let usernames = [SimulatorCredentials.username] + scenario.usernames
        do {
            let username = try jwtVerifier.verify(
                assertion, consumerKey: SimulatorCredentials.clientId, audiences: audiences, usernames: usernames, now: now)
            let userId = scenario.records["User"]?.first { $0["Username"]?.stringValue == username }?["Id"]?.stringValue
            return .success((username, userId ?? SimulatorCredentials.adminUserId))
        } catch {
            return .failure(Refusal("invalid_grant", error.description))
        }
    }

    private func checkClient(_ form: [String: String]) -> Refusal? {
        guard form["client_id"] == SimulatorCredentials.clientId else {
            return Refusal("invalid_client_id", "client identifier invalid")
        }
        guard form["client_secret"] == SimulatorCredentials.clientSecret else {
            return Refusal("invalid_client", "invalid client credentials")
        }
        return nil
    }

    private func issue(for login: Login, baseURL: String, now: Date) -> SimulatorResponse {
        let token = RandomText.accessToken()
        state.withLock { $0.tokens[token] = login.username }
        let identity = "\(baseURL)/id/\(scenario.org.id)/\(login.userId)"
        let issuedAt = String(Int(now.timeIntervalSince1970 * 1000))
        // Salesforce signs id + issued_at with the client secret (HMAC-SHA256, base64).
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((identity + issuedAt).utf8), using: SymmetricKey(data: Data(SimulatorCredentials.clientSecret.utf8)))
        return .json(200, [
            "access_token": token, "instance_url": baseURL, "id": identity, "token_type": "Bearer",
            "issued_at": issuedAt, "signature": Data(mac).base64EncodedString(),
        ])
    }
}
