import Foundation
import Salesforce
import SalesforceAPI
import Testing
@testable import ResetDoctor

/// The org capture's pipeline against a scripted org (the `HTTPClient` seam): what goes out before what, that the
/// files do not depend on the order answers arrive in, and refusals. Waits are bounded and nothing is timed: a gate
/// holds an answer until the request it waits for has arrived, and says so if it never does.
@Suite("Live org capture: pipelined queries")
struct LiveOrgPipelineTests {
    /// An org of users served `pageSize` at a time (nextRecordsUrl), whose per-user queries answer one row per user
    /// named in their `IN` list. `gate` may hold an answer until something else has been asked or answered.
    final class ScriptedOrg: HTTPClient, @unchecked Sendable {
        let lock = NSLock()
        private(set) var events: [String] = []
        private(set) var soql: [String] = []
        private(set) var gatesRunOut: [String] = []
        let pages: [[TestUser]]
        var gate: @Sendable (_ label: String, _ org: ScriptedOrg) async -> Void = { _, _ in }
        var refuse: @Sendable (_ soql: String) -> HTTPResponse? = { _ in nil }
        /// Answers of the user queries when several are sent (a user list): the users of the query naming each key.
        var namedQueries: [(key: String, users: [TestUser])] = []

        init(pages: [[TestUser]]) { self.pages = pages }

        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "q" }?.value
            let label = Self.label(query: query, path: request.url.path)
            lock.withLock {
                events.append("asked " + label)
                if let query { soql.append(query) }
            }
            await gate(label, self)
            let response = query.flatMap(refuse) ?? answer(query: query, path: request.url.path)
            lock.withLock { events.append("answered " + label) }
            return response
        }

        func has(_ event: String) -> Bool { lock.withLock { events.contains(event) } }

        /// Waits (bounded) until `event` has happened; records it when it never does.
        func waitFor(_ event: String, holding label: String) async {
            for _ in 0..<2_000 where !has(event) { try? await Task.sleep(nanoseconds: 5_000_000) }
            if !has(event) { lock.withLock { gatesRunOut.append("\(label) waited for \(event)") } }
        }

        /// "User page N", "User query KEY", "UserLogin [ids]", "LoginHistory [ids]", or the object of an org part.
        static func label(query: String?, path: String) -> String {
            guard let query else { return "User page " + (path.split(separator: "-").last.map(String.init) ?? "?") }
            let object = query.components(separatedBy: " FROM ").last?.split(separator: " ").first.map(String.init) ?? "?"
            guard query.contains("IN (") else { return object == "User" ? "User page 0" : object }
            if object == "User" { return "User query " + (query.firstMatch(of: /'(n\d+)@x\.example'/).map { String($0.1) } ?? "?") }
            let ids = query.firstMatch(of: /IN \(([^)]*)\)/).map { String($0.1) } ?? ""
            return "\(object) [\(ids.replacingOccurrences(of: "'", with: ""))]"
        }

        private func answer(query: String?, path: String) -> HTTPResponse {
            guard let query else {
                let index = Int(path.split(separator: "-").last ?? "") ?? 0
                return Self.page(pages[index], index: index, of: pages)
            }
            if query.contains("FROM User ") {
                if let named = namedQueries.first(where: { query.contains("'\($0.key)@x.example'") }) { return Self.body(named.users.map(\.record)) }
                return Self.page(pages[0], index: 0, of: pages)
            }
            let ids = (query.firstMatch(of: /IN \(([^)]*)\)/).map { String($0.1) } ?? "")
                .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "' ")) }
            if query.contains("FROM UserLogin") { return Self.body(ids.map(TestUser.userLogin)) }
            if query.contains("FROM PermissionSetAssignment") { return Self.body(ids.map(TestUser.permission)) }
            if query.contains("FROM LoginHistory") { return Self.body(ids.map(TestUser.apiLogin)) }
            if query.contains("FROM Organization") {
                return Self.body([#"{"attributes":{"type":"Organization"},"Id":"00D000000000001AAA","Name":"Scripted","IsSandbox":false}"#])
            }
            return Self.body([])
        }

        static func body(_ records: [String]) -> HTTPResponse {
            HTTPResponse(status: 200, body: Data(#"{"totalSize":\#(records.count),"done":true,"records":[\#(records.joined(separator: ","))]}"#.utf8))
        }

        static func page(_ users: [TestUser], index: Int, of pages: [[TestUser]]) -> HTTPResponse {
            let last = index == pages.count - 1
            let next = last ? "" : #","nextRecordsUrl":"/services/data/v62.0/query/01gUSERS-\#(index + 1)""#
            let total = pages.map(\.count).reduce(0, +)
            return HTTPResponse(status: 200, body: Data(
                #"{"totalSize":\#(total),"done":\#(last)\#(next),"records":[\#(users.map(\.record).joined(separator: ","))]}"#.utf8))
        }
    }

    struct TestUser: Sendable {
        var number: Int
        var loggedIn = true
        var id: String { String(format: "005000000000%03dAAA", number) }
        var record: String {
            let last = loggedIn ? #""2026-11-20T09:00:00.000+0000""# : "null"
            return #"{"attributes":{"type":"User"},"Id":"\#(id)","Username":"u\#(number)@x.example","Email":"u\#(number)@x.example","Name":"U \#(number)","IsActive":true,"LastLoginDate":\#(last)}"#
        }
        static func userLogin(_ id: String) -> String {
            #"{"attributes":{"type":"UserLogin"},"Id":"0Yw\#(id.dropFirst(3))","UserId":"\#(id)","IsFrozen":false,"IsPasswordLocked":false}"#
        }
        static func permission(_ id: String) -> String {
            #"{"attributes":{"type":"PermissionSetAssignment"},"AssigneeId":"\#(id)","PermissionSet":{"attributes":{"type":"PermissionSet"},"Name":"X","IsOwnedByProfile":true,"PermissionsIsSsoEnabled":false,"PermissionsPasswordNeverExpires":false}}"#
        }
        static func apiLogin(_ id: String) -> String {
            #"{"attributes":{"type":"LoginHistory"},"Id":"0Ya\#(id.dropFirst(3))","UserId":"\#(id)","LoginTime":"2026-11-21T09:00:00.000+0000","LoginType":"Remote Access 2.0","SourceIp":"198.51.100.1","Status":"Success","Application":"Dataloader","LoginUrl":"login.salesforce.com"}"#
        }
    }

    static let users = (0..<8).map { TestUser(number: $0, loggedIn: $0 != 5) }
    /// Pages of 3, 3 and 2 users: with chunks of 2, a chunk spans the first two pages.
    static let pages = [Array(users[0..<3]), Array(users[3..<6]), Array(users[6..<8])]
    static let orgObjects = ["SetupAuditTrail", "EmailRelay", "EmailDomainFilter", "EmailDomainKey", "Organization"]

    func source(_ org: ScriptedOrg, idsPerQuery: Int = 2) -> LiveOrgSource {
        let fixed = Date(timeIntervalSince1970: 1_795_340_000)
        var source = LiveOrgSource(client: SalesforceClient(http: org, auth: LiveSourceTests.FixedToken()), clock: { fixed })
        source.idsPerQuery = idsPerQuery
        return source
    }

    static func ids(_ file: String, _ capture: OrgCapture, key: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: try #require(capture.files.files[file])) as? [String: Any]
        return (object?["records"] as? [[String: Any]] ?? []).compactMap { $0[key] as? String }
    }

    @Test("the org parts go out before the first user page is answered, and each page's chunk queries before the next page is")
    func pagesAndChunksOverlap() async throws {
        let org = ScriptedOrg(pages: Self.pages)
        let ids = Self.users.map(\.id)
        org.gate = { label, org in
            switch label {
            case "User page 0": for object in Self.orgObjects { await org.waitFor("asked " + object, holding: label) }
            case "User page 1": await org.waitFor("asked UserLogin [\(ids[0]), \(ids[1])]", holding: label)
            case "User page 2": await org.waitFor("asked UserLogin [\(ids[2]), \(ids[3])]", holding: label)
            // The first chunk's answers come last: the files must not follow arrival order.
            case "UserLogin [\(ids[0]), \(ids[1])]": await org.waitFor("answered UserLogin [\(ids[6]), \(ids[7])]", holding: label)
            default: break
            }
        }
        let capture = try await source(org).gather(users: OrgUserQuery())
        #expect(org.gatesRunOut.isEmpty, "\(org.gatesRunOut)")
        #expect(try Self.ids("user.json", capture, key: "Id") == ids)
        #expect(try Self.ids("user-login.json", capture, key: "UserId") == ids)
        #expect(try Self.ids("permissions.json", capture, key: "AssigneeId") == ids)
        #expect(try Self.ids("login-history.json", capture, key: "UserId") == ids)
        #expect(capture.bundle.users.count == 8 && capture.bundle.notes.isEmpty)
        #expect(capture.userPages == 3 && capture.queries == 1 + Self.orgObjects.count + 4 * 3)
        // Users 4 and 5 share a chunk; 5 never logged in, so its whole history is asked for; the others' browser logins are not.
        let history = org.soql.filter { $0.contains("FROM LoginHistory") }
        #expect(history.count == 4 && history.filter { $0.hasSuffix(" AND LoginType != 'Application'") }.count == 3)
        #expect(history.contains { $0.hasSuffix(" AND (LoginType != 'Application' OR UserId IN ('\(ids[5])'))") })
    }

    @Test("a user list's queries: each user once, in the list's order, however the answers arrive")
    func namedQueriesKeepTheirOrder() async throws {
        let org = ScriptedOrg(pages: [])
        let (a, b, c, d) = (TestUser(number: 1), TestUser(number: 2), TestUser(number: 3), TestUser(number: 4))
        org.namedQueries = [("n0", [a, b, c]), ("n100", [c, d])]
        org.gate = { label, org in
            if label == "User query n0" { await org.waitFor("answered User query n100", holding: label) }
        }
        let names = (0..<101).map { "n\($0)@x.example" }
        let capture = try await source(org).gather(users: OrgUserQuery(names: names))
        #expect(org.gatesRunOut.isEmpty, "\(org.gatesRunOut)")
        #expect(try Self.ids("user.json", capture, key: "Id") == [a, b, c, d].map(\.id))
        #expect(try Self.ids("user-login.json", capture, key: "UserId") == [a, b, c, d].map(\.id))
        #expect(org.soql.filter { $0.contains("FROM UserLogin") }.count == 2)
    }

    @Test("a refused chunk query loses its file only, with the permission to grant; an auth failure stops the capture")
    func refusals() async throws {
        let org = ScriptedOrg(pages: Self.pages)
        let second = Self.users[2].id
        org.refuse = { soql in
            soql.contains("FROM PermissionSetAssignment") && soql.contains(second)
                ? HTTPResponse(status: 403, body: Data(#"[{"errorCode":"INSUFFICIENT_ACCESS","message":"no"}]"#.utf8)) : nil
        }
        let capture = try await source(org).gather(users: OrgUserQuery())
        #expect(capture.files.files["permissions.json"] == nil)
        #expect(try Self.ids("user-login.json", capture, key: "UserId") == Self.users.map(\.id))
        #expect(capture.files.files["login-history.json"] != nil && capture.files.files["audit-trail.json"] != nil)
        #expect(capture.bundle.users.allSatisfy { $0.permissions.missingReason?.contains("View Setup and Configuration") == true })
        #expect(capture.bundle.notes.filter { $0.contains("PermissionSetAssignment") }.count == 1, "\(capture.bundle.notes)")

        let expired = ScriptedOrg(pages: Self.pages)
        expired.refuse = { soql in
            soql.contains("FROM UserLogin") && soql.contains(second)
                ? HTTPResponse(status: 401, body: Data(#"[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]"#.utf8)) : nil
        }
        let error = try #require(await #expect(throws: LiveError.self) { try await source(expired).gather(users: OrgUserQuery()) })
        guard case .api(let api) = error else { Issue.record("\(error)"); return }
        #expect(LiveEvidenceSource.isFatal(api), "\(api)")
    }

    @Test("the login history query leaves out browser logins unless a user never logged in, and stays a short URL")
    func loginHistoryQuery() {
        let since = Date(timeIntervalSince1970: 1_794_735_200), until = Date(timeIntervalSince1970: 1_795_340_000)
        let ids = (0..<200).map { String(format: "005000000000%03dAAA", $0) }
        let none = LiveQueries.orgLoginHistory(userIds: ids, neverLoggedIn: [], since: since, until: until)
        #expect(none.hasSuffix("LoginTime <= 2026-11-22T09:33:20Z AND LoginType != 'Application'"))
        let half = LiveQueries.orgLoginHistory(userIds: ids, neverLoggedIn: Array(ids[0..<100]), since: since, until: until)
        #expect(half.contains("AND (LoginType != 'Application' OR UserId IN ('005000000000000AAA', "))
        let most = LiveQueries.orgLoginHistory(userIds: ids, neverLoggedIn: Array(ids[0..<101]), since: since, until: until)
        #expect(!most.contains("LoginType !="), "most users never logged in: their few rows are all read")
        // Salesforce refuses a URI over 16,384 bytes (414); every character but letters and digits percent-encoded.
        let encoded = half.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        #expect("/services/data/v62.0/query?q=".count + encoded.utf8.count < 16_384)
    }
}
