import Foundation

/// Runs checks concurrently, each against its own time limit, and returns their results in the order given.
/// A check that throws or runs out of time becomes `unknown` with the reason; one bad check never aborts the run.
public struct Engine: Sendable {
    public var checks: [any Check]
    public var timeLimit: Duration

    public init(checks: [any Check] = CheckRegistry.all, timeLimit: Duration = .seconds(10)) {
        self.checks = checks; self.timeLimit = timeLimit
    }

    /// `progress` is called as each check finishes (completed count, total), from any thread.
    public func run(_ evidence: Evidence, progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [CheckResult] {
        let total = checks.count
        let limit = timeLimit
        return await withTaskGroup(of: (Int, CheckResult).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await Self.runOne(check, evidence, limit: limit)) }
            }
            var results = [CheckResult?](repeating: nil, count: total)
            var done = 0
            for await (index, result) in group {
                results[index] = result
                done += 1
                progress?(done, total)
            }
            return results.compactMap { $0 }
        }
    }

    static func runOne(_ check: any Check, _ evidence: Evidence, limit: Duration) async -> CheckResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await race(check, evidence, limit: limit)
        let elapsed = clock.now - start
        var findings = outcome.findings
        for index in findings.indices { findings[index].check = check.id }
        return CheckResult(
            id: check.id, title: check.title, status: outcome.status, reason: outcome.reason,
            durationMs: Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            findings: findings, matters: check.matters
        )
    }

    /// Races the check against its time limit with unstructured tasks, so that even a check that ignores
    /// cancellation (or blocks) cannot hold up the run: whichever finishes first resumes the continuation.
    static func race(_ check: any Check, _ evidence: Evidence, limit: Duration) async -> CheckOutcome {
        let once = ResumeOnce()
        return await withCheckedContinuation { (continuation: CheckedContinuation<CheckOutcome, Never>) in
            let work = Task {
                let outcome = await outcome(of: check, evidence)
                if once.claim() { continuation.resume(returning: outcome) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if once.claim() {
                    work.cancel()
                    continuation.resume(returning: .unknown("the check did not finish within \(limit.formattedSeconds)"))
                }
            }
        }
    }
}

extension Engine {
    /// The check's outcome, a thrown error becoming `unknown` with its reason.
    static func outcome(of check: any Check, _ evidence: Evidence) async -> CheckOutcome {
        do { return try await check.run(evidence) }
        catch let cannot as CheckCannotRun { return .unknown(cannot.reason) }
        catch { return .unknown("the check failed: \(error)") }
    }

    /// Runs `checks` one after another with no timer each: a scan's user checks, thousands of times over, where a
    /// timer task per check would cost more than the check. Their only waits are DNS lookups, which time out.
    static func runInline(_ checks: [any Check], _ evidence: Evidence) async -> [CheckResult] {
        var results: [CheckResult] = []
        results.reserveCapacity(checks.count)
        for check in checks {
            let outcome = await outcome(of: check, evidence)
            var findings = outcome.findings
            for index in findings.indices { findings[index].check = check.id }
            results.append(CheckResult(
                id: check.id, title: check.title, status: outcome.status, reason: outcome.reason, durationMs: 0,
                findings: findings, matters: check.matters))
        }
        return results
    }
}

/// Lets exactly one of two racers resume a continuation.
final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}

extension Duration {
    var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
