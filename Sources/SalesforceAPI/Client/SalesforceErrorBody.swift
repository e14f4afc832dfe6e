import Foundation

/// The error a Salesforce REST or OAuth answer carries: `[{"message","errorCode"}]` (REST),
/// `{"error","error_description"}` (OAuth), or `{"message","errorCode"}`. Only error bodies are read here.
struct SalesforceErrorBody: Sendable, Equatable {
    var errorCode: String?
    var message: String?

    /// The text `SalesforceAPIError.errorCode` looks for in a problem.
    static let codeMarker = "Salesforce answered "

    static func parse(_ body: Data) -> SalesforceErrorBody {
        guard !body.isEmpty, let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return SalesforceErrorBody()
        }
        let object: [String: Any]?
        if let array = json as? [Any] { object = array.first as? [String: Any] } else { object = json as? [String: Any] }
        guard let object else { return SalesforceErrorBody() }
        let code = (object["errorCode"] as? String) ?? (object["error"] as? String)
        let message = (object["message"] as? String) ?? (object["error_description"] as? String)
        return SalesforceErrorBody(errorCode: code.map(clean), message: message.map(clean))
    }

    /// "Salesforce answered INVALID_TYPE: sObject type 'EmailRelay' is not supported" — or just the status.
    func summary(status: Int) -> String {
        switch (errorCode, message) {
        case let (code?, message?): "\(Self.codeMarker)\(code): \(message)"
        case let (code?, nil): "\(Self.codeMarker)\(code) (HTTP \(status))"
        case let (nil, message?): "HTTP \(status) from Salesforce: \(message)"
        case (nil, nil): "HTTP \(status) from Salesforce"
        }
    }

    /// One line, bounded, with anything shaped like an access token masked.
    private static func clean(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let bounded = oneLine.count > 300 ? String(oneLine.prefix(300)) + "…" : oneLine
        return TokenScrubber.scrub(bounded)
    }
}

/// Masks text shaped like a Salesforce access token ("00D…!…") in text that came from outside.
enum TokenScrubber {
    static func scrub(_ text: String) -> String {
        guard text.contains("!") else { return text }
        var words: [Substring] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if let bang = word.firstIndex(of: "!"), word.distance(from: word.startIndex, to: bang) >= 15,
               word[..<bang].suffix(15).allSatisfy({ $0.isLetter || $0.isNumber }), word[..<bang].contains("00D") {
                words.append("[redacted]")
            } else {
                words.append(word)
            }
        }
        return words.joined(separator: " ")
    }
}
