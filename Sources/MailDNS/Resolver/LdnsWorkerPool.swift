import Foundation

/// Dedicated threads, each owning one `LdnsQuerySession`, fed from one queue: at most `limit` queries in flight.
/// `ldns_resolver_send` blocks, so it must never run on Swift's cooperative pool; these threads absorb the waits.
///
/// Why threads and not an event loop: `dns check` of 2,000 domains (10,000 queries) at 20 ms an answer took 29 s on 8
/// threads and 1.6-1.8 s on 256 (release build, scripts/bench "dns check" row). The bound's floor is 0.8 s (queries
/// × latency / 256), and the same run against nsd with no delay takes 1.25 s: what is left is CPU (checks, this
/// process's and the server's) on 2 cores, which an event loop would not remove. Threads keep ldns doing all of
/// the transport (retries, TCP on truncation, a fresh socket and port per query); an event-driven UDP engine would
/// reimplement it to save stacks that are mostly untouched virtual memory (peak RSS of that run: 118 MB). Threads
/// start on demand, so a resolver that asks a few names costs a few threads.
final class LdnsWorkerPool: @unchecked Sendable {
    struct Job {
        /// Asked just before the query starts: false when every waiter has gone (cancelled), so the job is dropped.
        var isWanted: @Sendable () -> Bool
        var run: @Sendable (LdnsQuerySession) -> Void
        /// Called instead of `run` when the pool shuts down first, so no waiter is left hanging.
        var abandon: @Sendable () -> Void
    }

    let limit: Int
    private let makeSession: () -> LdnsQuerySession?
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var queueHead = 0
    private var threads = 0
    private var idle = 0
    private var shuttingDown = false

    /// `first` serves the first thread; later threads get a session from `makeSession` (nil: no more threads).
    init(limit: Int, first: LdnsQuerySession, makeSession: @escaping () -> LdnsQuerySession?) {
        self.limit = max(limit, 1)
        var spare: LdnsQuerySession? = first
        self.makeSession = {
            if let session = spare { spare = nil; return session }  // only called under `condition`
            return makeSession()
        }
    }

    func submit(_ job: Job) {
        condition.lock()
        guard !shuttingDown else {
            condition.unlock()
            job.abandon()
            return
        }
        defer { condition.unlock() }
        queue.append(job)
        // Idle threads that were signalled but have not woken yet still count as idle: compare with the backlog.
        if queue.count - queueHead > idle, threads < limit, let session = makeSession() {
            startThread(session)
        } else {
            condition.signal()
        }
    }

    /// Drops queued jobs, lets each thread finish its current query, and waits until every thread has exited or
    /// `within` seconds have passed. Called before the process exits: a thread still inside libldns while exit()
    /// tears the C libraries down is how a run could end in a segmentation fault.
    func shutDown(within seconds: Double = 10) {
        condition.lock()
        shuttingDown = true
        let dropped = queue[queueHead...]
        queue = []
        queueHead = 0
        condition.broadcast()
        condition.unlock()
        for job in dropped { job.abandon() }
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while threads > 0 && condition.wait(until: deadline) {}
    }

    /// Threads started so far (at most `limit`).
    var threadCount: Int { condition.withLock { threads } }

    private func startThread(_ session: LdnsQuerySession) {
        threads += 1
        let thread = Thread { [self] in self.workLoop(session) }
        thread.name = "ldns-worker-\(threads)"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead >= queue.count && !shuttingDown {
            idle += 1
            condition.wait()
            idle -= 1
        }
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
        condition.withLock {
            threads -= 1
            condition.broadcast()  // wakes shutDown's wait
        }
    }
}
