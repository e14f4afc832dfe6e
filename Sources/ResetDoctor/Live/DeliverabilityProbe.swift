import Foundation
import Salesforce
import SalesforceAPI

/// `--probe-deliverability`: runs `Messaging.reserveSingleEmailCapacity(1)` as anonymous Apex (Tooling
/// executeAnonymous). It sends nothing, but it does run Apex in the org, so it only runs when asked.
///
/// Success means the org may send email from Apex: "All email". `System.NoAccessException` means it may not, which is
/// "System email only" or "No access": the two cannot be told apart, and that mapping is itself an inference
/// (UNVERIFIED in salesforce.md §1), so the level is recorded as `unknown` with the probe as its source.
enum DeliverabilityProbe {
    struct Outcome: Sendable, Equatable {
        /// Nil when the probe told us nothing (it failed to run): org-settings.json is then not written.
        var settings: OrgSettings?
        /// One sentence for the admin on what the probe showed.
        var note: String
    }

    static func run(_ client: SalesforceClient) async -> Outcome {
        let result: ExecuteAnonymousResult
        do {
            result = try await client.executeAnonymous(LiveQueries.deliverabilityProbe)
        } catch {
            return Outcome(settings: nil, note: "The deliverability probe could not run (\(error.description)); the level is read from the audit trail instead.")
        }
        return interpret(result)
    }

    static func interpret(_ result: ExecuteAnonymousResult) -> Outcome {
        if result.success {
            return Outcome(
                settings: OrgSettings(deliverabilityLevel: .all, deliverabilitySource: .apexProbe),
                note: "Deliverability probe (Apex Messaging.reserveSingleEmailCapacity(1)) succeeded: Access to Send Email is \"All email\".")
        }
        let message = [result.exceptionMessage, result.compileProblem].compactMap { $0 }.joined(separator: " ")
        if message.contains("NoAccessException") || message.localizedCaseInsensitiveContains("not permitted to send email") {
            return Outcome(
                settings: OrgSettings(deliverabilityLevel: .unknown, deliverabilitySource: .apexProbe),
                note: "Deliverability probe: the org may not send email from Apex (System.NoAccessException), so Access to Send Email is \"System email only\" or \"No access\"; the probe cannot tell which (an unverified mapping), so the level is recorded as unknown. Look at Setup > Email > Deliverability.")
        }
        if message.contains("HandledException") || message.localizedCaseInsensitiveContains("daily limit") {
            return Outcome(
                settings: OrgSettings(deliverabilityLevel: .unknown, deliverabilitySource: .apexProbe),
                note: "Deliverability probe: the org's daily email limit is used up (\(message)); the level could not be probed.")
        }
        return Outcome(settings: nil, note: "The deliverability probe failed (\(message.isEmpty ? "no message" : message)); the level is read from the audit trail instead.")
    }

    /// org-settings.json as the bundle format writes it.
    static func file(_ settings: OrgSettings) -> Data {
        var deliverability: [String: String] = [:]
        if let level = settings.deliverabilityLevel { deliverability["level"] = level.rawValue }
        if let source = settings.deliverabilitySource { deliverability["source"] = source.rawValue }
        let object: [String: Any] = [
            "deliverability": deliverability,
            "bounceManagement": settings.bounceManagement.map { $0 as Any } ?? NSNull(),
            "emailSecurityCompliance": settings.emailSecurityCompliance.map { $0 as Any } ?? NSNull(),
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    }
}
