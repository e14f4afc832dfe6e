import FlyingFox
import FlyingSocks
import Foundation

/// A Salesforce org on 127.0.0.1, answering the REST/Tooling/OAuth calls the live source makes from a scenario in
/// bundle format. For tests and demos only: it accepts the test-only credentials in `SimulatorCredentials`.
public final class SalesforceSimulator: Sendable {
    /// Salesforce's daily API request limit of a small org, shown in `Sforce-Limit-Info`.
    public static let apiLimit = 15_000

    private let router: SimulatorRouter
    private let server = Locked<(server: HTTPServer?, task: Task<Void, any Error>?, port: UInt16)>((nil, nil, 0))

    /// - Parameters:
    ///   - scenario: a `resetdoctor-bundle/1` directory (manifest.json and user.json required).
    ///   - jwtPublicKeyPEM: the connected app's certificate key for the JWT bearer grant; defaults to the scenario's
    ///     `jwt-public-key.pem`. Without either, JWT logins are refused.
    ///   - pageSize: records per query page before `nextRecordsUrl` (Salesforce: 2000).
    ///   - requestLog: receives "METHOD /path STATUS" per request: never a query string, header or body.
    public init(
        scenario: URL, faults: SimulatorFaults = .none, jwtPublicKeyPEM: String? = nil, pageSize: Int = 2000,
        requestLog: (@Sendable (String) -> Void)? = nil
    ) throws {
        let loaded = try Scenario.load(from: scenario)
        var verifier: JWTAssertionVerifier?
        if let pem = jwtPublicKeyPEM ?? loaded.jwtPublicKeyPEM {
            do { verifier = try JWTAssertionVerifier(publicKeyPEM: pem) } catch {
                throw SimulatorSetupError.invalidJWTPublicKey(detail: String(describing: error))
            }
        }
        guard pageSize > 0 else { throw SimulatorSetupError.invalidPageSize(pageSize) }
        router = SimulatorRouter(
            scenario: loaded, state: Locked(SimulatorState(faults: faults)), jwtVerifier: verifier, pageSize: pageSize,
            requestLog: requestLog)
    }

    /// Starts listening on 127.0.0.1 (port 0: any free port) and returns the bound port.
    public func start(port: UInt16 = 0) async throws -> UInt16 {
        let httpServer = HTTPServer(
            address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port), timeout: 120, logger: .disabled,
            handler: SimulatorHTTPHandler(router: router, port: server))
        let task = Task { try await httpServer.run() }
        do {
            try await httpServer.waitUntilListening(timeout: 10)
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

    /// Data calls answered so far (the N of `Sforce-Limit-Info: api-usage=N/15000`).
    public var apiCallCount: Int { router.state.withLock { $0.apiCalls } }

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
    case noListeningAddress

    public var description: String {
        switch self {
        case .invalidJWTPublicKey(let detail):
            "the JWT public key is not an RSA public key in PEM form (\(detail)). Pass the .pub.pem made with `openssl pkey -pubout`."
        case .invalidPageSize(let size): "page size \(size) is not positive. Use 1 or more (Salesforce uses 2000)."
        case .noListeningAddress: "the server started but reported no IPv4 address."
        }
    }
}

/// Routes a request to the token endpoint or the data API and adds what every answer carries.
struct SimulatorRouter: Sendable {
    let scenario: Scenario
    let state: Locked<SimulatorState>
    let jwtVerifier: JWTAssertionVerifier?
    let pageSize: Int
    let requestLog: (@Sendable (String) -> Void)?

    func respond(to request: SimulatorRequest, baseURL: String) -> SimulatorResponse {
        let isDataCall = request.path == "/services/data" || request.path.hasPrefix("/services/data/")
        var response: SimulatorResponse
        if request.path == "/services/oauth2/token" {
            response = OAuthTokenEndpoint(scenario: scenario, jwtVerifier: jwtVerifier, state: state).handle(request, baseURL: baseURL)
        } else if isDataCall {
            state.withLock { $0.apiCalls += 1 }
            response = DataAPI(scenario: scenario, state: state, pageSize: pageSize).handle(request)
            if response.status == 200, state.withLock({ SimulatorState.take(&$0.faults.cutBodyCalls) }) {
                response.cutOff = true
            }
        } else {
            response = .notFound
        }
        let (used, limit) = state.withLock { ($0.faults.apiUsedAtStart + $0.apiCalls, $0.faults.apiLimit) }
        response.headers["Sforce-Limit-Info"] = "api-usage=\(used)/\(limit)"
        let notes = [response.cutOff ? "body cut off" : nil, response.logNote].compactMap { $0 }
        requestLog?("\(request.method) \(request.path) \(response.status)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        return response
    }
}

private struct SimulatorHTTPHandler: HTTPHandler {
    let router: SimulatorRouter
    let port: Locked<(server: HTTPServer?, task: Task<Void, any Error>?, port: UInt16)>

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let latency = router.state.withLock { $0.faults.latencyMilliseconds }
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }
        let simulatorRequest = try await HTTPServerAdapter.request(from: request)
        let baseURL = "http://127.0.0.1:\(port.withLock { $0.port })"
        return HTTPServerAdapter.response(from: router.respond(to: simulatorRequest, baseURL: baseURL))
    }
}
