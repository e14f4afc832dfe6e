import Foundation

/// What a bulk reset did (or, dry, would do), user by user, with counts (`resetdoctor.bulk-reset/1`). Holds names,
/// addresses, codes and times: never a password. Its JSON shape does not depend on the outcome.
public struct BulkResetSummary: Sendable, Codable, Equatable {
    public static let currentSchema = "resetdoctor.bulk-reset/1"

    public enum Outcome: String, Sendable, Codable {
        case reset, wouldReset = "would-reset", refused, alreadyReset = "already-reset", failed, notAttempted = "not-attempted"
    }

    public struct User: Sendable, Codable, Equatable {
        public var id: String
        public var username: String
        public var email: String
        public var outcome: Outcome
        /// Why refused (the blocking codes), else the live scan's codes.
        public var codes: [String]
        /// Why it failed, when it was reset before, whether --force overrode a refusal; null when nothing to add.
        @NullWhenAbsent public var detail: String?
        public var integrationUser: Bool
    }

    public struct Counts: Sendable, Codable, Equatable {
        public var reset = 0, wouldReset = 0, refused = 0, alreadyReset = 0, failed = 0, notAttempted = 0
        /// Refusals by their first cause; list entries that match nobody count as `user.not-found`, entries that
        /// match several users as `ambiguous-name`.
        public var refusedByCause: [String: Int] = [:]
    }

    public var schema = Self.currentSchema
    public var dryRun: Bool
    public var orgId: String
    public var counts = Counts()
    /// Why the run stopped before the end (the API limit, Ctrl-C, the org failing), or null.
    @NullWhenAbsent public var stopped: String?
    public var users: [User] = []
    public var unmatched: [String]
    public var ambiguous: [String]

    public init(plan: BulkResetPlan, result: BulkResetRun.Result?, stopped: String? = nil) {
        dryRun = result == nil; orgId = plan.orgId; unmatched = plan.unmatched; ambiguous = plan.ambiguous
        self.stopped = stopped
        var done: [String: BulkResetRun.Outcome] = [:]
        for (entry, outcome) in result?.outcomes ?? [] { done[entry.target.id] = outcome }
        for entry in plan.entries { add(entry, done[entry.target.id], ran: result != nil) }
        if !unmatched.isEmpty { counts.refusedByCause["user.not-found"] = unmatched.count }
        if !ambiguous.isEmpty { counts.refusedByCause["ambiguous-name"] = ambiguous.count }
        counts.refused += unmatched.count + ambiguous.count
    }

    private mutating func add(_ entry: BulkResetPlan.Entry, _ outcome: BulkResetRun.Outcome?, ran: Bool) {
        var line = User(
            id: entry.target.id, username: entry.target.username, email: entry.target.email, outcome: .refused,
            codes: entry.codes.map(\.rawValue), detail: entry.forced ? "--force: reset despite a refusal" : nil,
            integrationUser: entry.isIntegrationUser)
        switch (entry.decision, outcome) {
        case (.refused(let blockers), _):
            line.codes = blockers.map(\.rawValue)
        case (.recentlyReset(let recent), _), (.reset, .recentlyReset(let recent)?):
            line.outcome = .alreadyReset
            line.detail = "reset at \(Self.time(recent.at)) (seen in \(recent.seenIn))"
        case (.reset, nil):
            line.outcome = ran ? .notAttempted : .wouldReset
        case (.reset, .sent?):
            line.outcome = .reset
        case (.reset, .failed(let error, let mayHaveReset)?):
            line.outcome = .failed
            line.detail = error.description + (mayHaveReset ? " (recorded as reset: it may have been carried out)" : "")
        }
        switch line.outcome {
        case .reset: counts.reset += 1
        case .wouldReset: counts.wouldReset += 1
        case .alreadyReset: counts.alreadyReset += 1
        case .failed: counts.failed += 1
        case .notAttempted: counts.notAttempted += 1
        case .refused:
            counts.refused += 1
            counts.refusedByCause[line.codes.first ?? "unknown", default: 0] += 1
        }
        users.append(line)
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// 0 when every user was reset or already had been; 1 when one was refused, failed or left out.
    public var exitCode: Int32 {
        counts.refused + counts.failed + counts.notAttempted == 0 ? 0 : 1
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
