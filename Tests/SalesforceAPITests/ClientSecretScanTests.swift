import Foundation
import Testing
@testable import SalesforceAPI

/// Every error and receipt a run can produce, printed every way a caller might print it, holds no secret.
@Suite struct ClientSecretScanTests {
    static let secrets = ["SCAN-ACCESS-TOKEN", "SCAN-TEMP-PASSWORD", "SCAN-PASSWORD", "SCAN-SECURITY-TOKEN", "SCAN-CLIENT-SECRET", "SCAN-CLI-TOKEN"]

    private func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    @Test func noErrorOrReceiptRevealsASecret() async throws {
        var values: [Any] = []
        let token = "00DSIM000000001!SCAN-ACCESS-TOKEN"

        // REST errors, including bodies that echo the token back, and the reset receipt.
        let http = ScriptedHTTPClient()
        let reset = "/services/data/v62.0/sobjects/User/005000000000001/password"
        http.script("DELETE", reset, status: 200, json: #"{"NewPassword":"SCAN-TEMP-PASSWORD"}"#)
        http.script("DELETE", reset, status: 403, json: #"[{"message":"You do not have permission to view this record.","errorCode":"INSUFFICIENT_ACCESS"}]"#)
        http.script("GET", "/services/data/v62.0/query", status: 401, json: #"[{"message":"Session \#(token) expired","errorCode":"INVALID_SESSION_ID"}]"#)
        http.script("GET", "/services/data/v62.0/query", status: 500, json: "<html>\(token)</html>")
        let env = EnvironmentTokenProvider(environment: ["SF_ACCESS_TOKEN": token, "SF_INSTANCE_URL": "https://acme.my.salesforce.com"])
        let client = SalesforceClient(http: http, auth: env)
        values.append(try await client.resetPassword(userId: "005000000000001"))
        for _ in 0..<2 {
            do { _ = try await client.resetPassword(userId: "005000000000001") } catch { values.append(error) }
            do { _ = try await client.query("SELECT Id FROM User") } catch { values.append(error) }
        }
        values.append(try await env.session())

        // Login flows that fail with the secrets on the wire.
        let login = ScriptedHTTPClient()
        login.script("POST", "/services/oauth2/token", status: 400, json: #"{"error":"invalid_grant","error_description":"authentication failure"}"#)
        let password = PasswordTokenProvider(clientId: "k", clientSecret: Secret("SCAN-CLIENT-SECRET"), username: "u",
                                             password: Secret("SCAN-PASSWORD"), securityToken: Secret("SCAN-SECURITY-TOKEN"), http: login)
        do { _ = try await password.session() } catch { values.append(error) }
        let credentials = ClientCredentialsTokenProvider(clientId: "k", clientSecret: Secret("SCAN-CLIENT-SECRET"),
                                                         tokenURL: URL(string: "https://acme.my.salesforce.com")!, http: login)
        do { _ = try await credentials.session() } catch { values.append(error) }
        values.append(password)
        values.append(credentials)

        // The CLI, whose error output echoes a token.
        let runner = RecordedCommandRunner([
            ["sf", "org", "auth", "show-access-token", "--target-org", "acme", "--json"]: .success(CommandOutput(
                exitStatus: 1, stdout: Data(#"{"status":1,"name":"AuthError","message":"bad token 00DSIM000000001!SCAN-CLI-TOKEN"}"#.utf8))),
        ])
        do { _ = try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session() } catch { values.append(error) }

        #expect(values.count >= 10)
        for value in values {
            for text in renderings(value) {
                for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) in \(text)") }
            }
        }
    }
}
