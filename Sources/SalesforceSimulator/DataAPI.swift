import Foundation
import Salesforce
import SharedBasics

/// `/services/data/vXX.X/…`: queries (REST and Tooling) with pagination, the user password resource and
/// Tooling executeAnonymous. Bearer auth and counted faults are applied before any route.
struct DataAPI: Sendable {
    let scenario: Scenario
    let state: Locked<SimulatorState>
    let pageSize: Int

    func handle(_ request: SimulatorRequest) -> SimulatorResponse {
        let parts = request.path.split(separator: "/").map(String.init).dropFirst(2)  // "services", "data"
        guard let version = parts.first else { return versions() }
        guard version.range(of: #"^v[0-9]+\.[0-9]$"#, options: .regularExpression) != nil else { return .notFound }
        let route = Array(parts.dropFirst())

        if let refusal = precheck(request) { return refusal }
        switch (request.method, route) {
        case ("GET", ["query"]), ("GET", ["tooling", "query"]):
            return query(request, version: version, tooling: route.first == "tooling")
        case ("GET", let route) where route.count == 2 && route[0] == "query":
            return page(locator: route[1], version: version, tooling: false)
        case ("GET", let route) where route.count == 3 && route[0] == "tooling" && route[1] == "query":
            return page(locator: route[2], version: version, tooling: true)
        case ("POST", ["jobs", "query"]):
            return BulkQueryAPI(scenario: scenario, state: state, version: version).create(request)
        case ("GET", let route) where route.count == 3 && route[0] == "jobs" && route[1] == "query":
            return BulkQueryAPI(scenario: scenario, state: state, version: version).status(route[2])
        case ("GET", let route) where route.count == 4 && route[0] == "jobs" && route[1] == "query" && route[3] == "results":
            return BulkQueryAPI(scenario: scenario, state: state, version: version).results(route[2], request.queryItems)
        case ("DELETE", let route) where route.count == 3 && route[0] == "jobs" && route[1] == "query":
            return BulkQueryAPI(scenario: scenario, state: state, version: version).delete(route[2])
        case ("GET", ["tooling", "executeAnonymous"]):
            return ExecuteAnonymous(deliverabilityLevel: scenario.deliverabilityLevel).run(request.queryItems["anonymousBody"])
        case (let method, let route) where route.count == 4 && route[0] == "sobjects" && route[3] == "password":
            return password(method: method, objectName: route[1], userId: route[2])
        default:
            return .notFound
        }
    }

    /// Counted faults, then the session: what stands between any data call and its answer.
    private func precheck(_ request: SimulatorRequest) -> SimulatorResponse? {
        let token = Self.bearerToken(request.headers["authorization"])
        return state.withLock { state -> SimulatorResponse? in
            if SimulatorState.take(&state.faults.serverErrorCalls) {
                return .restError(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred (simulated server error).")
            }
            if SimulatorState.take(&state.faults.rateLimitedCalls) {
                var response = SimulatorResponse.restError(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests (simulated); retry after 1 second.")
                response.headers["Retry-After"] = "1"
                return response
            }
            guard let token, state.tokens[token] != nil else { return .invalidSession }
            if SimulatorState.take(&state.faults.expiredSessionCalls) {
                state.tokens[token] = nil
                return .invalidSession
            }
            if state.faults.forbids(object: nil) { return Self.forbidden }
            return nil
        }
    }

    static let forbidden = SimulatorResponse.restError(403, "INSUFFICIENT_ACCESS", "You do not have permission to view this record.")

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        for scheme in ["Bearer ", "OAuth "] where header.hasPrefix(scheme) {
            return String(header.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private func versions() -> SimulatorResponse {
        .json(200, [["label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0"]])
    }

    // MARK: Queries

    private func query(_ request: SimulatorRequest, version: String, tooling: Bool) -> SimulatorResponse {
        guard let soql = request.queryItems["q"], !soql.isEmpty else {
            return .restError(400, "MALFORMED_QUERY", "A query string has to be specified in the q parameter")
        }
        let answer: QueryAnswer
        do { answer = try QueryEvaluator(scenario: scenario).run(soql) } catch {
            return .restError(400, error.errorCode, error.message)
        }
        if state.withLock({ $0.faults.forbids(object: answer.object) }) { return Self.forbidden }
        guard answer.count > pageSize else {
            return pageResponse(answer, from: 0, total: answer.totalSize, next: nil)
        }
        // REST cannot page an aggregate query (Salesforce: "queries that include a GROUP BY clause can't use the
        // query locator"): it is refused rather than cut short.
        guard !answer.isAggregate else {
            return .restError(400, "MALFORMED_QUERY",
                              "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch")
        }
        let locator = state.withLock { $0.openCursor(answer) }
        return pageResponse(answer, from: 0, total: answer.totalSize,
                            next: nextURL(locator: locator, offset: pageSize, version: version, tooling: tooling))
    }

    /// `…/query/01gSIM000000001-2000`: the records of a paginated query from that offset.
    private func page(locator: String, version: String, tooling: Bool) -> SimulatorResponse {
        guard let dash = locator.lastIndex(of: "-"), let offset = Int(locator[locator.index(after: dash)...]),
              let answer = state.withLock({ $0.cursors[String(locator[..<dash])] }), offset >= 0, offset <= answer.count else {
            return .restError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        }
        let end = min(offset + pageSize, answer.count)
        let next = end < answer.count
            ? nextURL(locator: String(locator[..<dash]), offset: end, version: version, tooling: tooling) : nil
        return pageResponse(answer, from: offset, total: answer.totalSize, next: next)
    }

    private func nextURL(locator: String, offset: Int, version: String, tooling: Bool) -> String {
        "/services/data/\(version)/\(tooling ? "tooling/" : "")query/\(locator)-\(offset)"
    }

    /// The records of `answer` from `offset`, at most a page, built now.
    private func pageResponse(_ answer: QueryAnswer, from offset: Int, total: Int, next: String?) -> SimulatorResponse {
        let end = min(offset + pageSize, answer.count)
        let records = (offset..<end).map { JSONValue.object(answer.record($0)) }
        var body: [String: JSONValue] = ["totalSize": .number(Double(total)), "done": .bool(next == nil), "records": .array(records)]
        if let next { body["nextRecordsUrl"] = .string(next) }
        return .json(200, JSONValue.object(body))
    }

    // MARK: Password

    private func password(method: String, objectName: String, userId: String) -> SimulatorResponse {
        guard objectName == "User" else { return .notFound }
        if state.withLock({ $0.faults.forbids(object: "User") }) { return Self.forbidden }
        guard let id = scenario.userId(matching: userId) ?? (SalesforceId.same(userId, SimulatorCredentials.adminUserId) ? SimulatorCredentials.adminUserId : nil) else {
            return .restError(404, "NOT_FOUND", "The requested resource does not exist: no User with Id \(userId)")
        }
        switch method {
        case "DELETE":
            state.withLock { state in
                state.resets.append(id)
                state.expiredPasswords.insert(id)
            }
            var response = SimulatorResponse.json(200, ["NewPassword": RandomText.make(length: 12)])
            response.logNote = "password reset for user \(id)"
            return response
        case "GET":
            return .json(200, ["isExpired": state.withLock { $0.expiredPasswords.contains(id) }])
        default:
            return .restError(405, "METHOD_NOT_ALLOWED", "HTTP Method '\(method)' not allowed. Allowed are GET,DELETE")
        }
    }
}
