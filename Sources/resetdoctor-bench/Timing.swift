import Foundation

/// One benchmark's figures: the median of `runs` timed runs after warm-up passes that also size the runs.
struct BenchFigures: Codable {
    var name: String
    /// Operations in one timed run.
    var operations: Int
    /// The median run's wall-clock seconds.
    var seconds: Double
    var opsPerSecond: Double
    var runSeconds: [Double]
    /// The process CPU seconds of the median-CPU run, and the ops/s they give: steadier than wall-clock time when
    /// other work shares the machine.
    var cpuSeconds: Double
    var opsPerCPUSecond: Double
    /// Passes over the workload per run, chosen so a run lasts about `targetRunSeconds`.
    var passesPerRun: Int
}

enum Timing {
    static let runs = 5
    static let targetRunSeconds = 0.5

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Times `pass` (one pass over the workload, `operationsPerPass` operations). `fixedPasses` skips sizing.
    static func measure(
        _ name: String, operationsPerPass: Int, fixedPasses: Int? = nil, pass: () async throws -> Void
    ) async rethrows -> BenchFigures {
        // The fastest of three warm-up passes sizes the runs, so one pass slowed by other work does not shrink them.
        var warmUp = Double.infinity
        for _ in 0..<3 { warmUp = min(warmUp, try await seconds(pass)) }
        let passes = fixedPasses ?? max(1, Int((targetRunSeconds / max(warmUp, 1e-6)).rounded(.up)))
        var runSeconds: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<runs {
            let cpuStart = processCPUSeconds()
            runSeconds.append(try await seconds { for _ in 0..<passes { try await pass() } })
            cpu.append(processCPUSeconds() - cpuStart)
        }
        let median = runSeconds.sorted()[runs / 2], cpuMedian = cpu.sorted()[runs / 2]
        let operations = passes * operationsPerPass
        return BenchFigures(
            name: name, operations: operations, seconds: median, opsPerSecond: Double(operations) / median,
            runSeconds: runSeconds, cpuSeconds: cpuMedian, opsPerCPUSecond: Double(operations) / max(cpuMedian, 1e-9),
            passesPerRun: passes)
    }

    /// CPU time of every thread of this process.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return values.sorted()[values.count / 2]
    }
}
