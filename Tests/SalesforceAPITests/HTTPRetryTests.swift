import Foundation
import Testing
@testable import SalesforceAPI
@testable import TestSupport

/// Records the waits instead of sleeping.
private final class RecordingRetrySleeper: RetrySleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var waits: [Double] { lock.withLock { recorded } }
    func sleep(seconds: Double) async { lock.withLock { recorded.append(seconds) } }
}

/// Plays back scripted outcomes, one per attempt (the last repeats), and counts the attempts.
private final class ScriptedRetryInner: HTTPClient, @unchecked Sendable {
    private let lock = NSLock()
    private let script: [Result<HTTPResponse, HTTPTransportError>]
    private var sent = 0
    var attempts: Int { lock.withLock { sent } }

    init(_ script: [Result<HTTPResponse, HTTPTransportError>]) { self.script = script }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let index = lock.withLock {
            sent += 1
            return min(sent, script.count) - 1
        }
        return try script[index].get()
    }
}

private final class RetryRequestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}

@Suite struct HTTPRetryTests {
    static let url = URL(string: "https://example.my.salesforce.com/services/data/v62.0/query")!

    @Test func retryAfterSecondsIsHonouredOverRealHTTP() async throws {
        let seen = RetryRequestCounter()
        try await HTTPTestServer.with({ _ in
            seen.next() == 1
                ? .respond(status: 429, headers: [("Retry-After", "7")], body: Data("slow down".utf8))
                : .respond(status: 200, body: Data("ok".utf8))
        }) { server in
            let sleeper = RecordingRetrySleeper()
            let client = RetryingHTTPClient(CurlHTTPClient(), sleeper: sleeper)
            let response = try await client.send(HTTPRequest(method: "POST", url: server.baseURL, body: Data("q".utf8)))
            #expect(response.status == 200)
            #expect(response.body == Data("ok".utf8))
            #expect(sleeper.waits == [7])
            #expect(server.requests.map(\.body) == [Data("q".utf8), Data("q".utf8)])
        }
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastResponse() async throws {
        let inner = ScriptedRetryInner([.success(HTTPResponse(status: 503, body: Data("unavailable".utf8)))])
        let sleeper = RecordingRetrySleeper()
        let response = try await RetryingHTTPClient(inner, maxAttempts: 4, sleeper: sleeper).send(HTTPRequest(url: Self.url))
        #expect(response.status == 503)
        #expect(response.body == Data("unavailable".utf8))
        #expect(inner.attempts == 4)
        #expect(sleeper.waits.count == 3)
        // Exponential steps of 0.5, 1 and 2 s, each jittered to 50–100 %.
        for (wait, step) in zip(sleeper.waits, [0.5, 1.0, 2.0]) { #expect(wait >= step / 2 && wait <= step) }
    }

    @Test func retryAfterHTTPDateIsHonoured() async throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        let inner = ScriptedRetryInner([
            .success(HTTPResponse(status: 503, headers: ["retry-after": "Tue, 14 Nov 2023 22:13:32 GMT"])),
            .success(HTTPResponse(status: 200)),
        ])
        let sleeper = RecordingRetrySleeper()
        let client = RetryingHTTPClient(inner, maxAttempts: 4, sleeper: sleeper, maxWait: 60, now: { now })
        #expect(try await client.send(HTTPRequest(method: "DELETE", url: Self.url)).status == 200)
        #expect(sleeper.waits == [12])
    }

    @Test func retryAfterBeyondMaxWaitReturnsAtOnce() async throws {
        let inner = ScriptedRetryInner([.success(HTTPResponse(status: 429, headers: ["retry-after": "3600"]))])
        let sleeper = RecordingRetrySleeper()
        let response = try await RetryingHTTPClient(inner, sleeper: sleeper, maxWait: 60).send(HTTPRequest(url: Self.url))
        #expect(response.status == 429)
        #expect(inner.attempts == 1)
        #expect(sleeper.waits.isEmpty)
    }

    @Test func otherStatusesAreNotRetried() async throws {
        for status in [200, 400, 401, 403, 404, 500] {
            let inner = ScriptedRetryInner([.success(HTTPResponse(status: status))])
            let response = try await RetryingHTTPClient(inner, sleeper: RecordingRetrySleeper()).send(HTTPRequest(url: Self.url))
            #expect(response.status == status)
            #expect(inner.attempts == 1)
        }
    }

    @Test func transportFailuresAreRetriedForGETOnly() async throws {
        let failure = HTTPTransportError.timedOut(url: Self.url.absoluteString, after: 5)
        let get = ScriptedRetryInner([.failure(failure), .success(HTTPResponse(status: 200))])
        #expect(try await RetryingHTTPClient(get, sleeper: RecordingRetrySleeper()).send(HTTPRequest(url: Self.url)).status == 200)
        #expect(get.attempts == 2)

        for method in ["POST", "DELETE", "PATCH"] {
            let write = ScriptedRetryInner([.failure(failure), .success(HTTPResponse(status: 200))])
            let error = await #expect(throws: HTTPTransportError.self) {
                try await RetryingHTTPClient(write, sleeper: RecordingRetrySleeper()).send(HTTPRequest(method: method, url: Self.url))
            }
            #expect(error == failure)
            #expect(write.attempts == 1, "a \(method) that timed out may have been carried out")
        }
    }

    @Test func refusedAndTLSFailuresAreNeverRetried() async throws {
        for failure in [HTTPTransportError.refused(url: "u", reason: "r"), .tlsFailure(host: "h", detail: "d")] {
            let inner = ScriptedRetryInner([.failure(failure)])
            await #expect(throws: HTTPTransportError.self) {
                try await RetryingHTTPClient(inner, sleeper: RecordingRetrySleeper()).send(HTTPRequest(url: Self.url))
            }
            #expect(inner.attempts == 1)
        }
    }

    @Test func lastTransportErrorIsThrownAfterMaxAttempts() async throws {
        let failure = HTTPTransportError.cannotConnect(host: "example.my.salesforce.com", detail: "refused")
        let inner = ScriptedRetryInner([.failure(failure)])
        let sleeper = RecordingRetrySleeper()
        let error = await #expect(throws: HTTPTransportError.self) {
            try await RetryingHTTPClient(inner, maxAttempts: 3, sleeper: sleeper).send(HTTPRequest(url: Self.url))
        }
        #expect(error == failure)
        #expect(inner.attempts == 3)
        #expect(sleeper.waits.count == 2)
    }

    @Test(arguments: [("0", 0.0), ("120", 120.0), (" 5 ", 5.0), ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0)])
    func retryAfterParsing(value: String, seconds: Double) {
        #expect(RetryingHTTPClient.retryAfterSeconds(value, now: Date()) == seconds)
    }

    @Test(arguments: ["soon", "-5", "1.5", ""])
    func unreadableRetryAfterIsIgnored(value: String) {
        #expect(RetryingHTTPClient.retryAfterSeconds(value, now: Date()) == nil)
    }
}
