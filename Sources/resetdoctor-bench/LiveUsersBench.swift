import Foundation
import Salesforce
import SalesforceAPI

/// `--live-users`: reads every active user of the org in `SF_INSTANCE_URL` (scripts/bench-live starts the simulator
/// with 100,000 generated users and injected latency) the two ways a scan can, each page parsed and dropped before
/// the next: REST query pages (nextRecordsUrl) and a Bulk API 2.0 query job (CSV sets). Prints requests and time.
enum LiveUsersBench {
    static func run() async -> String {
        let auth = EnvironmentTokenProvider()
        let client = SalesforceClient(http: RetryingHTTPClient(CurlHTTPClient()), auth: auth)
        let soql = "SELECT \(UserQuery.fields) FROM User WHERE IsActive = true"
        var lines: [String] = []
        do {
            var start = ContinuousClock.now
            var pages = 0, users = 0
            for try await page in try client.queryPages(soql) {
                pages += 1
                users += try UserQuery.parse(page.standalone, file: "user.json page \(page.index + 1)").count
            }
            lines.append(row("REST query pages", users: users, requests: pages, since: start))

            start = ContinuousClock.now
            var sets = 0, records = 0
            for try await set in client.bulkQuery(soql, maxRecords: 50_000) {
                sets += 1
                records += set.recordCount
            }
            // create + status checks (the simulator answers InProgress once, then JobComplete) + result sets
            lines.append(row("Bulk API 2.0 query job", users: records, requests: 1 + 2 + sets, since: start))

            start = ContinuousClock.now
            let count = try await client.queryPages("SELECT COUNT() FROM User WHERE IsActive = true").first { _ in true }
            lines.append(row("COUNT() aggregate", users: count?.totalSize ?? 0, requests: 1, since: start))
        } catch {
            lines.append("live users: failed: \(error)")
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ name: String, users: Int, requests: Int, since start: ContinuousClock.Instant) -> String {
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let label = name.padding(toLength: 24, withPad: " ", startingAt: 0)
        return label + String(format: " %7d users  %4d requests  %7.2f s", users, requests, seconds)
    }
}
