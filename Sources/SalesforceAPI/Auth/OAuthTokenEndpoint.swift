import Foundation

/// POSTs a form to /services/oauth2/token and reads the answer: access_token (kept a Secret), instance_url,
/// id (…/id/00D…/005… → orgId, userId). Refusals become notAuthorized with the flow's own explanation.
struct OAuthTokenEndpoint: Sendable {
    var http: any HTTPClient
    var url: URL
    var flowName: String

    /// What the flow says about a refusal: (error, error_description) → hint.
    typealias ExplainRefusal = @Sendable (_ error: String, _ description: String) -> String

    func requestSession(form: [(String, String)], username: String?, explain: ExplainRefusal) async throws(SalesforceAPIError) -> SalesforceSession {
        let endpoint = try InstanceURL.validated(url.absoluteString, source: "the \(flowName) login URL")
        let request = HTTPRequest(method: "POST", url: endpoint, headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
        ], body: PercentEncoding.formBody(form))
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw ErrorMapping.unreachable(error, context: CallContext(what: "the \(flowName) login", object: nil, permissionHint: ""))
        }
        guard response.status == 200 else { throw refusal(response, explain: explain) }
        return try parse(response.body, username: username)
    }

    private func refusal(_ response: HTTPResponse, explain: ExplainRefusal) -> SalesforceAPIError {
        let body = SalesforceErrorBody.parse(response.body)
        let problem = "the \(flowName) login was refused: \(body.summary(status: response.status))"
        if response.status >= 500 || response.status == 429 {
            return .unreachable(problem: problem, hint: "Salesforce's login service is unavailable: retry later (status.salesforce.com)")
        }
        let error = body.errorCode ?? ""
        let description = body.message ?? ""
        switch error {
        case "invalid_client_id", "invalid_client":
            return .notAuthorized(problem: problem, hint: "the consumer key (client_id) or client secret is wrong, or the app "
                + "is not enabled for this flow; a newly created app can take up to 10 minutes to work")
        case "unsupported_grant_type":
            return .notAuthorized(problem: problem, hint: "this org or app does not allow the \(flowName) flow: check the app's OAuth settings")
        default:
            return .notAuthorized(problem: problem, hint: explain(error, description))
        }
    }

    private func parse(_ body: Data, username: String?) throws(SalesforceAPIError) -> SalesforceSession {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let token = object["access_token"] as? String, !token.isEmpty,
              let instance = object["instance_url"] as? String
        else {
            throw .badResponse(problem: "the \(flowName) login answer has no access_token or instance_url (\(body.count) bytes)",
                               hint: "check the login URL points at Salesforce's token endpoint")
        }
        let instanceURL = try InstanceURL.validated(instance, source: "the instance_url the \(flowName) login returned")
        let ids = IdentityURL.ids(object["id"] as? String)
        return SalesforceSession(instanceURL: instanceURL, accessToken: Secret(token), orgId: ids.orgId,
                                 username: username, userId: ids.userId)
    }
}

/// The identity URL "https://login.salesforce.com/id/00Dxx…/005xx…" names the org and the user.
enum IdentityURL {
    static func ids(_ text: String?) -> (orgId: String?, userId: String?) {
        guard let text, let url = URL(string: text) else { return (nil, nil) }
        let parts = url.path.split(separator: "/").map(String.init)
        guard let idIndex = parts.lastIndex(of: "id"), parts.count >= idIndex + 3 else { return (nil, nil) }
        let org = parts[idIndex + 1], user = parts[idIndex + 2]
        return (org.hasPrefix("00D") ? org : nil, user.hasPrefix("005") ? user : nil)
    }

    /// An access token begins with the org Id: "00Dxx0000001gPF!AQ…".
    static func orgId(fromToken token: Secret) -> String? {
        let prefix = token.revealForTransport().prefix { $0 != "!" }
        guard prefix.count == 15 || prefix.count == 18, prefix.hasPrefix("00D"),
              prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(prefix)
    }
}
