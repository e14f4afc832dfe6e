import Foundation
import Testing
@testable import SalesforceAPI
@testable import TestSupport

/// The live run's deadline (`--timeout`): it cuts every request's timeout to the time left, stops retries and is
/// reported as its own error. No timed assertion: a generous bound only keeps a broken build from hanging.
@Suite struct HTTPDeadlineTests {
    /// Answers every attempt with a transport failure that is normally retried, and counts the attempts.
    private final class AlwaysTimingOut: HTTPClient, @unchecked Sendable {
        private let lock = NSLock()
        private var sent = 0
        var attempts: Int { lock.withLock { sent } }
        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            lock.withLock { sent += 1 }
            throw .timedOut(url: request.url.absoluteString, after: 1)
        }
    }

    private struct NoSleep: RetrySleeper { func sleep(seconds: Double) async {} }

    static let url = URL(string: "https://example.my.salesforce.com/services/data/v62.0/query")!

    @Test func aSilentServerEndsAtTheDeadlineNotAtTheRequestTimeout() async throws {
        try await HTTPTestServer.with({ _ in .neverAnswer }) { server in
            // The client's own timeout (120 s) would hold for minutes; the 1 s deadline ends it.
            let deadline = RunDeadline(seconds: 1)
            let client = DeadlineHTTPClient(RetryingHTTPClient(CurlHTTPClient()), deadline: deadline)
            let started = ContinuousClock.now
            let error = await #expect(throws: HTTPTransportError.self) {
                try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("services/data")))
            }
            #expect(started.duration(to: .now) < .seconds(60), "bounded by the deadline, not by 4 tries × 120 s")
            guard case .deadlinePassed(let url, let seconds) = error else {
                Issue.record("expected deadlinePassed, got \(String(describing: error))")
                return
            }
            #expect(seconds == 1 && url.hasSuffix("/services/data"))
            #expect(error?.description == "no answer from \(url) before the run's 1 s deadline")
            #expect(server.requests.count == 1, "a passed deadline is not retried")
        }
    }

    @Test func aPassedDeadlineSendsNothing() async throws {
        try await HTTPTestServer.with({ _ in .respond(status: 200) }) { server in
            let deadline = RunDeadline(seconds: 0.001)
            try await Task.sleep(nanoseconds: 20_000_000)
            let client = DeadlineHTTPClient(CurlHTTPClient(), deadline: deadline)
            await #expect(throws: HTTPTransportError.deadlinePassed(url: server.baseURL.absoluteString, seconds: 0.001)) {
                try await client.send(HTTPRequest(url: server.baseURL))
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func retriesStopWhenTheWaitWouldReachTheDeadline() async throws {
        let inner = AlwaysTimingOut()
        // Backoff waits are at least 0.25 s: with 0.1 s left none may be taken.
        let client = RetryingHTTPClient(inner, maxAttempts: 4, sleeper: NoSleep())
        await #expect(throws: HTTPTransportError.self) {
            try await client.send(HTTPRequest(url: Self.url, deadline: RunDeadline(seconds: 0.1)))
        }
        #expect(inner.attempts == 1)
        let unbounded = AlwaysTimingOut()
        await #expect(throws: HTTPTransportError.self) {
            try await RetryingHTTPClient(unbounded, maxAttempts: 4, sleeper: NoSleep()).send(HTTPRequest(url: Self.url))
        }
        #expect(unbounded.attempts == 4, "without a deadline a read is tried four times, as before")
    }

    @Test func timeSpentPausedDoesNotCount() throws {
        let deadline = RunDeadline(seconds: 0.2)
        deadline.pausing { usleep(300_000) }  // an admin reading a confirmation prompt
        #expect(!deadline.hasPassed)
        #expect(RunDeadline(seconds: -1).seconds == 60 && RunDeadline(seconds: .nan).seconds == 60)
    }

    @Test func anUnansweredResetSaysItMayHaveBeenCarriedOut() {
        let error = ErrorMapping.unreachable(
            .deadlinePassed(url: "https://acme.my.salesforce.com/x", seconds: 60), context: .passwordReset("005000000000001AAA"))
        #expect(error.exitCode == 69)
        #expect(error.description.contains("may have been carried out") && error.description.contains("--timeout (now 60 s)"))
        let query = ErrorMapping.unreachable(.deadlinePassed(url: "https://acme.my.salesforce.com/x", seconds: 2.5), context: .query("SELECT Id FROM User"))
        #expect(!query.description.contains("carried out") && query.description.contains("--timeout (now 2.5 s)"))
        #expect(query.problem.hasPrefix("the query on User got no answer"))
    }
}

@Suite struct UnansweredResetTests {
    @Test func aResetCutOffByTheDeadlineMayHaveBeenCarriedOutAQueryNot() async throws {
        let http = ScriptedHTTPClient()
        let cut = HTTPTransportError.deadlinePassed(url: "https://acme.my.salesforce.com/x", seconds: 60)
        http.script("DELETE", "/services/data/v62.0/sobjects/User/005000000000001AAA/password", .transportError(cut))
        http.script("GET", "/services/data/v62.0/query", .transportError(cut))
        http.script("GET", "/services/data/v62.0/sobjects/User/005000000000001AAA/password", .transportError(.cannotConnect(host: "acme", detail: "refused")))
        let client = SalesforceClient(http: http, auth: StubTokenProvider())
        let reset = await #expect(throws: SalesforceAPIError.self) { try await client.resetPassword(userId: "005000000000001AAA") }
        #expect(reset?.mayHaveBeenCarriedOut == true && reset?.exitCode == 69)
        let query = await #expect(throws: SalesforceAPIError.self) { try await client.query("SELECT Id FROM User") }
        #expect(query?.mayHaveBeenCarriedOut == false)
        let status = await #expect(throws: SalesforceAPIError.self) { try await client.passwordIsExpired(userId: "005000000000001AAA") }
        #expect(status?.mayHaveBeenCarriedOut == false)
    }
}
