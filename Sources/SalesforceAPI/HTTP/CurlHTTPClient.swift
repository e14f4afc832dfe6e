import CCurl
import Foundation

/// The live `HTTPClient` over libcurl.
///
/// - TLS peer and host verification are always on; there is no switch to turn them off.
/// - Plain `http://` goes only to loopback (127.0.0.0/8, ::1, localhost), for the simulator; anything else is
///   `.refused` before any network traffic. Only http and https are ever spoken; redirects are not followed.
/// - Proxies: libcurl honours `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment, and
///   this client leaves that on (TLS is still verified end to end through a CONNECT tunnel). Loopback never uses one.
/// - Compressed responses (gzip, deflate, and whatever else this libcurl decodes) are offered and decoded.
/// - Up to `maxConcurrent` requests run at once, each on a worker thread owning a reusable easy handle, so
///   connections are kept and reused; further requests wait in a queue.
/// - A cancelled task gets `.other(detail: "cancelled")` at once; its transfer is aborted in the background.
/// - HTTP error statuses (401, 429, 500…) are responses, not errors.
/// - A request's `deadline` cuts its timeouts to the time left; when that is what ends it, the error is
///   `.deadlinePassed`.
public final class CurlHTTPClient: HTTPClient {
    public struct Configuration: Sendable {
        /// Seconds to establish the connection (TCP and TLS).
        public var connectTimeout: Double
        /// Seconds for the whole transfer, connection included.
        public var totalTimeout: Double
        /// Requests in flight at once (worker threads); at least 1.
        public var maxConcurrent: Int
        public var userAgent: String
        /// Lets the simulator on 127.0.0.1 be reached over plain http. https is required everywhere else regardless.
        public var allowPlainHTTPToLoopback: Bool
        /// A (decoded) body larger than this ends the transfer with `.incompleteResponse` instead of filling memory.
        public var maxResponseBytes: Int

        public init(connectTimeout: Double = 10, totalTimeout: Double = 120, maxConcurrent: Int = 4,
                    userAgent: String = "ResetDoctor", allowPlainHTTPToLoopback: Bool = true,
                    maxResponseBytes: Int = 256 << 20) {
            self.connectTimeout = connectTimeout; self.totalTimeout = totalTimeout; self.maxConcurrent = maxConcurrent
            self.userAgent = userAgent; self.allowPlainHTTPToLoopback = allowPlainHTTPToLoopback
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// The `detail` of the `.other` error a cancelled request ends with.
    public static let cancelledDetail = "cancelled"

    public let configuration: Configuration
    private let pool: CurlWorkerPool
    private let globalInit: CURLcode

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        globalInit = CurlGlobal.initialized
        pool = CurlWorkerPool(maxWorkers: configuration.maxConcurrent, settings: CurlTransferSettings(
            connectTimeoutMilliseconds: Self.milliseconds(configuration.connectTimeout, fallback: 10),
            totalTimeoutMilliseconds: Self.milliseconds(configuration.totalTimeout, fallback: 120),
            userAgent: configuration.userAgent,
            maxResponseBytes: max(0, configuration.maxResponseBytes)))
    }

    deinit { pool.shutdown() }

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let target = try CurlTarget(request, allowPlainHTTPToLoopback: configuration.allowPlainHTTPToLoopback)
        guard globalInit == CURLE_OK else {
            throw .other(url: target.url, detail: "libcurl failed to initialise: \(String(cString: curl_easy_strerror(globalInit)))")
        }
        if let deadline = target.deadline, deadline.hasPassed {
            throw .deadlinePassed(url: target.url, seconds: deadline.seconds)
        }
        let job = CurlJob(target: target)
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if job.install(continuation) { pool.submit(job) }
            }
        } onCancel: {
            job.cancel()
        }
        return try outcome.get()
    }

    /// libcurl reads 0 as "no timeout": never let a tiny or odd value become that.
    private static func milliseconds(_ seconds: Double, fallback: Double) -> Int {
        let value = seconds.isFinite && seconds > 0 ? seconds : fallback
        return max(1, Int((value * 1000).rounded(.up)))
    }
}

/// `curl_global_init` exactly once per process, before the first handle (a lazily initialised global is once-only).
enum CurlGlobal {
    static let initialized: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}
