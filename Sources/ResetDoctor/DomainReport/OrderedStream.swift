import Foundation

/// Runs `work` on inputs as they arrive, at most `limit` at a time, and hands the outputs to `emit` in input order.
/// Memory stays bounded by `limit` whatever the number of inputs (a pipe of 100k addresses is fine).
public enum OrderedStream {
    public static func run<Input: Sendable, Output: Sendable>(
        limit: Int, next: () async -> Input?, work: @escaping @Sendable (Input) async -> Output, emit: (Output) -> Void
    ) async {
        var inFlight: [Task<Output, Never>] = []
        var head = 0
        while let input = await next() {
            inFlight.append(Task { await work(input) })
            if inFlight.count - head >= max(limit, 1) {
                emit(await inFlight[head].value)
                head += 1
                if head >= 1024 { inFlight.removeFirst(head); head = 0 }  // keep the array small
            }
        }
        while head < inFlight.count {
            emit(await inFlight[head].value)
            head += 1
        }
    }
}
