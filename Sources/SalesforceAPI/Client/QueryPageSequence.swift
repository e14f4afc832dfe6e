import Foundation

/// One page of a REST query answer, as Salesforce sent it: a caller parses `body` with the bundle parsers (it has
/// Salesforce's `{"totalSize","done","records":[…]}` shape) and lets it go before the next page is fetched.
public struct QueryResultPage: Sendable {
    /// This page's body, Salesforce's own bytes (`nextRecordsUrl` and `"done":false` when more pages follow).
    public var body: Data
    /// This page's records as a complete query result (`"done":true`, `totalSize` the page's record count): what the
    /// bundle parsers, which refuse an incomplete result, read a page through.
    public var standalone: Data
    /// The query's total record count as Salesforce states it (every page states the same).
    public var totalSize: Int?
    /// Records on this page.
    public var recordCount: Int
    /// 0 for the first page.
    public var index: Int
    /// No page follows.
    public var isLast: Bool
    /// The `records` array as it came, for merging pages without parsing them again.
    var recordsJSON: Data
}

/// The pages of one query, fetched one at a time as the caller asks for them (nothing is fetched before the first
/// `next()`), so a scan holds one page, not the org. Each page is one request; a page that cannot be read ends the
/// sequence with the error.
public struct QueryPageSequence: AsyncSequence, Sendable {
    public typealias Element = QueryResultPage

    let firstPath: String
    let context: CallContext
    let fetch: @Sendable (String, CallContext) async throws(SalesforceAPIError) -> HTTPResponse

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Sendable, so the next page can be fetched by another task than the one that fetched this page.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let sequence: QueryPageSequence
        private var nextPath: String?
        private var index = 0
        /// nextRecordsUrl values already followed: a server that repeats one would loop forever.
        private var followed: Set<String> = []

        init(sequence: QueryPageSequence) {
            self.sequence = sequence
            self.nextPath = sequence.firstPath
        }

        public mutating func next() async throws(SalesforceAPIError) -> QueryResultPage? {
            guard let path = nextPath else { return nil }
            nextPath = nil
            let context = sequence.context
            let response = try await sequence.fetch(path, context)
            let page = try QueryPage(response.body, context: context)
            if let next = page.nextRecordsURL {
                guard followed.insert(next).inserted else {
                    throw .badResponse(problem: "\(context.what) returned the same nextRecordsUrl twice", hint: "retry later")
                }
                nextPath = try QueryPage.validatedPath(next, context: context)
            } else if !page.done {
                throw .badResponse(problem: "\(context.what) stopped with done=false and no nextRecordsUrl", hint: "retry later")
            }
            defer { index += 1 }
            let standalone = index == 0 && nextPath == nil && page.done
                ? response.body : QueryPage.merged(totalSize: page.records.count, recordArrays: [page.recordsJSON])
            return QueryResultPage(
                body: response.body, standalone: standalone, totalSize: page.totalSize, recordCount: page.records.count,
                index: index, isLast: nextPath == nil, recordsJSON: page.recordsJSON)
        }
    }
}
