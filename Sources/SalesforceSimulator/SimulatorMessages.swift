import Foundation
import Salesforce

/// A request as the simulator's routes see it, independent of the HTTP server library.
struct SimulatorRequest: Sendable {
    var method: String
    /// Percent-encoded path without the query.
    var path: String
    /// The raw (percent-encoded) query string, without "?".
    var rawQuery: String
    /// Header names lowercased.
    var headers: [String: String]
    var body: Data

    /// Query parameters decoded as a form (`+` is a space), later duplicates ignored.
    var queryItems: [String: String] { FormEncoding.decode(rawQuery) }
}

/// An answer. `cutOff` asks the server to announce the whole body, send half of it and close the connection.
struct SimulatorResponse: Sendable {
    var status: Int
    var headers: [String: String] = ["Content-Type": "application/json;charset=UTF-8"]
    var body: Data
    var cutOff = false
    /// Added to the request log line (never a secret): "password reset for user 005…".
    var logNote: String?

    static func json(_ status: Int, _ value: some Encodable) -> SimulatorResponse {
        SimulatorResponse(status: status, body: SimulatorJSON.encode(value))
    }

    static func json(_ status: Int, _ value: JSONValue) -> SimulatorResponse {
        SimulatorResponse(status: status, body: SimulatorJSON.encode(value))
    }

    /// Salesforce's REST error shape: `[{"message":"…","errorCode":"…"}]`.
    static func restError(_ status: Int, _ errorCode: String, _ message: String) -> SimulatorResponse {
        json(status, [["message": message, "errorCode": errorCode]])
    }

    /// The OAuth token endpoint's error shape: `{"error":"…","error_description":"…"}`.
    static func oauthError(_ error: String, _ description: String, status: Int = 400) -> SimulatorResponse {
        json(status, ["error": error, "error_description": description])
    }

    static let invalidSession = restError(401, "INVALID_SESSION_ID", "Session expired or invalid")
    static let notFound = restError(404, "NOT_FOUND", "The requested resource does not exist")
}

/// application/x-www-form-urlencoded, as OAuth bodies and URL queries use it.
enum FormEncoding {
    static func decode(_ text: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = unescape(parts[0])
            guard items[name] == nil else { continue }
            items[name] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return items
    }

    private static func unescape(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
