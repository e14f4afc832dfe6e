import Foundation

/// A fixed set of dedicated threads, each owning one `LdnsQuerySession`, fed from one queue.
/// `ldns_resolver_send` blocks, so it must never run on Swift's cooperative pool; these threads absorb the waits.
final class LdnsWorkerPool: @unchecked Sendable {
    struct Job {
        /// Asked just before the query starts: false when every waiter has gone (cancelled), so the job is dropped.
        var isWanted: @Sendable () -> Bool
        var run: @Sendable (LdnsQuerySession) -> Void
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var queueHead = 0
    private var shuttingDown = false

    init(sessions: [LdnsQuerySession]) {
        for (index, session) in sessions.enumerated() {
            let thread = Thread { [self] in self.workLoop(session) }
            thread.name = "ldns-worker-\(index)"
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish their current query and exit; queued jobs are dropped.
    func shutDown() {
        condition.lock()
        shuttingDown = true
        queue.removeAll()
        queueHead = 0
        condition.broadcast()
        condition.unlock()
    }

    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead >= queue.count && !shuttingDown { condition.wait() }
        if shuttingDown { return nil }
        let job = queue[queueHead]
        queueHead += 1
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }

    private func workLoop(_ session: LdnsQuerySession) {
        while let job = next() {
            if job.isWanted() { job.run(session) }
        }
    }
}
