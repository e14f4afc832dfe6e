import FlyingFox
import FlyingSocks
import Foundation
import SharedBasics

/// A Salesforce org on 127.0.0.1, answering the REST/Tooling/OAuth calls the live source makes from a scenario in
/// bundle format. For tests and demos only: it accepts the test-only credentials in `SimulatorCredentials`.
public final class SalesforceSimulator: Sendable {
    /// Salesforce's daily API request limit of a small org, shown in `Sforce-Limit-Info` unless `APILimits` says
    /// otherwise.
    public static let apiLimit = 15_000

    private let router: SimulatorRouter
    private let server = Locked<(server: HTTPServer?, task: Task<Void, any Error>?, port: UInt16)>((nil, nil, 0))

    /// - Parameters:
    ///   - scenario: a `resetdoctor-bundle/1` directory (manifest.json and user.json required); nil: an org with no
    ///     files (deliverability "all"), usually with `generatedUsers`.
    ///   - generatedUsers: users generated after the scenario's own (see `GeneratedUsers`).
    ///   - limits: the daily API request limit and the usage the day starts with.
    ///   - jwtPublicKeyPEM: the connected app's certificate key for the JWT bearer grant; defaults to the scenario's
    ///     `jwt-public-key.pem`. Without either, JWT logins are refused.
    ///   - pageSize: records per query page before `nextRecordsUrl` (Salesforce: 2000).
    ///   - requestLog: receives "METHOD /path STATUS" per request: never a query string, header or body.
    public init(
        scenario: URL?, generatedUsers: GeneratedUsers? = nil, faults: SimulatorFaults = .none, jwtPublicKeyPEM: String? = nil,
        pageSize: Int = 2000, limits: APILimits = APILimits(), requestLog: (@Sendable (String) -> Void)? = nil
    ) throws {
        var loaded = try scenario.map(Scenario.load) ?? Scenario.empty()
        if let generatedUsers {
            try generatedUsers.validate()
            loaded.generate(generatedUsers)
        }
        guard limits.daily >= 0, limits.used >= 0 else { throw SimulatorSetupError.invalidLimits }
        var verifier: JWTAssertionVerifier?
        if let pem = jwtPublicKeyPEM ?? loaded.jwtPublicKeyPEM {
            do { verifier = try JWTAssertionVerifier(publicKeyPEM: pem) } catch {
                throw SimulatorSetupError.invalidJWTPublicKey(detail: String(describing: error))
            }
        }
        guard pageSize > 0 else { throw SimulatorSetupError.invalidPageSize(pageSize) }
        router = SimulatorRouter(
            scenario: loaded, state: Locked(SimulatorState(faults: faults)), jwtVerifier: verifier, pageSize: pageSize,
            limits: limits, requestLog: requestLog)
    }

    /// Starts listening on 127.0.0.1 (port 0: any free port) and returns the bound port.
    public func start(port: UInt16 = 0) async throws -> UInt16 {
        let httpServer = HTTPServer(
            address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port), timeout: 120, logger: .disabled,
            handler: SimulatorHTTPHandler(router: router, port: server))
        let task = Task { try await httpServer.run() }
        do {
            // Bounded, and roomy: in a test process whose cooperative threads are busy (CLI tests waiting on children),
            // the server's own tasks can take many seconds to be scheduled; 10 s failed under a full suite.
            try await httpServer.waitUntilListening(timeout: 60)
        } catch {
            task.cancel()
            try await task.value  // the reason it did not listen (port in use, …)
            throw error
        }
        guard case .ip4(_, let bound) = await httpServer.listeningAddress else {
            await httpServer.stop()
            throw SimulatorSetupError.noListeningAddress
        }
        server.withLock { $0 = (httpServer, task, bound) }
        return bound
    }

    /// Stops listening and closes open connections.
    public func stop() async {
        let running = server.withLock { state in
            defer { state.server = nil; state.task = nil }
            return (state.server, state.task)
        }
        await running.0?.stop(timeout: 1)
        running.1?.cancel()
    }

    /// `http://127.0.0.1:PORT` once started.
    public var baseURL: URL {
        URL(string: "http://127.0.0.1:\(server.withLock { $0.port })") ?? URL(fileURLWithPath: "/")
    }

    /// User Ids reset through `DELETE …/password`, in order.
    public var resets: [String] { router.state.withLock { $0.resets } }

    /// Data calls counted against the daily limit so far (the N of `Sforce-Limit-Info: api-usage=N/15000` when the
    /// day started at 0); calls refused at the limit are not counted.
    public var apiCallCount: Int { router.state.withLock { $0.apiCalls } }

    /// Every HTTP request received, token requests and unknown paths included: what a test counts to prove a client
    /// made the round trips it should (never timed).
    public var requestCount: Int { router.state.withLock { $0.requests } }

    /// The most requests that were being answered at once (injected latency included): what a test reads to check a
    /// client's bound on requests in flight.
    public var maxRequestsInFlight: Int { router.state.withLock { $0.maxInFlight } }

    /// The faults still pending (counted faults count down as calls arrive).
    public var faults: SimulatorFaults { router.state.withLock { $0.faults } }

    /// Test hook: replaces the faults while running.
    public func setFaults(_ faults: SimulatorFaults) {
        router.state.withLock { $0.faults = faults }
    }

    /// Test hook: a valid access token without an OAuth round trip (as `SF_ACCESS_TOKEN` would hold one).
    public func issueAccessToken(username: String = SimulatorCredentials.username) -> String {
        accept(accessToken: RandomText.accessToken(), username: username)
    }

    /// Accepts a caller-chosen token (`resetdoctor-sim --access-token`).
    @discardableResult
    public func accept(accessToken: String, username: String = SimulatorCredentials.username) -> String {
        router.state.withLock { $0.tokens[accessToken] = username }
        return accessToken
    }
}

/// Why the simulator could not be set up or started.
public enum SimulatorSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidJWTPublicKey(detail: String)
    case invalidPageSize(Int)
    case invalidGeneratedOrg(String)
    case invalidLimits
    case noListeningAddress

    public var description: String {
        switch self {
        case .invalidJWTPublicKey(let detail):
            "the JWT public key is not an RSA public key in PEM form (\(detail)). Pass the .pub.pem made with `openssl pkey -pubout`."
        case .invalidPageSize(let size): "page size \(size) is not positive. Use 1 or more (Salesforce uses 2000)."
        case .invalidGeneratedOrg(let problem): "the generated org cannot be made: \(problem)."
        case .invalidLimits: "the API limit and the starting usage must be 0 or more."
        case .noListeningAddress: "the server started but reported no IPv4 address."
        }
    }
}

/// Routes a request to the token endpoint or the data API and adds what every answer carries.
struct SimulatorRouter: Sendable {
    static let maximumURIBytes = 16_384

    let scenario: Scenario
    let state: Locked<SimulatorState>
    let jwtVerifier: JWTAssertionVerifier?
    let pageSize: Int
    let limits: APILimits
    let requestLog: (@Sendable (String) -> Void)?

    func respond(to request: SimulatorRequest, baseURL: String) -> SimulatorResponse {
        let isDataCall = request.path == "/services/data" || request.path.hasPrefix("/services/data/")
        var response: SimulatorResponse
        state.withLock { $0.requests += 1 }
        if request.path.utf8.count + 1 + request.rawQuery.utf8.count > Self.maximumURIBytes {
            // Salesforce: "the maximum length for the combined URI and headers is 16,384 bytes … if the URI itself
            // exceeds this limit, the request returns a 414 URI Too Long error". Long IN lists must be split.
            response = .restError(414, "URI_TOO_LONG", "URI Too Long: the request URI is over \(Self.maximumURIBytes) bytes")
        } else if request.path == "/services/oauth2/token" {
            response = OAuthTokenEndpoint(scenario: scenario, jwtVerifier: jwtVerifier, state: state).handle(request, baseURL: baseURL)
        } else if isDataCall, !state.withLock({ $0.countCall(within: limits) }) {
            // Salesforce refuses every call once the rolling 24-hour allocation is used up, and does not count it.
            response = .restError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        } else if isDataCall {
            response = DataAPI(scenario: scenario, state: state, pageSize: pageSize).handle(request)
            if response.status == 200, state.withLock({ SimulatorState.take(&$0.faults.cutBodyCalls) }) {
                response.cutOff = true
            }
        } else {
            response = .notFound
        }
        let used = limits.used + state.withLock { $0.apiCalls }
        response.headers["Sforce-Limit-Info"] = "api-usage=\(used)/\(limits.daily)"
        let notes = [response.cutOff ? "body cut off" : nil, response.logNote].compactMap { $0 }
        requestLog?("\(request.method) \(request.path) \(response.status)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        return response
    }
}

private struct SimulatorHTTPHandler: HTTPHandler {
    let router: SimulatorRouter
    let port: Locked<(server: HTTPServer?, task: Task<Void, any Error>?, port: UInt16)>

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let latency = router.state.withLock { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return state.faults.latencyMilliseconds
        }
        defer { router.state.withLock { $0.inFlight -= 1 } }
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }
        let simulatorRequest = try await HTTPServerAdapter.request(from: request)
        let baseURL = "http://127.0.0.1:\(port.withLock { $0.port })"
        return HTTPServerAdapter.response(from: router.respond(to: simulatorRequest, baseURL: baseURL))
    }
}
