import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Loopback sockets for tests: free ports and a UDP socket bound to one.
enum LoopbackSocket {
    /// Binds a socket of `kind` to 127.0.0.1:`port` (0: any free port); returns the fd and the port, or nil.
    static func bind(kind: Int32, port: UInt16) -> (fd: Int32, port: UInt16)? {
        let fd = socket(AF_INET, kind, 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A port free on 127.0.0.1 for both UDP and TCP at the time of asking (another process may still take it:
    /// callers retry on a failed start).
    static func freePort() -> UInt16? {
        for _ in 0..<20 {
            guard let udp = bind(kind: Int32(SOCK_DGRAM.rawValue), port: 0) else { continue }
            defer { close(udp.fd) }
            guard let tcp = bind(kind: Int32(SOCK_STREAM.rawValue), port: udp.port) else { continue }
            close(tcp.fd)
            return udp.port
        }
        return nil
    }
}
