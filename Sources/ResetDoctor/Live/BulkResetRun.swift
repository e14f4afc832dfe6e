import Foundation
import SalesforceAPI

/// Sends a plan's resets, a few in flight. Each is recorded in the ledger under its lock before it is sent (after a
/// last look at the window), so a run cut short at any point, even killed, resumes without resetting anyone twice;
/// the entry is taken out again only when the org refused the reset outright. The run stops starting resets before
/// the org's daily API limit, when the org fails or refuses us, or when `shouldStop` says so (Ctrl-C).
public struct BulkResetRun: Sendable {
    public enum Outcome: Sendable, Equatable {
        case sent(at: Date)
        /// Reset within the window by someone else since the plan was made (found under the lock).
        case recentlyReset(ResetGuard.RecentReset)
        /// The org did not carry it out (or may have: then the ledger keeps it, so a rerun skips it).
        case failed(LiveError, mayHaveReset: Bool)
    }

    public enum StopReason: Sendable, Equatable {
        /// Fewer requests were left today than `reserve` keeps for the org's other work.
        case apiLimit(APIUsage)
        case interrupted
        /// An error that would fail every other reset too (auth, permission, the org unreachable).
        case orgFailed(LiveError)
        case ledger(LedgerError)
    }

    public struct Result: Sendable {
        public var outcomes: [(entry: BulkResetPlan.Entry, outcome: Outcome)]
        /// Planned resets never started because the run stopped.
        public var notAttempted: [BulkResetPlan.Entry]
        public var stop: StopReason?
    }

    public var connection: LiveConnection
    public var ledger: ResetLedger
    public var force: Bool
    /// Resets in flight at once: a handful, so a batch neither floods the org nor takes all day.
    public static let defaultInFlight = 4
    public var inFlight = defaultInFlight
    /// How long a reset waits for another process holding the ledger's lock.
    public var lockWait: TimeInterval = 30

    public init(connection: LiveConnection, ledger: ResetLedger, force: Bool) {
        self.connection = connection; self.ledger = ledger; self.force = force
    }

    /// Requests left for the org's other work (integrations, other admins): 5% of the daily limit, at least 100.
    public static func reserve(limit: Int) -> Int { max(100, limit / 20) }

    /// Whether starting another reset could take the org into its reserve, with `inFlight` others running.
    public static func nearLimit(_ usage: APIUsage, inFlight: Int) -> Bool {
        usage.limit - usage.used - inFlight <= reserve(limit: usage.limit)
    }

    public func run(
        _ plan: BulkResetPlan, shouldStop: @escaping @Sendable () -> Bool = { false },
        onOutcome: (BulkResetPlan.Entry, Outcome) -> Void = { _, _ in }
    ) async -> Result {
        let queue = plan.toReset
        var result = Result(outcomes: [], notAttempted: [], stop: nil)
        await withTaskGroup(of: (Int, Step).self) { group in
            var next = 0
            var running = 0
            func startMore() {
                while running < max(1, inFlight), next < queue.count, result.stop == nil {
                    if shouldStop() { result.stop = .interrupted; break }
                    if let usage = connection.client.apiUsage, Self.nearLimit(usage, inFlight: running) { result.stop = .apiLimit(usage); break }
                    let (index, entry) = (next, queue[next])
                    group.addTask { (index, await self.reset(entry, orgId: plan.orgId)) }
                    next += 1
                    running += 1
                }
            }
            startMore()
            while let (index, step) = await group.next() {
                running -= 1
                switch step {
                case .done(let outcome):
                    result.outcomes.append((queue[index], outcome))
                    onOutcome(queue[index], outcome)
                    if case .failed(let error, _) = outcome, Self.stopsTheRun(error), result.stop == nil { result.stop = .orgFailed(error) }
                case .ledgerFailed(let error):
                    if result.stop == nil { result.stop = .ledger(error) }
                    result.notAttempted.append(queue[index])
                }
                startMore()
            }
            result.notAttempted += queue[next...]
        }
        return result
    }

    /// Auth, permission and an unreachable org fail every reset alike; a refused user (400, 404) fails alone.
    static func stopsTheRun(_ error: LiveError) -> Bool {
        guard case .api(let api) = error else { return true }
        switch api {
        case .badRequest, .notFound: return false
        case .notAuthorized, .missingPermission, .unreachable, .badResponse: return true
        }
    }

    private enum Step: Sendable {
        case done(Outcome)
        case ledgerFailed(LedgerError)
    }

    private enum Claim: Sendable {
        case recorded(ResetLedger.Entry)
        case recent(ResetGuard.RecentReset)
    }

    /// Claim under the lock (look at the window again, record), then send; unclaim when the org refused outright.
    private func reset(_ entry: BulkResetPlan.Entry, orgId: String) async -> Step {
        let claim: Claim
        do {
            claim = try await ledger.exclusively(wait: lockWait) {
                let now = connection.clock()
                if !force, let user = entry.evidence.user.value ?? nil,
                   let recent = try ResetGuard.recentReset(of: user, orgId: orgId, evidence: entry.evidence, ledger: ledger, now: now) {
                    return Claim.recent(recent)
                }
                // Whole seconds: the ledger's file keeps no more, and `remove` finds the entry by it.
                let record = ResetLedger.Entry(orgId: orgId, userId: entry.target.id, at: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
                try ledger.record(record)
                return Claim.recorded(record)
            }
        } catch {
            return .ledgerFailed(error as? LedgerError ?? LedgerError(path: ledger.lockFile.path, problem: "\(error)"))
        }
        switch claim {
        case .recent(let recent):
            return .done(.recentlyReset(recent))
        case .recorded(let record):
            do {
                return .done(.sent(at: try await ResetAction.send(connection: connection, userId: entry.target.id)))
            } catch {
                let mayHaveReset = ResetAction.mayHaveReset(error)
                if !mayHaveReset {
                    // Kept if this fails: a rerun then skips the user for the window, the safe side.
                    try? await ledger.exclusively(wait: lockWait) { try ledger.remove(record) }
                }
                return .done(.failed(error, mayHaveReset: mayHaveReset))
            }
        }
    }
}
