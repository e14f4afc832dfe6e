import Foundation

/// SOQL date-time literals (`2026-11-15T09:30:00Z`, `2026-11-15T09:30:00.000+0000`, `…+01:00`) and date literals
/// (`2026-11-15`, read as midnight UTC). The same shapes appear in REST records, so both sides parse here.
enum SOQLDate {
    static func parse(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count >= 10, let year = number(characters, 0, 4), characters[4] == "-",
              let month = number(characters, 5, 2), characters[7] == "-", let day = number(characters, 8, 2) else { return nil }
        var (hour, minute, second) = (0, 0, 0)
        var index = 10
        var offsetSeconds = 0
        if index < characters.count {
            guard characters[index] == "T", characters.count >= 19, let hours = number(characters, 11, 2), characters[13] == ":",
                  let minutes = number(characters, 14, 2), characters[16] == ":", let seconds = number(characters, 17, 2),
                  hours < 24, minutes < 60, seconds < 61 else { return nil }
            (hour, minute, second) = (hours, minutes, seconds)
            index = 19
            if index < characters.count, characters[index] == "." {
                index += 1
                while index < characters.count, characters[index].isNumber { index += 1 }
            }
            guard index < characters.count else { return nil }  // a date-time needs its zone
            if characters[index] == "Z" {
                index += 1
            } else if characters[index] == "+" || characters[index] == "-" {
                let sign = characters[index] == "-" ? -1 : 1
                let zone = characters[(index + 1)...].filter { $0 != ":" }
                guard zone.count == 4, let hours = number(Array(zone), 0, 2), let minutes = number(Array(zone), 2, 2) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index = characters.count
            } else {
                return nil
            }
        }
        guard index == characters.count, (1...12).contains(month), (1...daysIn(month, of: year)).contains(day) else { return nil }
        let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): no Calendar, which
    /// costs more than the rest of a query when a filter reads 300,000 login times.
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func number(_ characters: [Character], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= characters.count else { return nil }
        let digits = characters[start..<start + length]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(String(digits))
    }
}
