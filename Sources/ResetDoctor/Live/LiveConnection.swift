import Foundation
import SalesforceAPI

/// A client for one org, logged in with the flow the command line chose. Secrets are read here, from the
/// environment or files, straight into `Secret`s: they never pass through arguments or the command line's code.
public struct LiveConnection: Sendable {
    public var client: SalesforceClient
    public var flow: LiveAuthFlow
    public var clock: @Sendable () -> Date
    let provider: RememberingTokenProvider

    /// The flow's name for messages: "environment token", "JWT bearer", ….
    public var flowName: String { provider.flowName }

    public static func open(
        _ request: LiveAuthRequest, apiVersion: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(LiveAuthError) -> LiveConnection {
        let flow = try request.flow(environment: environment)
        // Wide enough for the whole parallel batch (8 queries and the probe) to cost one round trip, not two.
        let http = RetryingHTTPClient(CurlHTTPClient(configuration: .init(maxConcurrent: 10)))
        let provider = RememberingTokenProvider(try LiveTokenProviders.make(flow, environment: environment, http: http))
        let client = SalesforceClient(http: http, auth: provider, apiVersion: apiVersion ?? SalesforceClient.defaultAPIVersion, now: clock)
        return LiveConnection(client: client, flow: flow, clock: clock, provider: provider)
    }

    /// The org Id the login reported, when the flow gives one.
    public var sessionOrgId: String? { provider.orgId }
}
