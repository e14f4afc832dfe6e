import Foundation
import MailDNS

#if canImport(Glibc)
import Glibc
#endif

/// A UDP socket on 127.0.0.1 that never answers: every query to it times out.
final class SilentServer: @unchecked Sendable {
    let address: NameserverAddress
    private let fd: Int32

    init() throws {
        guard let bound = LoopbackSocket.bind(kind: Int32(SOCK_DGRAM.rawValue), port: 0) else {
            throw NSDServer.StartError.noFreePort
        }
        fd = bound.fd
        address = try NameserverAddress(host: "127.0.0.1", port: bound.port)
    }

    func stop() { close(fd) }
}

func withSilentServer<T>(_ body: (SilentServer) async throws -> T) async throws -> T {
    let server = try SilentServer()
    defer { server.stop() }
    return try await body(server)
}

/// A clock the test moves by hand.
final class ManualDNSCacheClock: DNSCacheClock, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 1000

    func now() -> Double { lock.withLock { seconds } }
    func advance(by delta: Double) { lock.withLock { seconds += delta } }
}
