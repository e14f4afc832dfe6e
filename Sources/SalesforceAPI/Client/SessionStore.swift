/// The client's token state: one session shared by concurrent calls, obtained once, renewed once per expiry.
/// Concurrent callers that hit INVALID_SESSION_ID together share one `renew()`; a caller whose session was already
/// replaced (a higher generation) just takes the new one.
actor SessionStore {
    typealias Fetch = @Sendable () async throws(SalesforceAPIError) -> SalesforceSession?

    private let auth: any AccessTokenProvider
    private var current: (session: SalesforceSession, generation: Int)?
    private var generation = 0
    private var pending: Task<Result<SalesforceSession?, SalesforceAPIError>, Never>?

    init(auth: any AccessTokenProvider) { self.auth = auth }

    func session() async throws(SalesforceAPIError) -> (session: SalesforceSession, generation: Int) {
        if let current { return current }
        let auth = self.auth
        _ = try await obtain { () async throws(SalesforceAPIError) -> SalesforceSession? in try await auth.session() }.get()
        if let current { return current }
        throw .notAuthorized(problem: "the \(auth.flowName) flow gave no session", hint: auth.expiredSessionHint)
    }

    /// A session newer than `seenGeneration`, or nil when the flow cannot renew.
    func renew(after seenGeneration: Int) async throws(SalesforceAPIError) -> (session: SalesforceSession, generation: Int)? {
        if let current, current.generation > seenGeneration { return current }
        if let pending {
            _ = await pending.value
            if let current, current.generation > seenGeneration { return current }
        }
        let auth = self.auth
        guard try await obtain({ () async throws(SalesforceAPIError) -> SalesforceSession? in try await auth.renew() }).get() != nil
        else { return nil }
        return current
    }

    private func obtain(_ fetch: @escaping Fetch) async -> Result<SalesforceSession?, SalesforceAPIError> {
        if let pending { return await pending.value }
        let task = Task { () -> Result<SalesforceSession?, SalesforceAPIError> in
            do throws(SalesforceAPIError) { return .success(try await fetch()) } catch { return .failure(error) }
        }
        pending = task
        let result = await task.value
        pending = nil
        if case .success(let session?) = result {
            generation += 1
            current = (session, generation)
        }
        return result
    }
}
