import Foundation
import Salesforce

/// The time arguments of live commands, read by the package's own date parser, whose digits are bounded (a 14-digit
/// year is refused, not overflowed).
public enum TimeArgument {
    /// `--as-of`: an ISO 8601 date-time.
    public static func moment(_ text: String) -> Date? {
        SalesforceDate.parse(text.trimmingCharacters(in: .whitespaces).uppercased())
    }

    /// `--since`: seconds back from `now` — "7d", "36h", "90m", or an ISO date or date-time in the past.
    public static func window(_ text: String, now: Date) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3_600, "m": 60]
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count > 0, count <= 3_650 {
            return count * seconds
        }
        guard let date = SalesforceDate.parse(text.uppercased()) ?? SalesforceDate.parseDay(text), date < now else { return nil }
        return now.timeIntervalSince(date)
    }
}
