import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_server` on 127.0.0.1 with a freshly made self-signed certificate: a TLS peer no trust store vouches
/// for, to prove certificate verification is on. Started with ChildProcess (empty signal mask, bounded stop).
final class SelfSignedTLSServer: @unchecked Sendable {
    enum StartError: Error, CustomStringConvertible {
        case noFreePort, certificateFailed(log: String), notListening(log: String)
        var description: String {
            switch self {
            case .noFreePort: "no free port on 127.0.0.1"
            case .certificateFailed(let log): "openssl req failed: \(log)"
            case .notListening(let log): "openssl s_server did not start listening: \(log)"
            }
        }
    }

    static let openssl = "/usr/bin/openssl"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: openssl) }

    let port: UInt16
    var baseURL: URL { URL(string: "https://127.0.0.1:\(port)")! }
    private let process: ChildProcess
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("openssl.log").path
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        let request = try ChildProcess(executable: Self.openssl, arguments: [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ], outputPath: log)
        guard Self.waitForExit(request, seconds: 10), FileManager.default.fileExists(atPath: certificate) else {
            request.stop()
            throw StartError.certificateFailed(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
        guard let free = LoopbackSocket.freePort() else { throw StartError.noFreePort }
        port = free
        process = try ChildProcess(executable: Self.openssl, arguments: [
            "s_server", "-accept", "127.0.0.1:\(free)", "-cert", certificate, "-key", key, "-www", "-quiet",
        ], outputPath: log)
        guard Self.waitUntilListening(port: free, process: process, seconds: 10) else {
            process.stop()
            throw StartError.notListening(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func waitForExit(_ child: ChildProcess, seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while child.isRunning, Date() < deadline { usleep(10_000) }
        return !child.isRunning
    }

    private static func waitUntilListening(port: UInt16, process: ChildProcess, seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline, process.isRunning {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return true }
            usleep(20_000)
        }
        return false
    }
}
