import Foundation

/// The result of one check in a run. The same shape whatever the outcome.
public struct CheckResult: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var status: CheckStatus
    public var reason: String
    public var durationMs: Int
    public var findings: [Finding]
    public var matters: Bool

    public init(id: String, title: String, status: CheckStatus, reason: String, durationMs: Int, findings: [Finding], matters: Bool) {
        self.id = id; self.title = title; self.status = status; self.reason = reason
        self.durationMs = durationMs; self.findings = findings; self.matters = matters
    }
}
