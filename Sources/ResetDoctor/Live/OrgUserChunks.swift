import Foundation
import Salesforce

/// The users one set of an org scan's per-user queries covers (UserLogin, PermissionSetAssignment, LoginHistory).
struct OrgUserChunk: Sendable, Equatable {
    var userIds: [String]
    /// Those whose User record has no LastLoginDate: their whole login history is read (see `LiveQueries.orgLoginHistory`).
    var neverLoggedIn: [String]
}

/// Cuts an org scan's users into chunks as their pages arrive: every user once (the username and email queries of a
/// user list can both find one user; Ids compared on their first 15 characters, as `QueryBodies.merged` keeps them),
/// in the order the pages list them, `size` at a time; the last chunk takes the rest when the pages end. So the chunks
/// are the same whether the pages come at once or one by one.
struct OrgUserChunker {
    let size: Int
    private var seen = Set<Substring>()
    private var waiting = OrgUserChunk(userIds: [], neverLoggedIn: [])

    init(size: Int) { self.size = max(1, size) }

    /// The chunks these users complete.
    mutating func add(_ users: [SalesforceUser]) -> [OrgUserChunk] {
        var full: [OrgUserChunk] = []
        for user in users where seen.insert(user.id.prefix(15)).inserted {
            waiting.userIds.append(user.id)
            if user.lastLoginDate == nil { waiting.neverLoggedIn.append(user.id) }
            if waiting.userIds.count == size { full.append(take()) }
        }
        return full
    }

    /// The last, partial chunk, if any users wait.
    mutating func finish() -> OrgUserChunk? {
        waiting.userIds.isEmpty ? nil : take()
    }

    private mutating func take() -> OrgUserChunk {
        defer { waiting = OrgUserChunk(userIds: [], neverLoggedIn: []) }
        return waiting
    }
}

/// Pages of several queries arriving interleaved, handed on in query order (all of query 0's pages, then query 1's, …),
/// so what is built from them does not depend on which answer came first.
struct OrderedPages<Page> {
    private var buffered: [[Page]]
    private var finished: [Bool]
    private var current = 0

    init(queries: Int) {
        buffered = Array(repeating: [], count: queries)
        finished = Array(repeating: false, count: queries)
    }

    var allHandedOn: Bool { current == finished.count }

    /// Stores `page` (nil: query `query` has no more pages) and returns the pages that can now be handed on, in order.
    mutating func receive(_ page: Page?, of query: Int) -> [Page] {
        if let page { buffered[query].append(page) } else { finished[query] = true }
        var ready: [Page] = []
        while current < finished.count {
            ready += buffered[current]
            buffered[current] = []
            guard finished[current] else { break }
            current += 1
        }
        return ready
    }
}
