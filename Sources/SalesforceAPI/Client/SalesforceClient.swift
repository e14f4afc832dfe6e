import Foundation
import SharedBasics

/// REST and Tooling calls against one org. Sendable: independent calls may run concurrently on one client; they share
/// one session, renewed once when Salesforce answers 401 INVALID_SESSION_ID.
public final class SalesforceClient: Sendable {
    public static let defaultAPIVersion = "v62.0"

    private let http: any HTTPClient
    private let auth: any AccessTokenProvider
    private let apiVersion: String
    private let now: @Sendable () -> Date
    private let sessions: SessionStore
    private let lastUsage = Locked<APIUsage?>(nil)

    public init(http: any HTTPClient, auth: any AccessTokenProvider, apiVersion: String = SalesforceClient.defaultAPIVersion,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.http = http; self.auth = auth; self.apiVersion = apiVersion; self.now = now
        self.sessions = SessionStore(auth: auth)
    }

    /// The last `Sforce-Limit-Info` "api-usage=USED/LIMIT" seen.
    public var apiUsage: APIUsage? { lastUsage.get() }

    /// All pages (nextRecordsUrl) merged into ONE body in Salesforce's own shape {"totalSize","done":true,"records":[…]}.
    public func query(_ soql: String) async throws(SalesforceAPIError) -> Data {
        try await queryAllPages(soql, resource: "query", context: .query(soql))
    }

    public func toolingQuery(_ soql: String) async throws(SalesforceAPIError) -> Data {
        try await queryAllPages(soql, resource: "tooling/query", context: .query(soql, tooling: true))
    }

    public func executeAnonymous(_ apex: String) async throws(SalesforceAPIError) -> ExecuteAnonymousResult {
        let context = CallContext.executeAnonymous
        let path = try dataPath("tooling/executeAnonymous/") + "?anonymousBody=" + PercentEncoding.strict(apex)
        let response = try await perform("GET", path, context: context)
        do {
            return try JSONDecoder().decode(ExecuteAnonymousResult.self, from: response.body)
        } catch {
            throw .badResponse(problem: "\(context.what) returned a body without compiled/success (\(response.body.count) bytes)",
                               hint: "retry, and report it if it persists")
        }
    }

    /// DELETE /sobjects/User/{id}/password. The temporary password in the response is discarded unread.
    public func resetPassword(userId: String) async throws(SalesforceAPIError) -> PasswordResetReceipt {
        let userId = try UserIdShape.validated(userId)
        let context = CallContext.passwordReset(userId)
        var response = try await perform("DELETE", try dataPath("sobjects/User/\(userId)/password"), context: context)
        // 200 carries the temporary password (key believed "NewPassword", unverified), 204 nothing: both are success.
        // Never parsed or kept: zero our copy (best effort: a copy the transport still holds is beyond reach) and drop it.
        response.body.resetBytes(in: 0..<response.body.count)
        response.body = Data()
        return PasswordResetReceipt(userId: userId, at: now(), httpStatus: response.status)
    }

    public func passwordIsExpired(userId: String) async throws(SalesforceAPIError) -> Bool {
        let userId = try UserIdShape.validated(userId)
        let context = CallContext.passwordStatus(userId)
        let response = try await perform("GET", try dataPath("sobjects/User/\(userId)/password"), context: context)
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any],
              let isExpired = object["isExpired"] as? Bool
        else {
            throw .badResponse(problem: "\(context.what) returned a body without isExpired", hint: "retry, and report it if it persists")
        }
        return isExpired
    }

    // MARK: - Internals

    /// The pages of a query one at a time, for a caller whose memory must not grow with the result (a scan of an
    /// org's users). Nothing is sent until the first `next()`.
    public func queryPages(_ soql: String, tooling: Bool = false) throws(SalesforceAPIError) -> QueryPageSequence {
        let path = try dataPath(tooling ? "tooling/query" : "query") + "?q=" + PercentEncoding.strict(soql)
        return QueryPageSequence(firstPath: path, context: .query(soql, tooling: tooling)) { [self] path, context throws(SalesforceAPIError) in
            try await perform("GET", path, context: context)
        }
    }

    private func queryAllPages(_ soql: String, resource: String, context: CallContext) async throws(SalesforceAPIError) -> Data {
        var pages = try queryPages(soql, tooling: resource.hasPrefix("tooling/")).makeAsyncIterator()
        guard let first = try await pages.next() else { return Data() }
        if first.isLast { return first.body }  // one page: Salesforce's own bytes
        var arrays = [first.recordsJSON]
        var count = first.recordCount
        while let page = try await pages.next() {
            arrays.append(page.recordsJSON)
            count += page.recordCount
        }
        return QueryPage.merged(totalSize: first.totalSize ?? count, recordArrays: arrays)
    }

    /// "/services/data/v62.0/<resource>"; the version is checked so it can never change the path's shape.
    func dataPath(_ resource: String) throws(SalesforceAPIError) -> String {
        let parts = apiVersion.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard apiVersion.hasPrefix("v"), parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw .badRequest(problem: "\"\(apiVersion)\" is not an API version", hint: "give it as vNN.N, e.g. \(Self.defaultAPIVersion)")
        }
        return "/services/data/\(apiVersion)/\(resource)"
    }

    /// Sends with the current session; on 401 renews once and retries; maps every failure.
    func perform(_ method: String, _ pathAndQuery: String, json body: Data? = nil, accept: String = "application/json",
                 context: CallContext) async throws(SalesforceAPIError) -> HTTPResponse {
        var (session, generation) = try await sessions.session()
        var renewed = false
        while true {
            var request = try makeRequest(method, pathAndQuery, session: session, accept: accept, context: context)
            if let body {
                request.body = body
                request.headers.append(("Content-Type", "application/json"))
            }
            let response: HTTPResponse
            do {
                response = try await http.send(request)
            } catch {
                throw ErrorMapping.unreachable(error, context: context)
            }
            if let header = response.headers["sforce-limit-info"], let usage = APIUsage.parse(header) { lastUsage.set(usage) }
            switch response.status {
            case 200..<300:
                return response
            case 401:
                let summary = SalesforceErrorBody.parse(response.body).summary(status: 401)
                if renewed {
                    throw .notAuthorized(
                        problem: "\(context.what) failed: \(summary), even with a fresh \(auth.flowName) session",
                        hint: "the user or connected app may be blocked from API access: check the user's Login History, "
                            + "and \(auth.expiredSessionHint)")
                }
                guard let fresh = try await sessions.renew(after: generation) else {
                    throw .notAuthorized(problem: "\(context.what) failed: \(summary)", hint: auth.expiredSessionHint)
                }
                (session, generation) = fresh
                renewed = true
            default:
                throw ErrorMapping.error(for: response, context: context, apiVersion: apiVersion, usage: lastUsage.get())
            }
        }
    }

    private func makeRequest(_ method: String, _ pathAndQuery: String, session: SalesforceSession, accept: String,
                             context: CallContext) throws(SalesforceAPIError) -> HTTPRequest {
        var base = session.instanceURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + pathAndQuery) else {
            throw .badRequest(problem: "\(context.what): the URL could not be built from the instance URL",
                              hint: "check the instance URL (https://NAME.my.salesforce.com)")
        }
        // The one place the token is revealed: the Authorization header on the wire.
        return HTTPRequest(method: method, url: url, headers: [
            ("Authorization", "Bearer " + session.accessToken.revealForTransport()),
            ("Accept", accept),
        ])
    }
}
