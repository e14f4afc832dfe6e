import Foundation

/// Offsets from UTC for the zones Salesforce writes into its Setup downloads ("4:21:14 AM PDT").
/// Abbreviations are ambiguous in general, so this is a fixed table of the ones Salesforce's locales
/// print; anything else is an error rather than a guess.
enum TimeZoneOffsets {
    static let abbreviations: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0,
        "PST": -8 * 3600, "PDT": -7 * 3600,
        "MST": -7 * 3600, "MDT": -6 * 3600,
        "CST": -6 * 3600, "CDT": -5 * 3600,   // US Central, not China Standard Time
        "EST": -5 * 3600, "EDT": -4 * 3600,
        "AKST": -9 * 3600, "AKDT": -8 * 3600,
        "HST": -10 * 3600,
        "BST": 1 * 3600,                      // British Summer Time
        "IST": 5 * 3600 + 1800,               // India Standard Time; Irish Standard Time (+1) is also "IST", but Salesforce's Indian locales are the common case
        "WET": 0, "WEST": 1 * 3600,
        "CET": 1 * 3600, "CEST": 2 * 3600,
        "EET": 2 * 3600, "EEST": 3 * 3600,
        "JST": 9 * 3600, "KST": 9 * 3600,
        "SGT": 8 * 3600, "HKT": 8 * 3600,
        "AWST": 8 * 3600,
        "ACST": 9 * 3600 + 1800, "ACDT": 10 * 3600 + 1800,
        "AEST": 10 * 3600, "AEDT": 11 * 3600,
        "NZST": 12 * 3600, "NZDT": 13 * 3600,
        "BRT": -3 * 3600, "ART": -3 * 3600,
    ]

    /// The names listed in error messages.
    static var knownNames: String { abbreviations.keys.sorted().joined(separator: ", ") }

    /// A zone as written after a Setup date: an abbreviation from the table, "GMT+02:00", "UTC-7", "+0200", "+02:00".
    static func offset(_ text: String) -> Int? {
        let upper = text.uppercased()
        if let known = abbreviations[upper] { return known }
        for prefix in ["GMT", "UTC"] where upper.hasPrefix(prefix) {
            return signedHoursMinutes(String(upper.dropFirst(prefix.count)), hoursMayBeShort: true)
        }
        return signedHoursMinutes(upper, hoursMayBeShort: false)
    }

    /// The zone of an ISO 8601 date-time: "Z", "+0000", "+00:00", "-07:00".
    static func isoOffset(_ text: String) -> Int? {
        text == "Z" || text == "z" ? 0 : signedHoursMinutes(text, hoursMayBeShort: false)
    }

    /// "+02:00", "+0200", "-07", and with `hoursMayBeShort` "+2", "-7:00".
    private static func signedHoursMinutes(_ text: String, hoursMayBeShort: Bool) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = text.dropFirst()
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        let hoursText: Substring, minutesText: Substring
        switch parts.count {
        case 1 where body.count == 4: hoursText = body.prefix(2); minutesText = body.suffix(2)
        case 1: hoursText = body; minutesText = "00"
        case 2: hoursText = parts[0]; minutesText = parts[1]
        default: return nil
        }
        guard hoursText.count == 2 || (hoursMayBeShort && hoursText.count == 1), minutesText.count == 2,
              hoursText.allSatisfy({ $0.isASCII && $0.isNumber }), minutesText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hours = Int(hoursText), let minutes = Int(minutesText), hours <= 14, minutes < 60
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }
}
