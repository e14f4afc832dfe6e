import Foundation
@testable import SalesforceAPI

/// An in-memory HTTPClient: a queue of answers per "METHOD path" (path without the query), served in order (the last
/// one repeats), and a record of every request. Unscripted requests fail with `.refused`.
final class ScriptedHTTPClient: HTTPClient, @unchecked Sendable {
    enum Answer: Sendable {
        case response(HTTPResponse)
        case transportError(HTTPTransportError)
    }

    private let lock = NSLock()
    private var queues: [String: [Answer]] = [:]
    private var recorded: [HTTPRequest] = []
    private var handlers: [String: @Sendable (HTTPRequest) -> HTTPResponse] = [:]

    init() {}

    /// Adds answers for METHOD + path, e.g. ("GET", "/services/data/v62.0/query").
    func script(_ method: String, _ path: String, _ answers: Answer...) {
        lock.withLock { queues["\(method) \(path)", default: []] += answers }
    }

    func script(_ method: String, _ path: String, status: Int, json: String, headers: [String: String] = [:]) {
        script(method, path, .response(HTTPResponse(status: status, headers: headers, body: Data(json.utf8))))
    }

    /// Answers METHOD + path by looking at the request (e.g. its token); takes precedence over queued answers.
    func respond(_ method: String, _ path: String, with handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        lock.withLock { handlers["\(method) \(path)"] = handler }
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let key = "\(request.method) \(request.url.path)"
        let answer: Answer? = lock.withLock {
            recorded.append(request)
            if let handler = handlers[key] { return .response(handler(request)) }
            guard var queue = queues[key], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            queues[key] = queue.isEmpty ? [first] : queue
            return first
        }
        switch answer {
        case .response(let response)?: return response
        case .transportError(let error)?: throw error
        case nil: throw .refused(url: request.url.absoluteString, reason: "no scripted answer for \(key)")
        }
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The decoded form fields of a x-www-form-urlencoded body.
    var formFields: [String: String] {
        let text = String(decoding: body ?? Data(), as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            fields[parts[0].removingPercentEncoding ?? parts[0]] = parts[1].removingPercentEncoding ?? parts[1]
        }
        return fields
    }

    /// The decoded value of a query parameter.
    func queryValue(_ name: String) -> String? {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
    }
}

/// A provider with a scripted series of sessions; counts renewals.
final class StubTokenProvider: AccessTokenProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var renewals: [SalesforceSession?]
    private(set) var renewCount = 0
    let first: SalesforceSession

    init(token: String = "00DSIM000000001!FIRST-TOKEN", renewals: [SalesforceSession?] = []) {
        first = SalesforceSession(instanceURL: URL(string: "https://acme.my.salesforce.com")!, accessToken: Secret(token))
        self.renewals = renewals
    }

    var flowName: String { "stub" }
    var expiredSessionHint: String { "stub hint: log in again" }

    func session() async throws(SalesforceAPIError) -> SalesforceSession { first }

    func renew() async throws(SalesforceAPIError) -> SalesforceSession? {
        lock.withLock {
            renewCount += 1
            return renewals.isEmpty ? nil : renewals.removeFirst()
        }
    }

    static func session(_ token: String) -> SalesforceSession {
        SalesforceSession(instanceURL: URL(string: "https://acme.my.salesforce.com")!, accessToken: Secret(token))
    }
}
