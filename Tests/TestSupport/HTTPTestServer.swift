import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for transport tests: raw sockets, a thread per connection, keep-alive,
/// and a scripted behaviour per request (answer, answer late, cut the body off, never answer). It counts
/// connections so a test can prove reuse. Not a general server: request bodies need Content-Length.
final class HTTPTestServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        /// Lowercased names; the last value of a repeated name.
        var headers: [String: String]
        var body: Data
        /// 1 for the first connection accepted, 2 for the next…
        var connection: Int
    }

    indirect enum Behavior: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: Data = Data())
        /// Waits (ended early by stop()) and then behaves as `then`.
        case delay(seconds: Double, then: Behavior)
        /// Sends `HTTP/1.1 100 Continue` first, then behaves as `then`.
        case interimContinue(then: Behavior)
        /// Declares Content-Length `declaredLength`, sends `sentBody` (shorter) and closes the connection.
        case cutOff(status: Int, declaredLength: Int, sentBody: Data)
        /// Reads and ignores until the client goes away or the server stops.
        case neverAnswer
    }

    enum StartError: Error { case socket(errno: Int32) }

    /// Runs `body` with a started server and always stops it afterwards (its threads hold it alive until then).
    static func with<T>(_ handler: @escaping @Sendable (Request) -> Behavior,
                        _ body: (HTTPTestServer) async throws -> T) async throws -> T {
        let server = try HTTPTestServer(handler: handler)
        defer { server.stop() }
        return try await body(server)
    }

    let port: UInt16
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let listenFD: Int32
    private let handler: @Sendable (Request) -> Behavior
    private let state = NSCondition()
    private var openConnections: Set<Int32> = []
    private var runningThreads = 0
    private var stopped = false
    private var accepted = 0
    private var received: [Request] = []

    init(handler: @escaping @Sendable (Request) -> Behavior) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError.socket(errno: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, length) == 0 && listen(fd, 128) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else {
            let code = errno
            close(fd)
            throw StartError.socket(errno: code)
        }
        listenFD = fd
        port = UInt16(bigEndian: address.sin_port)
        startThread { [self] in acceptLoop() }
    }

    /// Answers every request with `behavior`.
    convenience init(always behavior: Behavior) throws {
        try self.init(handler: { _ in behavior })
    }

    var connectionCount: Int { state.withLock { accepted } }
    var requests: [Request] { state.withLock { received } }

    /// Waits (at most `timeout` seconds) until `count` requests have arrived; false when they did not.
    /// Polls without blocking a thread of Swift's cooperative pool (on 2 cores a blocked thread can starve the very
    /// task that would send the request).
    func waitForRequests(_ count: Int, timeout: Double = 30) async -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if waitForRequestsBlocking(count, timeout: 0) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return waitForRequestsBlocking(count, timeout: 0)
    }

    func waitForRequestsBlocking(_ count: Int, timeout: Double = 5) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        state.lock()
        defer { state.unlock() }
        while received.count < count {
            if !state.wait(until: deadline) { return received.count >= count }
        }
        return true
    }

    /// Closes the listener and every connection, then waits (at most 3 s) for the server's threads to end.
    func stop() {
        state.lock()
        if !stopped {
            stopped = true
            shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in openConnections { shutdown(fd, Int32(SHUT_RDWR)) }
            state.broadcast()
        }
        let deadline = Date(timeIntervalSinceNow: 3)
        while runningThreads > 0, state.wait(until: deadline) {}
        state.unlock()
    }

    // MARK: Threads

    private func startThread(_ body: @escaping @Sendable () -> Void) {
        state.withLock { runningThreads += 1 }
        let thread = Thread { [self] in
            body()
            state.withLock {
                runningThreads -= 1
                state.broadcast()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            let acceptError = errno
            let number: Int? = state.withLock {
                guard fd >= 0, !stopped else { return nil }
                accepted += 1
                openConnections.insert(fd)
                return accepted
            }
            guard let number else {
                if fd >= 0 { close(fd) }
                if state.withLock({ stopped }) || (acceptError != EINTR && acceptError != ECONNABORTED) { break }
                continue
            }
            startThread { [self] in serve(fd: fd, connection: number) }
        }
        close(listenFD)
    }

    private func serve(fd: Int32, connection: Int) {
        var connectionBuffer = Data()
        defer {
            state.withLock { _ = openConnections.remove(fd) }
            close(fd)
        }
        while let request = readRequest(fd: fd, buffer: &connectionBuffer, connection: connection) {
            state.withLock {
                received.append(request)
                state.broadcast()
            }
            guard perform(handler(request), fd: fd), request.headers["connection"]?.lowercased() != "close" else { return }
        }
    }

    /// Carries out one behaviour; false when the connection must close afterwards.
    private func perform(_ behavior: Behavior, fd: Int32) -> Bool {
        switch behavior {
        case .respond(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !headers.contains(where: { $0.0.lowercased() == "content-length" }) { head += "Content-Length: \(body.count)\r\n" }
            head += "\r\n"
            return write(fd, Data(head.utf8) + body)
        case .delay(let seconds, let then):
            let deadline = Date(timeIntervalSinceNow: seconds)
            let stoppedEarly: Bool = state.withLock {
                while !stopped, state.wait(until: deadline) {}
                return stopped
            }
            return stoppedEarly ? false : perform(then, fd: fd)
        case .interimContinue(let then):
            return write(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) && perform(then, fd: fd)
        case .cutOff(let status, let declaredLength, let sentBody):
            let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Length: \(declaredLength)\r\n\r\n"
            _ = write(fd, Data(head.utf8) + sentBody)
            return false
        case .neverAnswer:
            var scratch = [UInt8](repeating: 0, count: 4096)
            while recv(fd, &scratch, scratch.count, 0) > 0 {}
            return false
        }
    }

    // MARK: Wire

    private func readRequest(fd: Int32, buffer: inout Data, connection: Int) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        var headEnd = buffer.range(of: separator)
        while headEnd == nil {
            guard receive(fd, into: &buffer) else { return nil }
            headEnd = buffer.range(of: separator)
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[buffer.startIndex..<headEnd.lowerBound], as: UTF8.self)
        buffer = Data(buffer[headEnd.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            guard write(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard receive(fd, into: &buffer) else { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer = Data(buffer.dropFirst(length))
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
                       connection: connection)
    }

    private func receive(_ fd: Int32, into buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func write(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let sent = send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
