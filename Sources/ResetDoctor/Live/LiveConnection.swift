import Foundation
import SalesforceAPI

/// A client for one org, logged in with the flow the command line chose. Secrets are read here, from the
/// environment or files, straight into `Secret`s: they never pass through arguments or the command line's code.
public struct LiveConnection: Sendable {
    public var client: SalesforceClient
    public var flow: LiveAuthFlow
    public var clock: @Sendable () -> Date
    /// The whole run's deadline (`--timeout`): every call to the org, logins included, ends by it.
    public var deadline: RunDeadline
    let provider: RememberingTokenProvider

    /// `--timeout`'s default: a live run is over within a minute whatever the org or the network does.
    public static let defaultTimeout: Double = 60

    /// The flow's name for messages: "environment token", "JWT bearer", ….
    public var flowName: String { provider.flowName }

    public static func open(
        _ request: LiveAuthRequest, apiVersion: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: @escaping @Sendable () -> Date = { Date() }, timeout: Double = LiveConnection.defaultTimeout
    ) throws(LiveAuthError) -> LiveConnection {
        let flow = try request.flow(environment: environment)
        let deadline = RunDeadline(seconds: timeout)
        // Wide enough for a ticket's whole parallel batch (8 queries and the probe) and an org scan's queries in
        // flight to cost one round trip each; workers start as needed. The deadline is stamped outside the retries,
        // so they see it and stop in time.
        let http = DeadlineHTTPClient(
            RetryingHTTPClient(CurlHTTPClient(configuration: .init(maxConcurrent: LiveOrgSource.defaultQueriesInFlight))), deadline: deadline)
        let provider = RememberingTokenProvider(try LiveTokenProviders.make(flow, environment: environment, http: http, deadline: deadline))
        let client = SalesforceClient(http: http, auth: provider, apiVersion: apiVersion ?? SalesforceClient.defaultAPIVersion, now: clock)
        return LiveConnection(client: client, flow: flow, clock: clock, deadline: deadline, provider: provider)
    }

    /// The org Id the login reported, when the flow gives one.
    public var sessionOrgId: String? { provider.orgId }
}
