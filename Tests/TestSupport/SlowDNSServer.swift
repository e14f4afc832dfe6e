import Foundation
import MailDNS

/// scripts/slow_dns.py on 127.0.0.1: generated mail domains under bench.test (d1.bench.test, nx1.bench.test, …),
/// each answer sent after `delayMilliseconds`, counting the most queries it held unanswered at once. Use
/// `withSlowDNS`; the script also stops by itself after `maxSeconds`.
final class SlowDNSServer: @unchecked Sendable {
    let address: NameserverAddress
    private let directory: URL
    private let process: ChildProcess

    private init(address: NameserverAddress, directory: URL, process: ChildProcess) {
        self.address = address
        self.directory = directory
        self.process = process
    }

    static func start(delayMilliseconds: Int, maxSeconds: Int = 120) async throws -> SlowDNSServer {
        let (address, directory, process) = try await PythonDNSScript.launch(
            script: PythonDNSScript.path("slow_dns.py"), name: "slow-dns") { directory in
            ["--delay-ms", String(delayMilliseconds), "--max-seconds", String(maxSeconds),
             "--stats", directory.appendingPathComponent("stats").path]
        }
        return SlowDNSServer(address: address, directory: directory, process: process)
    }

    /// The most queries the server held unanswered at once so far, and the queries it had received when that
    /// maximum was last reached (the file is rewritten when the maximum grows, and when the server stops).
    var statistics: (queries: Int, maxInFlight: Int) {
        let text = (try? String(contentsOf: directory.appendingPathComponent("stats"), encoding: .utf8)) ?? ""
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        return (values["queries"] ?? 0, values["max-in-flight"] ?? 0)
    }

    /// Stops the script (SIGTERM, SIGKILL after 3 s); its last statistics are written as it stops.
    func stop() { process.stop(grace: 3) }

    func removeFolder() { try? FileManager.default.removeItem(at: directory) }
}

/// Runs `body` against a fresh slow server and always stops it afterwards.
func withSlowDNS<T>(delayMilliseconds: Int, _ body: (SlowDNSServer) async throws -> T) async throws -> T {
    let server = try await SlowDNSServer.start(delayMilliseconds: delayMilliseconds)
    defer {
        server.stop()
        server.removeFolder()
    }
    return try await body(server)
}
