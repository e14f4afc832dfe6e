import Foundation
import Testing
@testable import SalesforceAPI
@testable import TestSupport

/// CurlHTTPClient against a real HTTP/1.1 server on 127.0.0.1: what goes on the wire and what comes back.
@Suite struct HTTPCurlClientTests {
    /// Answers with what it received, so a test reads the request from the response.
    static let echo: @Sendable (HTTPTestServer.Request) -> HTTPTestServer.Behavior = { request in
        .respond(status: 200, headers: [("Content-Type", "text/plain"), ("X-Method", request.method)],
                 body: Data("\(request.method) \(request.target)".utf8))
    }

    @Test func getSendsHeadersAndReadsStatusHeadersBody() async throws {
        try await HTTPTestServer.with({ _ in
            .respond(status: 200, headers: [("Content-Type", "application/json"), ("Sforce-Limit-Info", "api-usage=25/15000"),
                                            ("X-Repeated", "first"), ("X-Repeated", "last")],
                     body: Data(#"{"ok":true}"#.utf8))
        }) { server in
            let client = CurlHTTPClient()
            let request = HTTPRequest(url: server.baseURL.appendingPathComponent("services/data/v62.0/query"),
                                      headers: [("Authorization", "Bearer test-token"), ("Accept", "application/json")])
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.body == Data(#"{"ok":true}"#.utf8))
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["sforce-limit-info"] == "api-usage=25/15000")
            #expect(response.headers["x-repeated"] == "last")
            let received = try #require(server.requests.first)
            #expect(received.method == "GET")
            #expect(received.target == "/services/data/v62.0/query")
            #expect(received.headers["authorization"] == "Bearer test-token")
            #expect(received.headers["accept"] == "application/json")
            #expect(received.headers["user-agent"] == "ResetDoctor")
        }
    }

    @Test func postSendsBodyAndContentTypeAsGiven() async throws {
        try await HTTPTestServer.with(Self.echo) { server in
            let client = CurlHTTPClient()
            let form = Data("grant_type=password&username=admin%40sim.example".utf8)
            let response = try await client.send(HTTPRequest(
                method: "POST", url: server.baseURL.appendingPathComponent("services/oauth2/token"),
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form))
            #expect(response.status == 200)
            #expect(response.headers["x-method"] == "POST")
            let received = try #require(server.requests.first)
            #expect(received.body == form)
            #expect(received.headers["content-type"] == "application/x-www-form-urlencoded")

            let json = Data(#"{"anonymousBody":"System.debug(1);"}"#.utf8)
            _ = try await client.send(HTTPRequest(method: "POST", url: server.baseURL, body: json))
            let second = try #require(server.requests.last)
            #expect(second.body == json)
            #expect(second.headers["content-type"] == nil, "libcurl's default form content type must not be added")
        }
    }

    @Test func deleteWithAndWithoutBodyAndOtherMethods() async throws {
        try await HTTPTestServer.with(Self.echo) { server in
            let client = CurlHTTPClient()
            let url = server.baseURL.appendingPathComponent("services/data/v62.0/sobjects/User/005000000000001/password")
            let plain = try await client.send(HTTPRequest(method: "DELETE", url: url))
            #expect(plain.status == 200)
            #expect(String(decoding: plain.body, as: UTF8.self) == "DELETE /services/data/v62.0/sobjects/User/005000000000001/password")
            _ = try await client.send(HTTPRequest(method: "DELETE", url: url, body: Data("reason".utf8)))
            _ = try await client.send(HTTPRequest(method: "PATCH", url: url, headers: [("Content-Type", "application/json")],
                                                  body: Data("{}".utf8)))
            let head = try await client.send(HTTPRequest(method: "HEAD", url: url))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            let received = server.requests
            #expect(received.map(\.method) == ["DELETE", "DELETE", "PATCH", "HEAD"])
            #expect(received[0].body.isEmpty)
            #expect(received[1].body == Data("reason".utf8))
            #expect(received[2].body == Data("{}".utf8))
        }
    }

    @Test(arguments: [401, 403, 404, 429, 500, 503])
    func errorStatusesAreResponses(status: Int) async throws {
        try await HTTPTestServer.with({ _ in
            .respond(status: status, body: Data(#"[{"errorCode":"SOME_ERROR","message":"m"}]"#.utf8))
        }) { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL))
            #expect(response.status == status)
            #expect(response.body == Data(#"[{"errorCode":"SOME_ERROR","message":"m"}]"#.utf8))
        }
    }

    @Test func interimContinueLeavesOnlyTheFinalHeaders() async throws {
        try await HTTPTestServer.with({ _ in
            .interimContinue(then: .respond(status: 201, headers: [("X-Final", "yes")], body: Data("created".utf8)))
        }) { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(method: "POST", url: server.baseURL, body: Data("x".utf8)))
            #expect(response.status == 201)
            #expect(response.headers["x-final"] == "yes")
            #expect(response.body == Data("created".utf8))
        }
    }

    /// `{"message":"decoded from gzip decoded from gzip …"}` (20 times), gzip-compressed by Python's gzip module.
    static let gzipBody: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0xca, 0x4d, 0x2d, 0x2e, 0x4e, 0x4c, 0x4f, 0x55,
        0xb2, 0x52, 0x4a, 0x49, 0x4d, 0xce, 0x4f, 0x49, 0x4d, 0x51, 0x48, 0x2b, 0xca, 0xcf, 0x55, 0x48, 0xaf, 0xca, 0x2c, 0x50,
        0x18, 0x15, 0xa1, 0x85, 0x88, 0x52, 0x2d, 0x00, 0x4c, 0xd6, 0xe8, 0xba, 0x76, 0x01, 0x00, 0x00,
    ]
    static let gzipDecoded = #"{"message":""# + String(repeating: "decoded from gzip ", count: 20) + #""}"#

    @Test func gzipBodyIsDecoded() async throws {
        try await HTTPTestServer.with({ _ in
            .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: Data(Self.gzipBody))
        }) { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL))
            #expect(String(decoding: response.body, as: UTF8.self) == Self.gzipDecoded)
            let offered = try #require(server.requests.first?.headers["accept-encoding"])
            #expect(offered.contains("gzip"))
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await HTTPTestServer.with(Self.echo) { server in
            let client = CurlHTTPClient()
            for index in 0..<3 {
                let response = try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("r\(index)")))
                #expect(response.status == 200)
            }
            #expect(server.connectionCount == 1)
            #expect(server.requests.map(\.connection) == [1, 1, 1])
        }
    }

    @Test func twentyConcurrentRequestsAllComplete() async throws {
        try await HTTPTestServer.with({ request in
            .delay(seconds: 0.02, then: .respond(status: 200, body: Data(request.target.utf8)))
        }) { server in
            let client = CurlHTTPClient(configuration: .init(maxConcurrent: 4))
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("item/\(index)")))
                        return (index, String(decoding: response.body, as: UTF8.self))
                    }
                }
                var collected: [Int: String] = [:]
                for try await (index, body) in group { collected[index] = body }
                return collected
            }
            #expect(bodies.count == 20)
            for index in 0..<20 { #expect(bodies[index] == "/item/\(index)") }
            #expect(server.connectionCount <= 4, "one connection per worker at most")
        }
    }
}
