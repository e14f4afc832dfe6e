/// The client's token state: one session shared by concurrent calls, obtained once, renewed once per expiry.
/// Concurrent callers share one in-flight `session()` or `renew()`; a caller whose session was already replaced (a
/// higher generation) just takes the new one.
actor SessionStore {
    typealias Current = (session: SalesforceSession, generation: Int)
    private typealias Fetch = @Sendable () async throws(SalesforceAPIError) -> SalesforceSession?

    private let auth: any AccessTokenProvider
    private var current: Current?
    private var generation = 0
    private var pending: Task<Result<Current?, SalesforceAPIError>, Never>?

    init(auth: any AccessTokenProvider) { self.auth = auth }

    func session() async throws(SalesforceAPIError) -> Current {
        if let current { return current }
        let auth = self.auth
        if let fresh = try await obtain({ () async throws(SalesforceAPIError) -> SalesforceSession? in try await auth.session() }).get() {
            return fresh
        }
        throw .notAuthorized(problem: "the \(auth.flowName) flow gave no session", hint: auth.expiredSessionHint)
    }

    /// A session newer than `seenGeneration`, or nil when the flow cannot renew.
    func renew(after seenGeneration: Int) async throws(SalesforceAPIError) -> Current? {
        if let current, current.generation > seenGeneration { return current }
        if let pending, let fresh = try await pending.value.get(), fresh.generation > seenGeneration { return fresh }
        if let current, current.generation > seenGeneration { return current }
        let auth = self.auth
        return try await obtain({ () async throws(SalesforceAPIError) -> SalesforceSession? in try await auth.renew() }).get()
    }

    /// Runs `fetch` unless one is already in flight. The task runs on this actor and clears `pending` as it completes,
    /// so no caller can join a fetch that has already finished and take its (by then stale) session.
    private func obtain(_ fetch: @escaping Fetch) async -> Result<Current?, SalesforceAPIError> {
        if let pending { return await pending.value }
        let task = Task { () -> Result<Current?, SalesforceAPIError> in
            let result: Result<Current?, SalesforceAPIError>
            do throws(SalesforceAPIError) {
                result = .success(try await fetch().map { self.install($0) })
            } catch {
                result = .failure(error)
            }
            self.pending = nil
            return result
        }
        pending = task
        return await task.value
    }

    private func install(_ session: SalesforceSession) -> Current {
        generation += 1
        current = (session, generation)
        return (session, generation)
    }
}
