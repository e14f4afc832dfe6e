import Foundation
import MailDNS

/// A zone nsd serves in a test. `file == nil` names a zone file that does not exist: nsd answers SERVFAIL for it.
struct NSDZone: Sendable {
    var name: String
    var file: URL?

    static func fixture(_ name: String) -> NSDZone {
        NSDZone(name: name, file: Fixtures.directory.appendingPathComponent("\(name).zone"))
    }

    /// example.test and other.test from Fixtures/, and broken.test whose file is missing.
    static let standard: [NSDZone] = [.fixture("example.test"), .fixture("other.test"), NSDZone(name: "broken.test", file: nil)]
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MailDNSTests/Fixtures")

    static func zoneFiles(_ names: [String] = ["example.test", "other.test"]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in names {
            files["\(name).zone"] = try Data(contentsOf: directory.appendingPathComponent("\(name).zone"))
        }
        return files
    }
}

/// nsd serving zone files on 127.0.0.1 and a free port, from a temporary folder. Use `withNSD`.
final class NSDServer: @unchecked Sendable {
    enum StartError: Error, CustomStringConvertible {
        case notInstalled(String)
        case noFreePort
        case notReady(log: String)

        var description: String {
            switch self {
            case .notInstalled(let path):
                return "nsd is not installed (\(path) missing): run scripts/install-deps (apt-get install nsd)"
            case .noFreePort: return "no free port on 127.0.0.1 for nsd"
            case .notReady(let log): return "nsd did not answer within 30 s; its log:\n\(log)"
            }
        }
    }

    static let executable = "/usr/sbin/nsd"

    let address: NameserverAddress
    let directory: URL
    private let process: ChildProcess

    private init(address: NameserverAddress, directory: URL, process: ChildProcess) {
        self.address = address
        self.directory = directory
        self.process = process
    }

    /// Starts nsd and waits (at most 30 s over all attempts: shared CI machines can be slow) until it answers the first zone's SOA.
    static func start(zones: [NSDZone]) async throws -> NSDServer {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw StartError.notInstalled(executable) }
        let deadline = Date().addingTimeInterval(30)
        var lastLog = ""
        while Date() < deadline {
            guard let port = LoopbackSocket.freePort() else { throw StartError.noFreePort }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nsd-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for zone in zones {
                if let file = zone.file {
                    try FileManager.default.copyItem(at: file, to: directory.appendingPathComponent("\(zone.name).zone"))
                }
            }
            let configPath = directory.appendingPathComponent("nsd.conf").path
            try configuration(directory: directory.path, port: port, zones: zones).write(
                toFile: configPath, atomically: true, encoding: .utf8)
            let process = try ChildProcess(
                executable: executable, arguments: ["-d", "-c", configPath],
                outputPath: directory.appendingPathComponent("nsd.out").path)
            let server = NSDServer(
                address: try NameserverAddress(host: "127.0.0.1", port: port), directory: directory, process: process)
            if await server.waitUntilAnswering(zone: zones.first?.name ?? ".", deadline: deadline) { return server }
            lastLog = server.log
            server.stop()  // port taken by someone else, or nsd failed: try again on another port
        }
        throw StartError.notReady(log: lastLog)
    }

    var log: String {
        ["nsd.log", "nsd.out"].compactMap {
            try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n")
    }

    /// Stops nsd (SIGTERM to its group, SIGKILL after 3 s) and removes the temporary folder.
    func stop() {
        process.stop(grace: 3)
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitUntilAnswering(zone: String, deadline: Date) async -> Bool {
        guard let probe = try? LdnsResolver(.init(
            nameserver: .address(address), timeout: 0.2, retries: 0, maxInFlight: 1, cacheEnabled: false))
        else { return false }
        while Date() < deadline && process.isRunning {
            if case .records = await probe.lookup(zone, .soa) { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return false
    }

    private static func configuration(directory: String, port: UInt16, zones: [NSDZone]) -> String {
        var text = """
            server:
                ip-address: 127.0.0.1
                port: \(port)
                username: ""
                chroot: ""
                zonesdir: "\(directory)"
                database: ""
                pidfile: "\(directory)/nsd.pid"
                xfrdfile: "\(directory)/xfrd.state"
                zonelistfile: "\(directory)/zone.list"
                xfrdir: "\(directory)"
                logfile: "\(directory)/nsd.log"
                server-count: 1
                verbosity: 1
            remote-control:
                control-enable: no

            """
        for zone in zones {
            let file = zone.file == nil ? "missing-\(zone.name).zone" : "\(zone.name).zone"
            text += "zone:\n    name: \(zone.name)\n    zonefile: \(file)\n"
        }
        return text
    }
}

/// Runs `body` against a fresh nsd and always stops it afterwards.
func withNSD<T>(zones: [NSDZone] = NSDZone.standard, _ body: (NSDServer) async throws -> T) async throws -> T {
    let server = try await NSDServer.start(zones: zones)
    defer { server.stop() }
    return try await body(server)
}

/// A resolver pointed at `server`, fast to give up.
func resolver(for address: NameserverAddress, timeout: Double = 2, cache: Bool = false, clock: any DNSCacheClock = SystemDNSCacheClock())
    throws -> LdnsResolver
{
    try LdnsResolver(.init(nameserver: .address(address), timeout: timeout, retries: 1, maxInFlight: 8, cacheEnabled: cache), clock: clock)
}
