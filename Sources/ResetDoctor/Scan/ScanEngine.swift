import EmailAddress
import Foundation

/// Runs a scan: the org checks once, then the user checks for every user. Recipient-domain DNS is the only wait, so
/// the first user of each distinct domain goes first, many domains in flight at once (the resolver shares and caches
/// answers); every other user then reads cached answers, spread over the cores. A scan costs its distinct domains.
public struct ScanEngine: Sendable {
    public var rules: RuleBook
    public var checks: [any Check]
    public var purpose: ScanPurpose
    /// Domains whose first user is checked at once: each waits on DNS round trips, not on the CPU.
    public var domainsInFlight: Int
    /// The org checks' time limit each.
    public var orgTimeLimit: Duration

    public init(
        rules: RuleBook, checks: [any Check] = CheckRegistry.all, purpose: ScanPurpose = .all, domainsInFlight: Int = 256,
        orgTimeLimit: Duration = .seconds(10)
    ) {
        self.rules = rules; self.checks = checks; self.purpose = purpose
        self.domainsInFlight = max(1, domainsInFlight); self.orgTimeLimit = orgTimeLimit
    }

    /// Users done of all, domains done of all; called from any thread.
    public typealias Progress = @Sendable (_ users: Int, _ of: Int, _ domains: Int, _ ofDomains: Int) -> Void

    public func run(org: OrgEvidence, users: [UserEvidence], notes: [String] = [], progress: Progress? = nil) async -> ScanReport {
        let orgPart = await OrgOutcome(org: org, checks: checks.filter { $0.scope == .org }, rules: rules, limit: orgTimeLimit)
        let judge = UserJudge(org: org, orgOutcome: orgPart, checks: checks.filter { $0.scope == .user }, rules: rules)
        let outcomes = await evaluate(users, judge: judge, progress: progress)

        var domains = DomainTally()
        var remedyCodes = Set(orgPart.report.findings.map(\.code))
        for outcome in outcomes {
            domains.add(outcome)
            remedyCodes.formUnion(outcome.user.codes)
        }
        let windowStart = org.windowStart
        let groups = purpose.groupKinds.map { kind in
            ScanGroup(
                id: kind.rawValue, title: kind.title, advice: kind.advice,
                users: zip(outcomes, users).filter { kind.contains($0.0.user, evidence: $0.1, windowStart: windowStart) }.map(\.0.user.id))
        }
        var remedies: [String: ReportRemediation] = [:]
        for code in remedyCodes { remedies[code.rawValue] = rules.remediation(for: code).map(ReportRemediation.init) }
        return ScanReport(
            asOf: org.now, org: OrgSummary(id: org.org?.id, name: org.org?.name, isSandbox: org.org?.isSandbox),
            dnsSource: DNSSource.of(org.dns), purpose: purpose, orgFindings: orgPart.report.findings,
            orgUnknown: orgPart.unknown, domains: domains.ranked(), users: outcomes.map(\.user), remedies: remedies,
            groups: groups, notes: notes)
    }

    /// Every user's outcome, in the order given.
    private func evaluate(_ users: [UserEvidence], judge: UserJudge, progress: Progress?) async -> [UserOutcome] {
        var firstOfDomain: [String: Int] = [:]
        var order: [Int] = []  // first users of their domain, then the rest
        var rest: [Int] = []
        for (index, user) in users.enumerated() {
            let domain = UserJudge.domain(of: user)
            if firstOfDomain[domain] == nil {
                firstOfDomain[domain] = index
                order.append(index)
            } else {
                rest.append(index)
            }
        }
        let counter = ScanCounter(users: users.count, domains: firstOfDomain.count, progress: progress)
        var outcomes = [UserOutcome?](repeating: nil, count: users.count)
        // The first user of each domain: DNS waits, so many at once.
        await BoundedWork.forEach(order, inFlight: domainsInFlight) { index in
            (index: index, outcome: await judge.outcome(users[index]))
        } collect: { result in
            outcomes[result.index] = result.outcome
            counter.done(users: 1, domains: 1)
        }
        // Everyone else reads cached answers: CPU-bound, in batches spread over the cores.
        let batchSize = max(16, min(512, rest.count / (ProcessInfo.processInfo.activeProcessorCount * 8) + 1))
        let batches = stride(from: 0, to: rest.count, by: batchSize).map { Array(rest[$0..<min($0 + batchSize, rest.count)]) }
        await BoundedWork.forEach(batches, inFlight: ProcessInfo.processInfo.activeProcessorCount * 2) { batch in
            var results: [(index: Int, outcome: UserOutcome)] = []
            for index in batch { results.append((index, await judge.outcome(users[index]))) }
            return results
        } collect: { results in
            for result in results { outcomes[result.index] = result.outcome }
            counter.done(users: results.count, domains: 0)
        }
        return outcomes.compactMap { $0 }
    }
}

/// Counts progress across tasks and reports it.
private final class ScanCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var users = 0
    private var domains = 0
    private let totalUsers: Int
    private let totalDomains: Int
    private let progress: ScanEngine.Progress?

    init(users: Int, domains: Int, progress: ScanEngine.Progress?) {
        totalUsers = users; totalDomains = domains; self.progress = progress
    }

    func done(users newUsers: Int, domains newDomains: Int) {
        lock.lock()
        users += newUsers; domains += newDomains
        let (u, d) = (users, domains)
        lock.unlock()
        progress?(u, totalUsers, d, totalDomains)
    }
}
