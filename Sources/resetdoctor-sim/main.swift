import Foundation
import SalesforceSimulator

// resetdoctor-sim: the Salesforce simulator on 127.0.0.1, for tests and demos. See SimulatorCommandLine.usage.

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("resetdoctor-sim: \(message)\n".utf8))
    exit(code)
}

let options: SimulatorCommandLine
do {
    guard let parsed = try SimulatorCommandLine.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(SimulatorCommandLine.usage)
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

let log: (@Sendable (String) -> Void)? = options.verbose
    ? { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) } : nil
let simulator: SalesforceSimulator
do {
    simulator = try SalesforceSimulator(
        scenario: URL(fileURLWithPath: options.scenario), faults: options.faults, jwtPublicKeyPEM: publicKey,
        pageSize: options.pageSize, requestLog: log)
} catch {
    fail("\(error)", code: 65)
}
if let token = options.acceptedAccessToken { simulator.accept(accessToken: token) }

// Handle SIGTERM/SIGINT ourselves so a stop closes the listener cleanly.
signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let signalQueue = DispatchQueue(label: "resetdoctor-sim.signals")
let stopRequested = AsyncStream<Int32> { continuation in
    for number in [SIGTERM, SIGINT] {
        let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
        source.setEventHandler { continuation.yield(number) }
        source.resume()
        nonisolated(unsafe) let retained = source
        continuation.onTermination = { _ in _ = retained }
    }
}

let port: UInt16
do { port = try await simulator.start(port: options.port) } catch {
    fail("cannot listen on 127.0.0.1:\(options.port): \(error)", code: 69)
}
print("listening on http://127.0.0.1:\(port)")
fflush(stdout)

for await _ in stopRequested { break }
await simulator.stop()
exit(0)
