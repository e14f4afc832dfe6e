import Foundation
import SalesforceAPI

/// Passes sessions through and remembers the last one, so the live source can name the instance URL and org in
/// the manifest without a second login. Only the URL and ids are read back: the token stays inside the `Secret`.
final class RememberingTokenProvider: AccessTokenProvider, @unchecked Sendable {
    private let inner: any AccessTokenProvider
    private let lock = NSLock()
    private var last: SalesforceSession?

    init(_ inner: any AccessTokenProvider) { self.inner = inner }

    var flowName: String { inner.flowName }
    var expiredSessionHint: String { inner.expiredSessionHint }

    func session() async throws(SalesforceAPIError) -> SalesforceSession {
        let session = try await inner.session()
        lock.withLock { last = session }
        return session
    }

    func renew() async throws(SalesforceAPIError) -> SalesforceSession? {
        let session = try await inner.renew()
        if let session { lock.withLock { last = session } }
        return session
    }

    /// The instance URL of the last session, without a trailing slash; nil before the first call.
    var instanceURL: String? {
        lock.withLock { last }.map { url in
            var text = url.instanceURL.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
    }

    var orgId: String? { lock.withLock { last?.orgId } }
}
