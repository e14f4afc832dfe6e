import Foundation

/// Waits between attempts. A protocol so tests record the waits instead of sleeping.
public protocol RetrySleeper: Sendable {
    /// Returns after `seconds`, or earlier when the task is cancelled.
    func sleep(seconds: Double) async
}

/// The real sleeper: `Task.sleep`, which ends early on cancellation.
public struct TaskSleeper: RetrySleeper {
    public init() {}
    public func sleep(seconds: Double) async {
        guard seconds > 0, seconds.isFinite else { return }
        try? await Task.sleep(nanoseconds: UInt64(min(seconds, 1_000_000) * 1_000_000_000))
    }
}

/// Retries what is safe to retry, then hands back the last answer for the caller to map.
///
/// - 429 and 503, for every method: Salesforce refuses those before doing any work, so a retried DELETE cannot act
///   twice.
/// - Transport failures (cannotConnect, timedOut, incompleteResponse) only for GET and HEAD: a POST or DELETE that
///   timed out may have been carried out; only a read is repeated.
/// - The wait is `Retry-After` (seconds or an HTTP-date) when the answer has one, else exponential backoff
///   (0.5 s, 1 s, 2 s…) with jitter (50–100 % of the step).
/// - `maxWait` bounds the total seconds slept over one `send`: a wait that would pass it (a long Retry-After) is not
///   taken, and the answer in hand is returned at once.
/// - The run's deadline (`HTTPRequest.deadline`) is never slept past: a wait that would reach it is not taken, and
///   `.deadlinePassed` is never retried.
/// - After `maxAttempts` attempts (at least 1) the last response is returned, or the last transport error thrown.
public struct RetryingHTTPClient: HTTPClient {
    public let inner: any HTTPClient
    public let maxAttempts: Int
    public let sleeper: any RetrySleeper
    public let maxWait: Double
    private let now: @Sendable () -> Date

    public init(_ inner: any HTTPClient, maxAttempts: Int = 4, sleeper: any RetrySleeper = TaskSleeper(), maxWait: Double = 60) {
        self.init(inner, maxAttempts: maxAttempts, sleeper: sleeper, maxWait: maxWait, now: { Date() })
    }

    init(_ inner: any HTTPClient, maxAttempts: Int, sleeper: any RetrySleeper, maxWait: Double, now: @escaping @Sendable () -> Date) {
        self.inner = inner; self.maxAttempts = max(1, maxAttempts); self.sleeper = sleeper
        self.maxWait = maxWait.isFinite ? max(0, maxWait) : 60
        self.now = now
    }

    static let retriedStatuses: Set<Int> = [429, 503]
    static let backoffBase = 0.5

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        var slept = 0.0
        var attempt = 1
        while true {
            let wait: Double
            do {
                let response = try await inner.send(request)
                guard Self.retriedStatuses.contains(response.status), attempt < maxAttempts else { return response }
                wait = response.headers["retry-after"].flatMap { Self.retryAfterSeconds($0, now: now()) }
                    ?? Self.backoff(attempt: attempt)
                guard slept + wait <= maxWait, Self.fits(wait, before: request.deadline), !Task.isCancelled else { return response }
            } catch {
                guard Self.isRetriable(error, method: request.method), attempt < maxAttempts else { throw error }
                wait = Self.backoff(attempt: attempt)
                guard slept + wait <= maxWait, Self.fits(wait, before: request.deadline), !Task.isCancelled else { throw error }
            }
            await sleeper.sleep(seconds: wait)
            slept += wait
            attempt += 1
        }
    }

    static func isRetriable(_ error: HTTPTransportError, method: String) -> Bool {
        guard method == "GET" || method == "HEAD" else { return false }
        switch error {
        case .cannotConnect, .timedOut, .incompleteResponse: return true
        case .tlsFailure, .refused, .other, .deadlinePassed: return false
        }
    }

    /// Whether waiting `wait` seconds still leaves time before the run's deadline for another attempt.
    static func fits(_ wait: Double, before deadline: RunDeadline?) -> Bool {
        guard let deadline else { return true }
        return wait < deadline.remaining
    }

    /// Exponential step for the attempt that just failed (1-based), with jitter so many clients do not retry in step.
    static func backoff(attempt: Int) -> Double {
        let step = backoffBase * pow(2, Double(min(attempt - 1, 16)))
        return step * Double.random(in: 0.5...1.0)
    }

    /// `Retry-After` as seconds from `now`: a non-negative integer, or an HTTP-date (IMF-fixdate, RFC 850 or asctime
    /// form); a date already past means 0. Nil when it is neither.
    static func retryAfterSeconds(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return Double(text) ?? .infinity  // too many digits to count: far longer than anyone waits
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
