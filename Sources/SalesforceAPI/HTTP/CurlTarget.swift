import CCurl
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A request checked against the transport policy before anything goes near the network: only http and https,
/// plain http only to loopback, header lines that cannot smuggle a second header or request.
struct CurlTarget: Sendable {
    static let plainHTTPReason = "plain http is allowed only to loopback; use https"

    /// The URL as libcurl itself parsed and normalised it, so the host checked is the host connected to.
    var url: String
    var host: String
    var isLoopback: Bool
    var method: String
    var headerLines: [String]
    var body: Data?
    var deadline: RunDeadline?

    init(_ request: HTTPRequest, allowPlainHTTPToLoopback: Bool) throws(HTTPTransportError) {
        let given = request.url.absoluteString
        guard let parsed = CurlURLParts(given) else {
            throw .refused(url: given, reason: "not a URL libcurl can parse; give an absolute https:// URL")
        }
        url = parsed.url
        host = parsed.host
        isLoopback = LoopbackHost.contains(parsed.host)
        switch parsed.scheme {
        case "https": break
        case "http":
            guard isLoopback, allowPlainHTTPToLoopback else { throw .refused(url: given, reason: Self.plainHTTPReason) }
        default:
            throw .refused(url: given, reason: "only http and https are supported, not \(parsed.scheme)")
        }
        let methodIsToken = !request.method.isEmpty && request.method.utf8.allSatisfy(Self.isTokenByte)
        guard methodIsToken else { throw .refused(url: given, reason: "the method \"\(request.method)\" is not an HTTP token") }
        method = request.method
        headerLines = try Self.headerLines(request.headers, url: given, hasBody: request.body != nil)
        body = request.body
        deadline = request.deadline
    }

    /// "Name: value" lines for CURLOPT_HTTPHEADER. An empty value is written "Name;" (libcurl's way to send it empty).
    private static func headerLines(_ headers: [(String, String)], url: String, hasBody: Bool) throws(HTTPTransportError) -> [String] {
        var lines: [String] = []
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw .refused(url: url, reason: "the header name \"\(name)\" is not an HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .refused(url: url, reason: "the value of header \(name) contains a line break or NUL")
            }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            lines.append(trimmed.isEmpty ? "\(name);" : "\(name): \(trimmed)")
        }
        // libcurl would otherwise label every body application/x-www-form-urlencoded: send headers as given.
        if hasBody, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            lines.append("Content-Type:")
        }
        return lines
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

/// Scheme, host and normalised URL from libcurl's own URL parser (curl_url), which also turns "127.1" or
/// "0x7f.0.0.1" into "127.0.0.1": the loopback check sees the address libcurl will connect to.
struct CurlURLParts {
    var scheme: String
    var host: String
    var url: String

    init?(_ text: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME),
              let host = Self.part(handle, CURLUPART_HOST),
              let url = Self.part(handle, CURLUPART_URL)
        else { return nil }
        self.scheme = scheme.lowercased(); self.host = host; self.url = url
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}

/// Loopback as the plain-http rule means it: 127.0.0.0/8, ::1 and the name localhost.
enum LoopbackHost {
    static func contains(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return bytes == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }
}
