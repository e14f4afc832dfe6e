import Foundation
import SalesforceAPI
import SalesforceSimulator
import Testing

@Suite("Simulator: aggregate queries and scan-sized conditions")
struct AggregateQueryTests {
    static let org = GeneratedUsers(count: 1_500, domains: 4, seed: 3)

    @Test func countAnswersASizeAndNoRecords() async throws {
        let sim = try await RunningSimulator.generated(Self.org, pageSize: 2_000)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let all = try await sim.query("SELECT Id, IsActive FROM User", token: token)
        let active = all.records.filter { $0["IsActive"] as? Bool == true }.count

        let count = try await sim.query("SELECT COUNT() FROM User WHERE IsActive = true", token: token)
        #expect(count.status == 200)
        #expect(count.object?["totalSize"] as? Int == active)
        #expect(count.object?["done"] as? Bool == true)
        #expect(count.records.isEmpty)

        let counted = try await sim.query("SELECT COUNT(Id) n, COUNT_DISTINCT(ProfileId) FROM User WHERE IsActive = true", token: token)
        let row = try #require(counted.records.first)
        #expect(counted.records.count == 1)
        #expect((row["attributes"] as? [String: Any])?["type"] as? String == "AggregateResult")
        #expect(row["n"] as? Int == active)
        #expect(row["expr0"] as? Int == 3, "three profiles: standard, integration, Experience Cloud")
    }

    @Test func lastLoginPerUserWithoutDownloadingLoginRows() async throws {
        let sim = try await RunningSimulator.generated(Self.org, pageSize: 10_000)  // every login row on one page, to compare
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let since = "2026-11-01T00:00:00Z"
        let rows = try await sim.query("SELECT UserId, LoginTime FROM LoginHistory WHERE LoginTime >= \(since)", token: token)
        var latest: [String: String] = [:]
        for record in rows.records {
            let user = record["UserId"] as? String ?? "", time = record["LoginTime"] as? String ?? ""
            if time > latest[user] ?? "" { latest[user] = time }
        }

        let grouped = try await sim.query(
            "SELECT UserId, MAX(LoginTime) LastLogin FROM LoginHistory WHERE LoginTime >= \(since) GROUP BY UserId", token: token)
        #expect(grouped.status == 200, "\(grouped.bodyText.prefix(300))")
        var answered: [String: String] = [:]
        for record in grouped.records { answered[record["UserId"] as? String ?? ""] = record["LastLogin"] as? String }
        #expect(answered.count == latest.count)
        #expect(answered.filter { latest[$0.key] != $0.value }.isEmpty)
        #expect(grouped.object?["totalSize"] as? Int == latest.count)

        // A page of users at a time, as a scan asks: UserId IN (…).
        let ids = (0..<20).map(GeneratedUsers.userId)
        let page = try await sim.query(
            "SELECT UserId, MAX(LoginTime) LastLogin, COUNT(Id) Logins FROM LoginHistory WHERE UserId IN (\(ids.map(SOQL.quote).joined(separator: ","))) GROUP BY UserId ORDER BY UserId",
            token: token)
        #expect(page.status == 200, "\(page.bodyText.prefix(300))")
        let pageIds = page.strings("UserId")
        #expect(pageIds == pageIds.sorted())
        #expect(Set(pageIds).isSubset(of: Set(ids)))
    }

    @Test func anAggregateTooBigForOnePageIsRefusedNotCut() async throws {
        let sim = try await RunningSimulator.generated(Self.org, pageSize: 500)
        defer { Task { await sim.stop() } }
        let response = try await sim.query("SELECT UserId, MAX(LoginTime) FROM LoginHistory GROUP BY UserId", token: try await sim.login())
        #expect(response.status == 400)
        #expect(response.errorCode == "MALFORMED_QUERY")
    }

    @Test func whatTheSimulatorCannotAnswerIsAnErrorNotAGuess() async throws {
        let sim = try await RunningSimulator.generated(Self.org)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let malformed = [
            "SELECT Username, MAX(LastLoginDate) FROM User GROUP BY ProfileId",          // not grouped
            "SELECT ProfileId, COUNT(Id) FROM User GROUP BY ProfileId HAVING COUNT(Id) > 1",
            "SELECT Id, (SELECT Id FROM LoginHistories) FROM User",
            "SELECT toLabel(UserType) FROM User",
            "SELECT Id FROM User WHERE Id IN (SELECT UserId FROM UserLogin)",
            "SELECT Id FROM User WHERE CreatedDate = THIS_FISCAL_QUARTER",
            "SELECT COUNT(), Id FROM User",
            "SELECT Id FROM User WHERE",
        ]
        for soql in malformed {
            let response = try await sim.query(soql, token: token)
            #expect(response.status == 400, "\(soql)")
            #expect(response.errorCode == "MALFORMED_QUERY", "\(soql): \(response.bodyText)")
        }
        let unknownField = try await sim.query("SELECT Id FROM User WHERE Nickname__c = 'x'", token: token)
        #expect(unknownField.status == 400)
        #expect(unknownField.errorCode == "INVALID_FIELD")
    }

    @Test func userConditionsAsAWhereOptionHoldsThem() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 400, domains: 4, seed: 5, asOf: Date()), pageSize: 2_000)
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        let all = try await sim.query("SELECT Id FROM User", token: token).records
        func ids(_ condition: String) async throws -> Set<String> {
            let response = try await sim.query("SELECT Id FROM User WHERE \(condition)", token: token)
            #expect(response.status == 200, "\(condition): \(response.bodyText.prefix(200))")
            return Set(response.strings("Id"))
        }
        func expected(_ keep: ([String: Any]) -> Bool) -> Set<String> {
            Set(all.filter(keep).compactMap { $0["Id"] as? String })
        }
        let domain1 = GeneratedUsers.domain(1)
        #expect(try await ids("Email LIKE '%@\(domain1)' AND NOT (IsActive = false OR UserType != 'Standard')")
                == expected { ($0["Email"] as? String)?.hasSuffix("@" + domain1) == true && $0["IsActive"] as? Bool == true && $0["UserType"] as? String == "Standard" })
        #expect(try await ids("(FederationIdentifier != null) OR (ContactId = null AND IsPortalEnabled = true)")
                == expected { !($0["FederationIdentifier"] is NSNull) })
        #expect(try await ids("UserType IN ('PowerCustomerSuccess', 'CspLitePortal')")
                == expected { $0["UserType"] as? String == "PowerCustomerSuccess" })
        #expect(try await ids("LastLoginDate < 2000-01-01T00:00:00Z").isEmpty)
        // Relative date literals count from the simulator's today; the org was generated "as of" now.
        #expect(try await ids("CreatedDate = LAST_N_DAYS:7") == expected { record in
            (record["CreatedDate"] as? String).map { $0 >= RESTDateTimeText.daysAgo(7) } ?? false })
        #expect(try await ids("LastLoginDate > TODAY").isEmpty)
    }

    /// `--where` and `--users` values reach SOQL through SOQL.quote: an injection attempt is data, never syntax.
    @Test func injectionAttemptsAreDataWhenQuoted() async throws {
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 50))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        for hostile in [#"x' OR Name != '"#, #"x\' OR Name != \'"#, #"\\' OR IsActive = true OR Name = '\\"#, "x%' OR Id != '", "') OR (Id != '"] {
            let quoted = try await sim.query("SELECT Id FROM User WHERE Username = \(SOQL.quote(hostile))", token: token)
            #expect(quoted.status == 200, "\(hostile)")
            #expect(quoted.records.isEmpty, "\(hostile) matched users")
            let listed = try await sim.query("SELECT Id FROM User WHERE Id IN (\(SOQL.quote(hostile)), \(SOQL.quote(GeneratedUsers.userId(3))))", token: token)
            #expect(listed.strings("Id") == [GeneratedUsers.userId(3)], "\(hostile)")
            let liked = try await sim.query("SELECT Id FROM User WHERE Username LIKE \(SOQL.likePattern(hostile))", token: token)
            #expect(liked.status == 200 && liked.records.isEmpty, "\(hostile)")
        }
        // Unquoted, the first one is syntax: it matches every user. This is what quoting prevents.
        let injected = try await sim.query("SELECT Id FROM User WHERE Username = 'x' OR Name != ''", token: token)
        #expect(injected.records.count == 50)
    }
}

/// The REST date-time text of a day boundary, for comparing with generated dates as text.
enum RESTDateTimeText {
    static func daysAgo(_ days: Int) -> String {
        let day = 86_400.0
        let start = (Date().timeIntervalSince1970 / day).rounded(.down) * day - Double(days) * day
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: start)).replacingOccurrences(of: "Z", with: ".000+0000")
    }
}

@Suite("Simulator: Salesforce's URI limit")
struct URILimitTests {
    /// An IN list of thousands of Ids does not fit in a GET: Salesforce answers 414 past 16,384 bytes, and so does
    /// the simulator, so a scan that forgets to split its lists fails in tests as it would live.
    @Test func aQueryPastTheURILimitIs414() async throws {
        // 400 users are enough: the 414 is about the URI's length, not about what the Ids match.
        let sim = try await RunningSimulator.generated(GeneratedUsers(count: 400))
        defer { Task { await sim.stop() } }
        let token = try await sim.login()
        func query(_ count: Int) async throws -> RawHTTPResponse {
            let ids = (0..<count).map { SOQL.quote(GeneratedUsers.userId($0)) }.joined(separator: ",")
            return try await sim.query("SELECT Id FROM User WHERE Id IN (\(ids))", token: token)
        }
        let fits = try await query(300)
        #expect(fits.status == 200)
        #expect(fits.records.count == 300)
        #expect(try await query(700).status == 414)
    }
}
