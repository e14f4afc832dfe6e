import Foundation
import MailDNS

/// scripts/hostile_dns.py on 127.0.0.1 in one mode (nxdomain-all, wrong-id, qr0-echo, …): a DNS server that
/// serves one fault. Use `withHostileDNS`; the script also stops by itself after `maxSeconds`.
final class HostileDNSServer: @unchecked Sendable {
    static let script = PythonDNSScript.path("hostile_dns.py")

    let mode: String
    let address: NameserverAddress
    /// Each query received, one "NAME TYPE" line each.
    let queryLog: URL
    private let directory: URL
    private let process: ChildProcess

    private init(mode: String, address: NameserverAddress, directory: URL, process: ChildProcess) {
        self.mode = mode
        self.address = address
        self.directory = directory
        self.queryLog = directory.appendingPathComponent("queries.log")
        self.process = process
    }

    static func start(mode: String, maxSeconds: Int = 120) async throws -> HostileDNSServer {
        let (address, directory, process) = try await PythonDNSScript.launch(
            script: script, name: "hostile-dns") { directory in
            ["--mode", mode, "--max-seconds", String(maxSeconds), "--log", directory.appendingPathComponent("queries.log").path]
        }
        return HostileDNSServer(mode: mode, address: address, directory: directory, process: process)
    }

    /// The queries received so far, as "NAME TYPE" lines.
    var queries: [String] {
        ((try? String(contentsOf: queryLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Stops the script (SIGTERM, SIGKILL after 3 s) and removes its folder.
    func stop() {
        process.stop(grace: 3)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` against a fresh hostile server in `mode` and always stops it afterwards.
func withHostileDNS<T>(mode: String, _ body: (HostileDNSServer) async throws -> T) async throws -> T {
    let server = try await HostileDNSServer.start(mode: mode)
    defer { server.stop() }
    return try await body(server)
}

/// Starts one of the Python DNS servers of scripts/ (hostile_dns.py, slow_dns.py) on 127.0.0.1 and a free port,
/// with a temporary folder of its own, and waits until it prints "listening on 127.0.0.1:PORT".
enum PythonDNSScript {
    enum StartError: Error, CustomStringConvertible {
        case noPython
        case notListening(script: String, log: String)

        var description: String {
            switch self {
            case .noPython: return "python3 is not installed (/usr/bin/python3 missing)"
            case .notListening(let script, let log): return "\(script) did not print its port within 30 s; its output:\n\(log)"
            }
        }
    }

    static let python = "/usr/bin/python3"

    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/\(name)").path
    }

    /// `arguments` gets the server's folder; "--port 0" is added.
    static func launch(script: String, name: String, arguments: (URL) -> [String]) async throws
        -> (NameserverAddress, URL, ChildProcess)
    {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw StartError.noPython }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("server.out")
        let process = try ChildProcess(
            executable: python, arguments: [script, "--port", "0"] + arguments(directory), outputPath: output.path)
        // 30 s: a shared CI machine under a full parallel test run can be slow to start Python.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on 127.0.0.1:") }),
                let port = UInt16(line.split(separator: ":").last ?? "")
            {
                return (try NameserverAddress(host: "127.0.0.1", port: port), directory, process)
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        let running = process.isRunning
        let log = ((try? String(contentsOf: output, encoding: .utf8)) ?? "")
            + (running ? "" : "\n(it exited with status \(process.exitStatus ?? -1))")
        process.stop()
        try? FileManager.default.removeItem(at: directory)
        throw StartError.notListening(script: script, log: log)
    }
}
