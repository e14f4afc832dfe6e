import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What came back over the socket: status, headers (names lowercased), the body bytes received, and whether the
/// body fell short of its Content-Length before the server closed the connection.
struct RawHTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
    var declaredLength: Int?
    var bodyText: String { String(decoding: body, as: UTF8.self) }
    var isCutOff: Bool { declaredLength.map { body.count < $0 } ?? false }

    /// The body as JSON (object or array), or nil.
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    var object: [String: Any]? { json as? [String: Any] }
    /// The `errorCode` of Salesforce's `[{"message","errorCode"}]` error shape.
    var errorCode: String? { ((json as? [[String: Any]])?.first)?["errorCode"] as? String }
}

enum RawHTTPError: Error, CustomStringConvertible {
    case connect(errno: Int32)
    case noResponse(String)
    var description: String {
        switch self {
        case .connect(let code): "connect to 127.0.0.1 failed: \(String(cString: strerror(code)))"
        case .noResponse(let detail): "no HTTP response: \(detail)"
        }
    }
}

/// A minimal HTTP/1.1 client over a plain socket (one request per connection, `Connection: close`), so the tests see
/// exactly what the simulator sent, cut-off bodies included. Blocking I/O runs on its own thread, never on Swift's
/// cooperative pool (which the simulator's server needs), and every read is bounded by SO_RCVTIMEO.
struct RawHTTPClient: Sendable {
    let port: UInt16

    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: Data? = nil) async throws -> RawHTTPResponse {
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.count)\r\n" }
        var bytes = Data((request + "\r\n").utf8)
        if let body { bytes.append(body) }
        let port = self.port
        let outgoing = bytes
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try Self.exchange(outgoing, port: port) })
            }
            thread.start()
        }
    }

    func get(_ target: String, token: String? = nil) async throws -> RawHTTPResponse {
        try await send("GET", target, headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }

    /// POSTs a form (application/x-www-form-urlencoded).
    func postForm(_ target: String, _ fields: [(String, String)]) async throws -> RawHTTPResponse {
        let body = fields.map { "\(Self.formEscape($0.0))=\(Self.formEscape($0.1))" }.joined(separator: "&")
        return try await send("POST", target, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.utf8))
    }

    /// A GET of `path` with the query `name=value` percent-encoded.
    func get(_ path: String, query name: String, _ value: String, token: String?) async throws -> RawHTTPResponse {
        try await get("\(path)?\(name)=\(Self.formEscape(value))", token: token)
    }

    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func exchange(_ request: Data, port: UInt16) throws -> RawHTTPResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError.connect(errno: errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)  // bounded, and roomy: the full suite runs on 2 shared cores
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError.connect(errno: errno) }
        // A large request (a long IN list) does not fit the socket buffer at once: write until all of it is sent.
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + sent }, $0.count - sent) }
            if count <= 0 { break }
            sent += count
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }  // EOF, reset or the bounded timeout
            received.append(contentsOf: buffer[0..<count])
        }
        return try parse(received)
    }

    private static func parse(_ data: Data) throws -> RawHTTPResponse {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw RawHTTPError.noResponse("\(data.count) bytes without a header end")
        }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = (head.first ?? "").split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RawHTTPError.noResponse("status line \(head.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RawHTTPResponse(
            status: status, headers: headers, body: Data(data[split.upperBound...]),
            declaredLength: headers["content-length"].flatMap { Int($0) })
    }
}
