import Foundation
import SalesforceSimulator

// resetdoctor-sim: the Salesforce simulator on 127.0.0.1, for tests and demos. See SimulatorCommandLine.usage.

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("resetdoctor-sim: \(message)\n".utf8))
    exit(code)
}

/// Yields on SIGTERM or SIGINT. Both are ignored as signals and read through dispatch sources instead, so the
/// simulator can close its listener before exiting. Installed before "listening" is printed.
func stopSignals() -> AsyncStream<Void> {
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let queue = DispatchQueue(label: "resetdoctor-sim.signals")
    let sources = SignalSources([SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) })
    return AsyncStream<Void> { continuation in
        for source in sources.all {
            source.setEventHandler { continuation.yield() }
            source.resume()
        }
        continuation.onTermination = { _ in sources.all.forEach { $0.cancel() } }
    }
}

/// Keeps the dispatch sources alive while the stream lives; they are only resumed and cancelled, both thread-safe.
final class SignalSources: @unchecked Sendable {
    let all: [any DispatchSourceSignal]
    init(_ all: [any DispatchSourceSignal]) { self.all = all }
}

func run() async {
    let options: SimulatorCommandLine
    do {
        guard let parsed = try SimulatorCommandLine.parse(Array(CommandLine.arguments.dropFirst())) else {
            FileHandle.standardOutput.write(Data((SimulatorCommandLine.usage + "\n").utf8))
            exit(0)
        }
        options = parsed
    } catch {
        fail("\(error.description)\n\(SimulatorCommandLine.usage)", code: 64)
    }

    var publicKey: String?
    if let path = options.jwtPublicKeyPath {
        do { publicKey = try String(contentsOfFile: path, encoding: .utf8) } catch {
            fail("cannot read --jwt-public-key \(path): \(error.localizedDescription)", code: 66)
        }
    }
    var log: (@Sendable (String) -> Void)?
    if options.verbose {
        log = { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
    }
    let simulator: SalesforceSimulator
    do {
        simulator = try SalesforceSimulator(
            scenario: options.scenario.map { URL(fileURLWithPath: $0) }, generatedUsers: options.generatedUsers,
            faults: options.faults, jwtPublicKeyPEM: publicKey, pageSize: options.pageSize, limits: options.limits,
            requestLog: log)
    } catch {
        fail("\(error)", code: 65)
    }
    if let token = options.acceptedAccessToken { simulator.accept(accessToken: token) }

    let stop = stopSignals()
    let port: UInt16
    do { port = try await simulator.start(port: options.port) } catch {
        fail("cannot listen on 127.0.0.1:\(options.port): \(error)", code: 69)
    }
    // FileHandle writes straight to the descriptor: no stdio buffer to flush before a reader sees the line.
    FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(port)\n".utf8))

    for await _ in stop { break }
    await simulator.stop()
    exit(0)
}

await run()
