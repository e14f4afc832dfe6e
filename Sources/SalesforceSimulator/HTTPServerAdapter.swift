import FlyingFox
import FlyingSocks
import Foundation

/// Bridges FlyingFox requests and responses to the simulator's own `SimulatorRequest`/`SimulatorResponse`.
enum HTTPServerAdapter {
    static func request(from request: FlyingFox.HTTPRequest) async throws -> SimulatorRequest {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        return SimulatorRequest(
            method: request.method.rawValue, path: request.path, rawQuery: request.target.query(percentEncoded: true),
            headers: headers, body: try await request.bodyData)
    }

    static func response(from response: SimulatorResponse) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers[HTTPHeader(name)] = value }
        let status = HTTPStatusCode(response.status, phrase: phrase(response.status))
        guard response.cutOff else { return HTTPResponse(statusCode: status, headers: headers, body: response.body) }
        // FlyingFox writes Content-Length from the declared count, then the chunks; the sequence throws after half the
        // body, which makes FlyingFox close the connection: the client sees a short body and EOF.
        let body = HTTPBodySequence(from: CutOffBody(bytes: Array(response.body.prefix(response.body.count / 2))), count: response.body.count)
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 414: "URI Too Long"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}

/// Yields its bytes once, then fails, so the server stops mid-body and closes the socket.
struct CutOffBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]

    struct SimulatedCut: Error {}

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var bytes: [UInt8]
        var sent = false

        mutating func next() async throws -> UInt8? {
            throw SimulatedCut()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard !sent, !bytes.isEmpty else { throw SimulatedCut() }
            sent = true
            return bytes
        }
    }
}
