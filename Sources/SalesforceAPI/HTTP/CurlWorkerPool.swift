import Foundation

/// One request waiting for, or in, a transfer. Its continuation is resumed exactly once: by the worker with the
/// outcome, or at once by `cancel()` (the worker's transfer then aborts through the progress callback).
final class CurlJob: @unchecked Sendable {
    typealias Outcome = Result<HTTPResponse, HTTPTransportError>

    let target: CurlTarget
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var cancelled = false
    private var resumed = false

    init(target: CurlTarget) { self.target = target }

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Keeps the continuation; false (after resuming it) when the task was cancelled before the job was queued.
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let alreadyCancelled = lock.withLock {
            if cancelled { resumed = true } else { self.continuation = continuation }
            return cancelled
        }
        if alreadyCancelled { continuation.resume(returning: .failure(cancelledError)) }
        return !alreadyCancelled
    }

    func cancel() {
        let waiting = lock.withLock {
            cancelled = true
            return takeContinuation()
        }
        waiting?.resume(returning: .failure(cancelledError))
    }

    func finish(_ outcome: Outcome) {
        lock.withLock { takeContinuation() }?.resume(returning: outcome)
    }

    /// Call with `lock` held.
    private func takeContinuation() -> CheckedContinuation<Outcome, Never>? {
        guard !resumed, let waiting = continuation else { return nil }
        resumed = true
        continuation = nil
        return waiting
    }

    private var cancelledError: HTTPTransportError { .other(url: target.url, detail: CurlHTTPClient.cancelledDetail) }
}

/// A fixed set of worker threads (started as needed, up to `maxWorkers`), each owning one reusable easy handle.
/// `curl_easy_perform` blocks, so it runs here and never on Swift's cooperative pool. Idle workers are taken
/// last-in first-out: the next request goes to the handle that just finished, whose connection is still warm.
final class CurlWorkerPool: @unchecked Sendable {
    /// Touched only with `condition` locked.
    private final class Worker: @unchecked Sendable {
        var assigned: CurlJob?
    }

    private let condition = NSCondition()
    private var idle: [Worker] = []
    private var pending: [CurlJob] = []
    private var workerCount = 0
    private var shuttingDown = false
    private let maxWorkers: Int
    private let settings: CurlTransferSettings

    init(maxWorkers: Int, settings: CurlTransferSettings) {
        self.maxWorkers = max(1, maxWorkers)
        self.settings = settings
    }

    func submit(_ job: CurlJob) {
        condition.lock()
        if shuttingDown {
            condition.unlock()
            job.finish(.failure(.other(url: job.target.url, detail: "the HTTP client was shut down")))
            return
        }
        if let worker = idle.popLast() {
            worker.assigned = job
            condition.broadcast()
        } else if workerCount < maxWorkers {
            workerCount += 1
            let worker = Worker()
            worker.assigned = job
            let thread = Thread { [self] in run(worker) }
            thread.name = "curl-worker-\(workerCount)"
            thread.stackSize = 1 << 20
            thread.start()
        } else {
            pending.append(job)
        }
        condition.unlock()
    }

    /// Stops the workers once their current transfer ends and fails every queued job. Does not wait for them.
    func shutdown() {
        condition.lock()
        shuttingDown = true
        let abandoned = pending
        pending = []
        condition.broadcast()
        condition.unlock()
        for job in abandoned { job.finish(.failure(.other(url: job.target.url, detail: "the HTTP client was shut down"))) }
    }

    private func run(_ worker: Worker) {
        let transfer = CurlTransfer(settings: settings)
        condition.lock()
        while true {
            while worker.assigned == nil, !shuttingDown { condition.wait() }
            guard let job = worker.assigned else { break }
            worker.assigned = nil
            condition.unlock()

            let outcome: CurlJob.Outcome
            if job.isCancelled {
                outcome = .failure(.other(url: job.target.url, detail: CurlHTTPClient.cancelledDetail))
            } else if let transfer {
                outcome = transfer.perform(job.target, isCancelled: { job.isCancelled })
            } else {
                outcome = .failure(.other(url: job.target.url, detail: "libcurl could not create a transfer handle"))
            }

            condition.lock()
            if !pending.isEmpty {
                worker.assigned = pending.removeFirst()
            } else if !shuttingDown {
                idle.append(worker)  // before resuming: the caller's next request finds this warm handle idle
            }
            condition.unlock()
            job.finish(outcome)
            condition.lock()
        }
        workerCount -= 1
        idle.removeAll { $0 === worker }
        condition.unlock()
    }
}
