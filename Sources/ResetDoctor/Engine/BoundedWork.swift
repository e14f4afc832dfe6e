import Foundation

/// Runs async work over items with a bounded number in flight: a scan's users, a live gathering's pages and queries.
enum BoundedWork {
    /// What the collector wants after a result: more work (`urgent` starts before every item already waiting,
    /// `later` after them), or to stop (the work still running is cancelled).
    enum Next<Item> {
        case add(urgent: [Item] = [], later: [Item] = [])
        case stop
    }

    /// Hands each result to `collect` as it comes (any order), with at most `inFlight` running; `collect` can add
    /// work as results come (a user page's chunk queries) or stop the run.
    static func run<Item: Sendable, Result: Sendable>(
        _ items: [Item], inFlight: Int, work: @escaping @Sendable (Item) async -> Result, collect: (Result) -> Next<Item>
    ) async {
        await withTaskGroup(of: Result.self) { group in
            var urgent: [Item] = [], waiting = items
            var nextUrgent = 0, nextWaiting = 0, running = 0
            func fill() {
                while running < max(1, inFlight) {
                    let item: Item
                    if nextUrgent < urgent.count { item = urgent[nextUrgent]; nextUrgent += 1 }
                    else if nextWaiting < waiting.count { item = waiting[nextWaiting]; nextWaiting += 1 }
                    else { return }
                    group.addTask { await work(item) }
                    running += 1
                }
            }
            fill()
            while let result = await group.next() {
                running -= 1
                switch collect(result) {
                case .stop:
                    group.cancelAll()
                    return
                case .add(let first, let later):
                    urgent += first
                    waiting += later
                }
                fill()
            }
        }
    }

    /// Hands each result to `collect` as it comes (any order), with at most `inFlight` running.
    static func forEach<Item: Sendable, Result: Sendable>(
        _ items: [Item], inFlight: Int, work: @escaping @Sendable (Item) async -> Result, collect: (Result) -> Void
    ) async {
        await run(items, inFlight: inFlight, work: work) { result -> Next<Item> in
            collect(result)
            return .add()
        }
    }
}
