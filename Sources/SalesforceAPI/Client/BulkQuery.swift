import Foundation

/// One set of a Bulk API 2.0 query job's results: CSV with a header row naming the selected fields (relationship
/// fields dotted: `Profile.Name`), every value quoted, LF line ends.
public struct BulkResultPage: Sendable {
    public var csv: Data
    /// `Sforce-NumberOfRecords`: the records in this set.
    public var recordCount: Int
    /// 0 for the first set.
    public var index: Int
    public var isLast: Bool
}

/// A Bulk API 2.0 query job run to the end, its result sets fetched one at a time as the caller asks: the first
/// `next()` creates the job (`POST …/jobs/query`) and polls it (`GET …/jobs/query/{id}`) until `JobComplete`, then
/// each `next()` is one `GET …/results?locator=…&maxRecords=…`.
public struct BulkQuerySequence: AsyncSequence, Sendable {
    public typealias Element = BulkResultPage

    let client: SalesforceClient
    let soql: String
    let maxRecords: Int?
    let poll: BulkQueryPolling

    public func makeAsyncIterator() -> Iterator { Iterator(sequence: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: BulkQuerySequence
        private var jobPath: String?
        /// nil before the first set; "null" (Salesforce's word) after the last.
        private var locator: String?
        private var index = 0

        init(sequence: BulkQuerySequence) { self.sequence = sequence }

        public mutating func next() async throws(SalesforceAPIError) -> BulkResultPage? {
            if locator == "null" { return nil }
            let client = sequence.client
            let context = CallContext.bulkQuery(sequence.soql)
            if jobPath == nil { jobPath = try await client.runBulkQueryJob(sequence.soql, poll: sequence.poll, context: context) }
            var query: [String] = []
            if let locator { query.append("locator=" + PercentEncoding.strict(locator)) }
            if let maxRecords = sequence.maxRecords { query.append("maxRecords=\(maxRecords)") }
            let path = (jobPath ?? "") + "/results" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            let response = try await client.perform("GET", path, accept: "text/csv", context: context)
            let next = response.headers["sforce-locator"]?.trimmingCharacters(in: .whitespaces) ?? "null"
            guard next == "null" || (!next.isEmpty && next != locator && next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })) else {
                throw .badResponse(problem: "\(context.what) returned an unusable Sforce-Locator", hint: "retry later")
            }
            locator = next.isEmpty ? "null" : next
            defer { index += 1 }
            let count = response.headers["sforce-numberofrecords"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return BulkResultPage(csv: response.body, recordCount: count ?? 0, index: index, isLast: locator == "null")
        }
    }
}

/// How long to wait between status checks of a query job: `delays` in turn, the last repeated, at most `maxChecks`
/// checks. The sleeper is a seam so tests do not wait.
public struct BulkQueryPolling: Sendable {
    public var delays: [Double]
    public var maxChecks: Int
    public var sleeper: any RetrySleeper

    public init(delays: [Double] = [0.1, 0.25, 0.5, 1, 2, 5], maxChecks: Int = 720, sleeper: any RetrySleeper = TaskSleeper()) {
        self.delays = delays.isEmpty ? [1] : delays; self.maxChecks = max(1, maxChecks); self.sleeper = sleeper
    }
}

extension SalesforceClient {
    /// A Bulk API 2.0 query job for `soql`, its CSV result sets one at a time (at most `maxRecords` records each).
    /// Bulk API 2.0 refuses aggregate functions, GROUP BY and OFFSET: use `query` or `queryPages` for those.
    public func bulkQuery(_ soql: String, maxRecords: Int? = nil, polling: BulkQueryPolling = BulkQueryPolling()) -> BulkQuerySequence {
        BulkQuerySequence(client: self, soql: soql, maxRecords: maxRecords.map { max(1, $0) }, poll: polling)
    }

    /// Creates the job and polls it until JobComplete; returns the job's path.
    func runBulkQueryJob(_ soql: String, poll: BulkQueryPolling, context: CallContext) async throws(SalesforceAPIError) -> String {
        let body = (try? JSONSerialization.data(withJSONObject: ["operation": "query", "query": soql], options: [.sortedKeys])) ?? Data()
        let created = try await perform("POST", try dataPath("jobs/query"), json: body, context: context)
        let id = try Self.jobId(created.body, context: context)
        let path = try dataPath("jobs/query/\(id)")
        for check in 0..<poll.maxChecks {
            let info = try await perform("GET", path, context: context)
            let object = (try? JSONSerialization.jsonObject(with: info.body)) as? [String: Any]
            switch object?["state"] as? String {
            case "JobComplete"?: return path
            case "Failed"?, "Aborted"?:
                let message = object?["errorMessage"] as? String ?? "no reason given"
                throw .badRequest(problem: "\(context.what) ended \(object?["state"] ?? ""): \(message)",
                                  hint: "Salesforce could not run the query as a bulk job; the message above says why")
            case "UploadComplete"?, "InProgress"?:
                await poll.sleeper.sleep(seconds: poll.delays[min(check, poll.delays.count - 1)])
            default:
                throw .badResponse(problem: "\(context.what): the job status has no known state", hint: "retry, and report it if it persists")
            }
        }
        throw .unreachable(problem: "\(context.what) did not complete after \(poll.maxChecks) status checks",
                           hint: "the org may be busy: retry later, or use the REST query for smaller results")
    }

    /// The job Id of a create answer, checked to be letters and digits so it cannot change the path's shape.
    private static func jobId(_ body: Data, context: CallContext) throws(SalesforceAPIError) -> String {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let id = object?["id"] as? String, (15...18).contains(id.utf8.count),
              id.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) else {
            throw .badResponse(problem: "\(context.what): the job was created without a usable job Id", hint: "retry, and report it if it persists")
        }
        return id
    }
}
