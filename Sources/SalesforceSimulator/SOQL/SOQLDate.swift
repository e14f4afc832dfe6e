import Foundation

/// SOQL date-time literals (`2026-11-15T09:30:00Z`, `2026-11-15T09:30:00.000+0000`, `…+01:00`) and date literals
/// (`2026-11-15`, read as midnight UTC). The same shapes appear in REST records, so both sides parse here.
enum SOQLDate {
    static func parse(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count >= 10, let year = number(characters, 0, 4), characters[4] == "-",
              let month = number(characters, 5, 2), characters[7] == "-", let day = number(characters, 8, 2) else { return nil }
        var components = DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var index = 10
        var offsetSeconds = 0
        if index < characters.count {
            guard characters[index] == "T", characters.count >= 19, let hour = number(characters, 11, 2), characters[13] == ":",
                  let minute = number(characters, 14, 2), characters[16] == ":", let second = number(characters, 17, 2) else { return nil }
            components.hour = hour; components.minute = minute; components.second = second
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
        guard index == characters.count, (1...12).contains(month), (1...31).contains(day),
              let date = Calendar(identifier: .gregorian).date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    private static func number(_ characters: [Character], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= characters.count else { return nil }
        let digits = characters[start..<start + length]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(String(digits))
    }
}
