import Foundation

/// Tooling `executeAnonymous`: no Apex runs. The deliverability probe (`Messaging.reserveSingleEmailCapacity` /
/// `reserveMassEmailCapacity`) succeeds only when the scenario's deliverability level is "all"; otherwise it fails
/// the way salesforce.md §1 says the org does (that mapping is UNVERIFIED there). Any other Apex succeeds.
struct ExecuteAnonymous: Sendable {
    let deliverabilityLevel: String?

    /// ExecuteAnonymousResult fields, all always present (null when they do not apply), as Salesforce sends them.
    struct Result: Encodable {
        var line: Int
        var column: Int
        var compiled: Bool
        var success: Bool
        var compileProblem: String?
        var exceptionMessage: String?
        var exceptionStackTrace: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(compiled, forKey: .compiled)
            try container.encode(success, forKey: .success)
            try container.encode(compileProblem, forKey: .compileProblem)
            try container.encode(exceptionMessage, forKey: .exceptionMessage)
            try container.encode(exceptionStackTrace, forKey: .exceptionStackTrace)
        }

        enum CodingKeys: String, CodingKey {
            case line, column, compiled, success, compileProblem, exceptionMessage, exceptionStackTrace
        }
    }

    static let noAccessMessage = "System.NoAccessException: The organization is not permitted to send email."

    func run(_ apex: String?) -> SimulatorResponse {
        guard let apex, !apex.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .json(200, Result(line: 1, column: 1, compiled: false, success: false,
                                     compileProblem: "anonymousBody is missing or empty"))
        }
        let probesEmail = apex.contains("Messaging.reserveSingleEmailCapacity") || apex.contains("Messaging.reserveMassEmailCapacity")
        guard probesEmail, deliverabilityLevel != "all" else {
            return .json(200, Result(line: -1, column: -1, compiled: true, success: true))
        }
        return .json(200, Result(line: 1, column: 1, compiled: true, success: false,
                                 exceptionMessage: Self.noAccessMessage, exceptionStackTrace: "AnonymousBlock: line 1, column 1"))
    }
}
