import Foundation
import Salesforce
import SalesforceAPI

/// The queries of an org capture, pipelined: the org-wide parts and the first user pages go out at once, and the
/// per-user queries of each chunk of users go out as soon as the page that completes the chunk arrives, while the
/// next page is fetched; at most `inFlight` requests at a time, the next user page first. So a scan costs its user
/// pages plus about one round trip when the bound allows, not a round trip per `inFlight` queries after all pages.
/// The answers come back in a fixed order (the order the users were listed in), whatever order they arrived in.
struct OrgQueryPipeline: Sendable {
    var client: SalesforceClient
    var inFlight: Int
    var idsPerQuery: Int
    var since: Date
    var until: Date

    struct Output: Sendable {
        /// Every user page's body, in query order, then page order.
        var userPages: [Data]
        /// The org-wide parts' answers in the order given, then each chunk's three parts in chunk order.
        var answers: [LiveOrgSource.Answer]
    }

    /// Auth failures, an unreachable org and any failed user query stop everything; any other refused part only
    /// loses its answer (`refusal` says why).
    func run(userQueries: [String], orgParts: [LivePart]) async throws(LiveError) -> Output {
        var work: [Work] = []
        for (index, soql) in userQueries.enumerated() {
            do { work.append(.page(query: index, try client.queryPages(soql).makeAsyncIterator())) } catch { throw .api(error) }
        }
        work += orgParts.indices.map { Work.part(slot: $0, orgParts[$0]) }
        var state = Collected(pipeline: self, userQueries: userQueries.count, orgParts: orgParts)
        let client = self.client
        await BoundedWork.run(work, inFlight: inFlight, work: { await $0.perform(client) }, collect: { state.receive($0) })
        if let failure = state.failure { throw failure }
        return Output(userPages: state.userPages, answers: state.answers.compactMap { $0 })
    }

    /// One request: the next page of a user query, or a part's query (all its pages).
    private enum Work: Sendable {
        case page(query: Int, QueryPageSequence.Iterator)
        case part(slot: Int, LivePart)

        func perform(_ client: SalesforceClient) async -> Event {
            switch self {
            case .page(let query, var pages):
                do throws(SalesforceAPIError) {
                    guard let page = try await pages.next() else { return .page(query: query, rest: pages, .success(nil)) }
                    // Read here, off the task that collects, so pages are parsed in parallel.
                    do { return .page(query: query, rest: pages, .success((page, try UserQuery.parse(page.standalone, file: "user.json")))) }
                    catch { return .page(query: query, rest: pages, .failure(.unreadableAnswer(file: "user.json", problem: "\(error)"))) }
                } catch {
                    return .page(query: query, rest: pages, .failure(.api(error)))
                }
            case .part(let slot, let part):
                do throws(SalesforceAPIError) {
                    return .answer(slot: slot, .success(part.tooling ? try await client.toolingQuery(part.soql) : try await client.query(part.soql)))
                } catch {
                    return .answer(slot: slot, .failure(error))
                }
            }
        }
    }

    /// What one request brought: a user page read into users (with the iterator that fetches the next page), or a
    /// part's answer.
    private enum Event: Sendable {
        case page(query: Int, rest: QueryPageSequence.Iterator, Result<UserPage?, LiveError>)
        case answer(slot: Int, Result<Data, SalesforceAPIError>)
    }

    private typealias UserPage = (page: QueryResultPage, users: [SalesforceUser])

    /// The answers so far and the work they lead to; touched only by the task that collects.
    private struct Collected {
        let pipeline: OrgQueryPipeline
        var parts: [LivePart]
        var answers: [LiveOrgSource.Answer?]
        var ordered: OrderedPages<UserPage>
        var chunker: OrgUserChunker
        var userPages: [Data] = []
        var failure: LiveError?

        init(pipeline: OrgQueryPipeline, userQueries: Int, orgParts: [LivePart]) {
            self.pipeline = pipeline
            parts = orgParts
            answers = Array(repeating: nil, count: orgParts.count)
            ordered = OrderedPages(queries: userQueries)
            chunker = OrgUserChunker(size: pipeline.idsPerQuery)
        }

        mutating func receive(_ event: Event) -> BoundedWork.Next<Work> {
            switch event {
            case .page(_, _, .failure(let error)):
                failure = error
                return .stop
            case .page(let query, let rest, .success(let fetched)):
                // The next page is urgent: it unlocks more chunks, and the last page ends the scan.
                let next: [Work] = fetched.map { $0.page.isLast } == false ? [.page(query: query, rest)] : []
                var ready = fetched.map { ordered.receive($0, of: query) } ?? []
                if next.isEmpty { ready += ordered.receive(nil, of: query) }
                var chunks: [OrgUserChunk] = []
                for (page, users) in ready {
                    userPages.append(page.body)
                    chunks += chunker.add(users)
                }
                if ordered.allHandedOn, let last = chunker.finish() { chunks.append(last) }
                var queries: [Work] = []
                for chunk in chunks { queries += queue(chunk) }
                return .add(urgent: next, later: queries)
            case .answer(let slot, .success(let body)):
                answers[slot] = LiveOrgSource.Answer(part: parts[slot], body: body)
            case .answer(let slot, .failure(let error)):
                if LiveEvidenceSource.isFatal(error) {
                    failure = .api(error)
                    return .stop
                }
                answers[slot] = LiveOrgSource.Answer(part: parts[slot], body: Data(), refusal: LiveEvidenceSource.refusalReason(parts[slot], error))
            }
            return .add()
        }

        /// The chunk's parts, each given the slot its answer goes to.
        private mutating func queue(_ chunk: OrgUserChunk) -> [Work] {
            let batch = LivePart.orgUserBatch(chunk, since: pipeline.since, until: pipeline.until)
            let first = parts.count
            parts += batch
            answers += Array(repeating: nil, count: batch.count)
            return batch.indices.map { Work.part(slot: first + $0, batch[$0]) }
        }
    }
}
