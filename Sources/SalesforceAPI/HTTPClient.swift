import Foundation

/// One HTTP request. Bodies are bytes; headers keep their order (some servers care).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [(String, String)]
    public var body: Data?
    /// The live run's deadline (`--timeout`): the transport never waits past it. Not part of equality.
    public var deadline: RunDeadline?

    public init(method: String = "GET", url: URL, headers: [(String, String)] = [], body: Data? = nil, deadline: RunDeadline? = nil) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.deadline = deadline
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// Why a request got no HTTP response at all. HTTP error statuses are responses, not errors.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// DNS failure, refused connection, unreachable host.
    case cannotConnect(host: String, detail: String)
    case timedOut(url: String, after: Double)
    /// The live run's deadline (`--timeout`, `seconds` long) passed before the answer came.
    case deadlinePassed(url: String, seconds: Double)
    case tlsFailure(host: String, detail: String)
    /// The connection closed before the whole body arrived.
    case incompleteResponse(url: String, detail: String)
    /// Refused before sending: plain http to a host that is not loopback, a malformed URL.
    case refused(url: String, reason: String)
    case other(url: String, detail: String)

    public var description: String {
        switch self {
        case .cannotConnect(let host, let detail): "cannot connect to \(host): \(detail)"
        case .timedOut(let url, let after): "no answer from \(Self.withoutCredentials(url)) within \(after) s"
        case .deadlinePassed(let url, let seconds):
            "no answer from \(Self.withoutCredentials(url)) before the run's \(RunDeadline.format(seconds)) s deadline"
        case .tlsFailure(let host, let detail): "TLS with \(host) failed: \(detail)"
        case .incompleteResponse(let url, let detail): "the response from \(Self.withoutCredentials(url)) was cut off: \(detail)"
        case .refused(let url, let reason): "refused to send to \(Self.withoutCredentials(url)): \(reason)"
        case .other(let url, let detail): "request to \(Self.withoutCredentials(url)) failed: \(detail)"
        }
    }

    /// Whether the request may have reached the server (and been carried out) although no answer came back.
    public var mayHaveArrived: Bool {
        switch self {
        case .timedOut, .deadlinePassed, .incompleteResponse, .other: true
        case .cannotConnect, .tlsFailure, .refused: false
        }
    }

    /// A URL with any `user:password@` part removed: messages reach terminals and logs.
    public static func withoutCredentials(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }
}

/// The seam every Salesforce call goes through: libcurl live, or a recorded table in tests.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse
}
