import Foundation

/// What a call needs to reach an org: where, and the bearer token. The token stays a `Secret`.
public struct SalesforceSession: Sendable {
    public var instanceURL: URL
    public var accessToken: Secret
    public var orgId: String?
    public var username: String?
    /// From the token response's `id` URL (…/id/00D…/005…), when the flow gives one.
    public var userId: String?

    public init(instanceURL: URL, accessToken: Secret, orgId: String? = nil, username: String? = nil, userId: String? = nil) {
        self.instanceURL = instanceURL; self.accessToken = accessToken
        self.orgId = orgId; self.username = username; self.userId = userId
    }
}

/// One way to obtain an access token (environment, sf CLI, JWT bearer, client credentials, username-password).
public protocol AccessTokenProvider: Sendable {
    /// "environment token", "sf CLI (alias)", "JWT bearer", ...
    var flowName: String { get }
    func session() async throws(SalesforceAPIError) -> SalesforceSession
    /// A fresh session after INVALID_SESSION_ID, or nil when this flow cannot renew (environment token).
    func renew() async throws(SalesforceAPIError) -> SalesforceSession?
    /// What to tell the admin when the session expired and could not be renewed.
    var expiredSessionHint: String { get }
}

extension AccessTokenProvider {
    public var expiredSessionHint: String {
        "log in again with the \(flowName) flow and retry"
    }
}
