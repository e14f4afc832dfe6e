import Foundation
import SharedBasics

/// The moment a whole live run must be over by (`--timeout`): every request's own timeout is cut to the time left,
/// retries stop when it comes, and a server that accepts connections and never answers cannot stretch a run past it.
/// Measured on the monotonic clock, so changing the wall clock moves nothing.
public final class RunDeadline: Sendable {
    /// The run's whole allowance, for messages ("the run's 60 s deadline").
    public let seconds: Double
    private let expiry: Locked<ContinuousClock.Instant>

    /// Starts now. A non-finite or non-positive `seconds` is taken as 60.
    public init(seconds: Double) {
        let allowance = seconds.isFinite && seconds > 0 ? seconds : 60
        self.seconds = allowance
        expiry = Locked(ContinuousClock.now.advanced(by: .milliseconds(Int64((allowance * 1000).rounded(.up)))))
    }

    /// Seconds left; zero or less once the deadline has passed.
    public var remaining: Double {
        let left = ContinuousClock.now.duration(to: expiry.get())
        return Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
    }

    public var hasPassed: Bool { remaining <= 0 }

    /// Runs `body` without counting its time against the deadline: waiting for an admin to answer a confirmation
    /// is not the org being slow.
    public func pausing<T>(_ body: () throws -> T) rethrows -> T {
        let started = ContinuousClock.now
        defer {
            let paused = started.duration(to: .now)
            expiry.mutate { $0 = $0.advanced(by: paused) }
        }
        return try body()
    }

    /// "the run's 60 s deadline"
    public var phrase: String { "the run's \(Self.format(seconds)) s deadline" }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e9 ? String(Int(seconds)) : String(seconds)
    }
}

/// Stamps every request with the run's deadline (unless it carries one), so every call of a live run, logins
/// included, is bounded by it. Wraps the retrying client, which reads the deadline to stop retrying in time.
public struct DeadlineHTTPClient: HTTPClient {
    public let inner: any HTTPClient
    public let deadline: RunDeadline

    public init(_ inner: any HTTPClient, deadline: RunDeadline) {
        self.inner = inner; self.deadline = deadline
    }

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        var request = request
        if request.deadline == nil { request.deadline = deadline }
        guard let deadline = request.deadline, !deadline.hasPassed else {
            throw .deadlinePassed(url: HTTPTransportError.withoutCredentials(request.url.absoluteString), seconds: deadline.seconds)
        }
        return try await inner.send(request)
    }
}
