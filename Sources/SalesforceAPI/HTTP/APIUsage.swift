import Foundation

/// The org's daily API request usage, from the `Sforce-Limit-Info` response header Salesforce adds to every REST answer,
/// e.g. `api-usage=25/15000` or `api-usage=25/15000, per-app-api-usage=17/250(appName=sample-app)`.
public struct APIUsage: Sendable, Equatable {
    public var used: Int
    public var limit: Int

    public init(used: Int, limit: Int) {
        self.used = used; self.limit = limit
    }

    /// Requests left today (0 at or past the limit).
    public var remaining: Int { max(0, limit - used) }

    /// The org-wide `api-usage=USED/LIMIT` item of the header, or nil when it is absent or malformed.
    /// `per-app-api-usage` is a different counter and is not taken for it.
    public static func parse(_ header: String) -> APIUsage? {
        for item in header.split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("api-usage=") else { continue }
            let numbers = trimmed.dropFirst("api-usage=".count).split(separator: "/", omittingEmptySubsequences: false)
            guard numbers.count == 2,
                  let used = Int(numbers[0].trimmingCharacters(in: .whitespaces)),
                  let limit = Int(numbers[1].trimmingCharacters(in: .whitespaces)),
                  used >= 0, limit >= 0
            else { return nil }
            return APIUsage(used: used, limit: limit)
        }
        return nil
    }
}
