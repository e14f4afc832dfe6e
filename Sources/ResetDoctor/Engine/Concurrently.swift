import Dispatch

/// Four independent pieces of synchronous work run on the cores at once; each result (or error) comes back in
/// its place, so the caller decides which error wins.
enum Concurrently {
    static func run<A, B, C, D>(
        _ a: () throws -> A, _ b: () throws -> B, _ c: () throws -> C, _ d: () throws -> D
    ) -> (Result<A, any Error>, Result<B, any Error>, Result<C, any Error>, Result<D, any Error>) {
        // concurrentPerform returns only when every iteration has, so the closures and slots outlive their use.
        // One variable each: no two threads touch the same one.
        nonisolated(unsafe) var resultA: Result<A, any Error>?
        nonisolated(unsafe) var resultB: Result<B, any Error>?
        nonisolated(unsafe) var resultC: Result<C, any Error>?
        nonisolated(unsafe) var resultD: Result<D, any Error>?
        withoutActuallyEscaping(a) { a in
            withoutActuallyEscaping(b) { b in
                withoutActuallyEscaping(c) { c in
                    withoutActuallyEscaping(d) { d in
                        nonisolated(unsafe) let (a, b, c, d) = (a, b, c, d)
                        DispatchQueue.concurrentPerform(iterations: 4) { index in
                            switch index {
                            case 0: resultA = Result { try a() }
                            case 1: resultB = Result { try b() }
                            case 2: resultC = Result { try c() }
                            default: resultD = Result { try d() }
                            }
                        }
                    }
                }
            }
        }
        return (resultA!, resultB!, resultC!, resultD!)
    }
}
