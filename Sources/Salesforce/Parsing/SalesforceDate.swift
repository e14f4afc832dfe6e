import Foundation

/// The ISO 8601 date-times of Salesforce's REST API and of bundle manifests:
/// "2026-11-22T08:30:00.000+0000", "2026-11-22T08:30:00Z", "2026-11-22T08:30:00+01:00", with or without
/// fractional seconds. A date-time without a zone is rejected: guessing one would shift every event.
public enum SalesforceDate {
    public static func parse(_ text: String) -> Date? {
        parseAPIForm(text) ?? parseAnyForm(text)
    }

    static func parseAnyForm(_ text: String) -> Date? {
        var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2), scanner.skip("T") || scanner.skip(" "),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2)
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            let digits = scanner.digits()
            guard !digits.isEmpty, let value = Double("0." + digits) else { return nil }
            fraction = value
        }
        guard let offset = TimeZoneOffsets.isoOffset(scanner.rest) else { return nil }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .date(offsetSeconds: offset)?.addingTimeInterval(fraction)
    }
}

extension SalesforceDate {
    /// The API's own form, "2026-11-22T08:30:00.000+0000", read from its bytes: an org bundle holds millions, and the
    /// general reader (spaces, other offsets, any fraction) costs far more. Nil for any other form.
    static func parseAPIForm(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 28, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
                  bytes[19] == 0x2E, bytes[23] == 0x2B || bytes[23] == 0x2D
            else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for offset in from..<from + count {
                    let digit = Int(bytes[offset]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
                  let offsetHours = number(24, 2), let offsetMinutes = number(26, 2), offsetHours <= 14, offsetMinutes < 60
            else { return nil }
            let offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[23] == 0x2D ? -1 : 1)
            // millis / 1000 is the same double as Double("0.sss"): both are correctly rounded.
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                .date(offsetSeconds: offset)?.addingTimeInterval(Double(millis) / 1000)
        }
    }

    /// A calendar day, "2026-11-15", as its first moment in UTC.
    public static func parseDay(_ text: String) -> Date? {
        var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2), scanner.rest.isEmpty
        else { return nil }
        return CivilTime(year: year, month: month, day: day, hour: 0, minute: 0, second: 0).date(offsetSeconds: 0)
    }
}

/// A wall-clock date and time, turned into an instant without Calendar so results do not depend on the
/// machine's time zone or locale.
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute; self.second = second
    }

    /// The UTC wall-clock time of `epochSeconds` in the proleptic Gregorian calendar (H. Hinnant's civil_from_days),
    /// without Calendar or a formatter: evidence lines and generated records need millions of these.
    public init(utcEpochSeconds epochSeconds: Int) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = epochSeconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600; minute = secondOfDay / 60 % 60; second = secondOfDay % 60
    }

    /// Zero-padded to `width` digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The years a date may name. Salesforce stores 1700–4000; the bound also keeps the arithmetic below far from
    /// overflow whatever a damaged file holds.
    static let years = 1...9999

    /// Nil when any part is out of range (year 0 or 10000, month 13, February 30, hour 24, …) or the offset is
    /// not a real zone's.
    func date(offsetSeconds: Int) -> Date? {
        guard Self.years.contains(year), (-86_400...86_400).contains(offsetSeconds),
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let seconds = Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A tiny cursor over ASCII text for the fixed-shape dates above.
struct DigitScanner {
    private var characters: Substring
    init(_ text: String) { characters = Substring(text) }
    var rest: String { String(characters) }

    mutating func skip(_ literal: Character) -> Bool {
        guard characters.first == literal else { return false }
        characters.removeFirst()
        return true
    }
    mutating func digits() -> String {
        let run = characters.prefix { $0.isASCII && $0.isNumber }
        characters.removeFirst(run.count)
        return String(run)
    }
    /// Exactly `digits` ASCII digits.
    mutating func number(digits count: Int) -> Int? {
        let run = characters.prefix { $0.isASCII && $0.isNumber }
        guard run.count == count, let value = Int(run) else { return nil }
        characters.removeFirst(count)
        return value
    }
}
