import Foundation
import Testing
@testable import SalesforceAPI
@testable import TestSupport

/// How CurlHTTPClient fails: each way of getting no response maps to its own HTTPTransportError kind.
@Suite struct HTTPCurlFailureTests {
    @Test func neverAnsweringServerTimesOut() async throws {
        try await HTTPTestServer.with({ _ in .neverAnswer }) { server in
            let client = CurlHTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 0.3))
            let error = await #expect(throws: HTTPTransportError.self) {
                try await client.send(HTTPRequest(url: server.baseURL))
            }
            guard case .timedOut(_, let after) = error else {
                Issue.record("expected timedOut, got \(String(describing: error))")
                return
            }
            #expect(after == 0.3)
        }
    }

    @Test(.enabled(if: SelfSignedTLSServer.isAvailable))
    func untrustedCertificateIsATLSFailure() async throws {
        let server = try SelfSignedTLSServer()
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL))
        }
        guard case .tlsFailure(let host, let detail) = error else {
            Issue.record("expected tlsFailure, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1")
        #expect(detail.lowercased().contains("certificate"))
    }

    @Test func bodyCutOffIsIncompleteResponse() async throws {
        try await HTTPTestServer.with({ _ in
            .cutOff(status: 200, declaredLength: 1000, sentBody: Data(repeating: UInt8(ascii: "a"), count: 100))
        }) { server in
            let error = await #expect(throws: HTTPTransportError.self) {
                try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL))
            }
            guard case .incompleteResponse = error else {
                Issue.record("expected incompleteResponse, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func closedPortCannotConnect() async throws {
        let port = try #require(LoopbackSocket.freePort())
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/"))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await CurlHTTPClient().send(HTTPRequest(url: url))
        }
        guard case .cannotConnect(let host, _) = error else {
            Issue.record("expected cannotConnect, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1")
    }

    @Test(arguments: ["http://example.invalid/services/data", "http://10.0.0.1/", "http://127.0.0.1.example.invalid/",
                      "http://[2001:db8::1]/", "http://localhost.example.invalid/"])
    func plainHTTPBeyondLoopbackIsRefusedBeforeAnyTraffic(url: String) async throws {
        // example.invalid never resolves and 10.0.0.1 would hang: refusal has to come before either is tried.
        let error = await #expect(throws: HTTPTransportError.self) {
            try await CurlHTTPClient().send(HTTPRequest(url: URL(string: url)!))
        }
        #expect(error == .refused(url: url, reason: "plain http is allowed only to loopback; use https"))
    }

    @Test func plainHTTPToLoopbackCanBeForbiddenToo() async throws {
        let client = CurlHTTPClient(configuration: .init(allowPlainHTTPToLoopback: false))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:9/")!))
        }
        guard case .refused = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/"])
    func onlyHTTPAndHTTPSAreSpoken(url: String) async throws {
        let error = await #expect(throws: HTTPTransportError.self) {
            try await CurlHTTPClient().send(HTTPRequest(url: URL(string: url)!))
        }
        guard case .refused = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
    }

    @Test func headerWithLineBreakIsRefused() async throws {
        let request = HTTPRequest(url: URL(string: "http://127.0.0.1:9/")!,
                                  headers: [("X-Note", "a\r\nAuthorization: Bearer smuggled")])
        let error = await #expect(throws: HTTPTransportError.self) { try await CurlHTTPClient().send(request) }
        guard case .refused(_, let reason) = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("X-Note"))
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.0.9", true), ("::1", true), ("[::1]", true), ("[0:0:0:0:0:0:0:1]", true),
        ("localhost", true), ("LocalHost", true), ("10.0.0.1", false), ("128.0.0.1", false), ("127.0.0.1.nip.io", false),
        ("example.invalid", false), ("::2", false), ("localhost.example", false),
    ])
    func loopbackHosts(host: String, isLoopback: Bool) {
        #expect(LoopbackHost.contains(host) == isLoopback)
    }

    @Test func oddIPv4SpellingsAreNormalisedByLibcurlBeforeTheCheck() throws {
        let parts = try #require(CurlURLParts("http://127.1:8080/x"))
        #expect(parts.host == "127.0.0.1")
        #expect(LoopbackHost.contains(parts.host))
    }

    @Test func bodyOverTheCapIsIncompleteNotUnboundedMemory() async throws {
        try await HTTPTestServer.with({ _ in .respond(status: 200, body: Data(repeating: 0x41, count: 5000)) }) { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 1000))
            let error = await #expect(throws: HTTPTransportError.self) { try await client.send(HTTPRequest(url: server.baseURL)) }
            guard case .incompleteResponse(_, let detail) = error else {
                Issue.record("expected incompleteResponse, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("1000"))
        }
    }

    @Test func decodedBodyOverTheCapIsCaughtToo() async throws {
        // 56 compressed bytes decode to 373: the cap applies to what would be held in memory.
        try await HTTPTestServer.with({ _ in
            .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: Data(HTTPCurlClientTests.gzipBody))
        }) { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 200))
            let error = await #expect(throws: HTTPTransportError.self) { try await client.send(HTTPRequest(url: server.baseURL)) }
            guard case .incompleteResponse = error else {
                Issue.record("expected incompleteResponse, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func cancellationEndsTheRequestAndTheClientCarriesOn() async throws {
        try await HTTPTestServer.with({ request in
            request.target == "/hang" ? .neverAnswer : .respond(status: 200, body: Data("after".utf8))
        }) { server in
            // A total timeout far beyond the test: only cancellation can end the first request with "cancelled".
            let client = CurlHTTPClient(configuration: .init(totalTimeout: 300, maxConcurrent: 1))
            let hanging = Task { await Self.outcome(client, HTTPRequest(url: server.baseURL.appendingPathComponent("hang"))) }
            #expect(await server.waitForRequests(1))
            hanging.cancel()
            let outcome = await hanging.value
            guard case .failure(.other(_, let detail)) = outcome else {
                Issue.record("expected a cancelled failure, got \(outcome)")
                return
            }
            #expect(detail == CurlHTTPClient.cancelledDetail)
            // The only worker's transfer is aborted through the progress callback, so the next request is served.
            let after = try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("next")))
            #expect(after.body == Data("after".utf8))
        }
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        try await HTTPTestServer.with({ _ in .respond(status: 200) }) { server in
            let client = CurlHTTPClient()
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await Self.outcome(client, HTTPRequest(url: server.baseURL))
            }
            guard case .failure(.other(_, CurlHTTPClient.cancelledDetail)) = await task.value else {
                Issue.record("expected a cancelled failure")
                return
            }
            #expect(server.requests.isEmpty)
        }
    }

    static func outcome(_ client: CurlHTTPClient, _ request: HTTPRequest) async -> Result<HTTPResponse, HTTPTransportError> {
        do { return .success(try await client.send(request)) } catch { return .failure(error) }
    }
}
