import Foundation

/// Runs async work over items with a bounded number in flight: a scan's users, a live gathering's queries.
enum BoundedWork {
    /// Hands each result to `collect` as it comes (any order), with at most `inFlight` running.
    static func forEach<Item: Sendable, Result: Sendable>(
        _ items: [Item], inFlight: Int, work: @escaping @Sendable (Item) async -> Result, collect: (Result) -> Void
    ) async {
        await withTaskGroup(of: Result.self) { group in
            var next = 0
            func add() {
                let item = items[next]
                group.addTask { await work(item) }
                next += 1
            }
            while next < min(max(1, inFlight), items.count) { add() }
            while let result = await group.next() {
                collect(result)
                if next < items.count { add() }
            }
        }
    }

    /// The results in the order of `items`.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], inFlight: Int, _ work: @escaping @Sendable (Item) async -> Result
    ) async -> [Result] {
        var results = [Result?](repeating: nil, count: items.count)
        await forEach(Array(items.enumerated()), inFlight: inFlight, work: { (offset: $0.offset, result: await work($0.element)) }) {
            results[$0.offset] = $0.result
        }
        return results.compactMap { $0 }
    }
}
