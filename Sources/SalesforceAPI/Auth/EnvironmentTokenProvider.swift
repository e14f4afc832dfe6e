import Foundation

/// SF_ACCESS_TOKEN + SF_INSTANCE_URL from the environment. Cannot renew: an expired token needs a new export.
public struct EnvironmentTokenProvider: AccessTokenProvider {
    public static let tokenVariable = "SF_ACCESS_TOKEN"
    public static let instanceVariable = "SF_INSTANCE_URL"

    private let token: Secret?
    private let instance: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        token = environment[Self.tokenVariable].flatMap { $0.isEmpty ? nil : Secret($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        instance = environment[Self.instanceVariable]
    }

    public var flowName: String { "environment token" }

    public func session() async throws(SalesforceAPIError) -> SalesforceSession {
        guard let token else {
            throw .notAuthorized(problem: "\(Self.tokenVariable) is not set",
                                 hint: "export \(Self.tokenVariable) and \(Self.instanceVariable) (`sf org display --target-org ALIAS`), or use --org ALIAS")
        }
        guard let instance, !instance.isEmpty else {
            throw .notAuthorized(problem: "\(Self.instanceVariable) is not set",
                                 hint: "export \(Self.instanceVariable)=https://NAME.my.salesforce.com with \(Self.tokenVariable)")
        }
        let url = try InstanceURL.validated(instance, source: Self.instanceVariable)
        return SalesforceSession(instanceURL: url, accessToken: token, orgId: IdentityURL.orgId(fromToken: token))
    }

    public func renew() async throws(SalesforceAPIError) -> SalesforceSession? { nil }

    public var expiredSessionHint: String {
        "the access token in \(Self.tokenVariable) expired: get a new one with `sf org auth show-access-token --target-org ALIAS` and export it again"
    }
}
