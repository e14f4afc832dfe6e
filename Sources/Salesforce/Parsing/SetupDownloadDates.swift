import Foundation

/// The date cells of Salesforce's Setup downloads (audit trail, login history, email log), written in the
/// downloading user's locale: "9/10/2026, 4:21:14 AM PDT" (US), "12/8/2025, 11:54:14 CEST" (day first,
/// 24-hour), "2026-11-22 09:30:00 GMT", "2026/11/22 9:30:00 JST", "3/06/2009 13:37" (email log, GMT).
///
/// Whether "3/4/2026" is March 4 or April 3 is decided once for the whole column, never per row: a part
/// over 12 settles it; with no such row, a 12-hour clock means the US month-first order and a 24-hour clock
/// day-first. A column that points both ways is an error, not a guess.
enum SetupDownloadDates {
    enum DayMonthOrder: Sendable, Equatable { case monthFirst, dayFirst }

    /// One date cell and the line it is on.
    struct Cell { var line: Int; var text: String }

    /// What a column's dates look like: the column name for messages, an example, the hint for errors.
    struct Column {
        var name: String
        var example: String
        var hint: String
        /// Forced order (the email log is always month-first); nil to infer it from the column.
        var order: DayMonthOrder? = nil
        /// The zone of cells that name none (the email log is in GMT); nil to require a zone in every cell.
        var defaultOffset: Int? = nil
    }

    /// Dates for every cell, in order.
    static func dates(_ cells: [Cell], column: Column, file: String) throws -> [Date] {
        let parsed = try cells.map { cell in
            try ParsedCell(cell, column: column, file: file)
        }
        let order = try column.order ?? inferOrder(parsed, column: column, file: file)
        return try parsed.map { cell in
            guard let date = cell.date(order: order) else {
                throw ExportParseError(
                    file: file, line: cell.line,
                    problem: "the \(column.name) \(quote(cell.text)) is not a real date (read \(order == .monthFirst ? "month/day" : "day/month"))",
                    hint: column.hint)
            }
            return date
        }
    }

    /// A cell as quoted in messages, cut short: a damaged cell may be a megabyte long.
    static func quote(_ text: String) -> String {
        text.count <= 60 ? "\"\(text)\"" : "\"\(text.prefix(60))…\""
    }

    private static func inferOrder(_ cells: [ParsedCell], column: Column, file: String) throws -> DayMonthOrder {
        let mixedHint = "download the file again in one piece; do not combine exports made with different language or locale settings"
        let dayFirst = cells.first { $0.settledOrder == .dayFirst }
        let monthFirst = cells.first { $0.settledOrder == .monthFirst }
        if let dayFirst, let monthFirst {
            throw ExportParseError(
                file: file, line: max(dayFirst.line, monthFirst.line),
                problem: "the \(column.name) column mixes date orders: line \(dayFirst.line) \"\(dayFirst.text)\" is day/month, line \(monthFirst.line) \"\(monthFirst.text)\" is month/day",
                hint: mixedHint)
        }
        if dayFirst != nil { return .dayFirst }
        if monthFirst != nil { return .monthFirst }
        let ambiguous = cells.filter { $0.slashParts != nil }
        let twelveHour = ambiguous.first { $0.isTwelveHour }
        let twentyFourHour = ambiguous.first { !$0.isTwelveHour }
        if let twelveHour, let twentyFourHour {
            throw ExportParseError(
                file: file, line: max(twelveHour.line, twentyFourHour.line),
                problem: "the \(column.name) column mixes date formats and no day is over 12, so the day/month order is ambiguous: line \(twelveHour.line) \"\(twelveHour.text)\" uses a 12-hour clock (US, month first), line \(twentyFourHour.line) \"\(twentyFourHour.text)\" a 24-hour clock (day first)",
                hint: mixedHint)
        }
        return twentyFourHour != nil ? .dayFirst : .monthFirst
    }

    /// One cell split into its parts; day and month stay unresolved until the column's order is known.
    private struct ParsedCell {
        var line: Int
        var text: String
        /// The two leading parts of "A/B/YYYY"; nil for year-first dates, which are unambiguous.
        var slashParts: (first: Int, second: Int)?
        var yearMonthDay: (year: Int, month: Int, day: Int)
        var hour: Int, minute: Int, second: Int
        var isTwelveHour: Bool
        var offset: Int

        var settledOrder: DayMonthOrder? {
            guard let (first, second) = slashParts else { return nil }
            if first > 12 && second <= 12 { return .dayFirst }
            if second > 12 && first <= 12 { return .monthFirst }
            return nil
        }

        func date(order: DayMonthOrder) -> Date? {
            var (year, month, day) = yearMonthDay
            if let (first, second) = slashParts {
                (month, day) = order == .monthFirst ? (first, second) : (second, first)
            }
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                .date(offsetSeconds: offset)
        }

        init(_ cell: Cell, column: Column, file: String) throws {
            line = cell.line
            text = cell.text.trimmingCharacters(in: .whitespaces)
            let unreadable = ExportParseError(
                file: file, line: cell.line,
                problem: "the \(column.name) \(SetupDownloadDates.quote(text)) is not a date in a format Salesforce writes (expected e.g. \(column.example))",
                hint: column.hint)
            // "2026-11-22T09:30:00Z" → "2026-11-22 09:30:00Z"; "9/10/2026, 4:21 AM" → "9/10/2026 4:21 AM".
            var normalized = text.replacingOccurrences(of: ",", with: " ")
            if let t = normalized.firstIndex(of: "T"), t > normalized.startIndex,
               normalized[normalized.index(before: t)].isNumber {
                normalized.replaceSubrange(t...t, with: " ")
            }
            var tokens = normalized.split(whereSeparator: \.isWhitespace).map(String.init)
            guard tokens.count >= 2 else { throw unreadable }
            // Parts are bounded before they become numbers: a damaged cell may hold any number of digits.
            let textParts = tokens.removeFirst().split(omittingEmptySubsequences: false) { "/.-".contains($0) }
            guard textParts.count == 3, textParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
                throw unreadable
            }
            let yearFirst = textParts[0].count >= 3
            let yearText = yearFirst ? textParts[0] : textParts[2]
            let dayMonthTexts = yearFirst ? textParts[1...2] : textParts[0...1]
            guard yearText.count <= 4, let year = Int(yearText), year >= 1 || yearText.count <= 2 else {
                throw ExportParseError(
                    file: file, line: cell.line,
                    problem: "the \(column.name) \(SetupDownloadDates.quote(text)) names a year outside \(CivilTime.years.lowerBound)–\(CivilTime.years.upperBound)",
                    hint: column.hint)
            }
            guard dayMonthTexts.allSatisfy({ $0.count <= 2 }), let a = dayMonthTexts.first.flatMap({ Int($0) }),
                  let b = dayMonthTexts.last.flatMap({ Int($0) })
            else { throw unreadable }
            if yearFirst {
                slashParts = nil
                yearMonthDay = (year, a, b)
            } else {
                slashParts = (a, b)
                yearMonthDay = (yearText.count <= 2 ? 2000 + year : year, 0, 0)
            }

            // Whatever is glued to the time ("09:30:00Z", "09:30:00+02:00", "4:21:14AM") becomes its own token;
            // fractional seconds are dropped.
            var time = tokens.removeFirst()
            if let glued = time.firstIndex(where: { $0 == "+" || $0 == "-" || $0.isLetter }) {
                tokens.insert(String(time[glued...]), at: 0)
                time = String(time[..<glued])
            }
            if let dot = time.firstIndex(of: ".") { time = String(time[..<dot]) }
            let timeParts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(timeParts.count), timeParts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else {
                throw unreadable
            }
            let numbers = timeParts.compactMap { Int($0) }
            hour = numbers[0]; minute = numbers[1]; second = numbers.count == 3 ? numbers[2] : 0

            isTwelveHour = false
            if let marker = tokens.first?.uppercased().replacingOccurrences(of: ".", with: ""), marker == "AM" || marker == "PM" {
                tokens.removeFirst()
                guard (1...12).contains(hour) else { throw unreadable }
                isTwelveHour = true
                hour = hour % 12 + (marker == "PM" ? 12 : 0)
            }

            let zone = tokens.joined()
            if zone.isEmpty {
                guard let fallback = column.defaultOffset else {
                    throw ExportParseError(
                        file: file, line: cell.line,
                        problem: "the \(column.name) \(SetupDownloadDates.quote(text)) has no time zone, so the moment it names is unknown",
                        hint: column.hint)
                }
                offset = fallback
            } else if let known = TimeZoneOffsets.offset(zone) {
                offset = known
            } else {
                throw ExportParseError(
                    file: file, line: cell.line,
                    problem: "unknown time-zone abbreviation \(SetupDownloadDates.quote(zone)) in the \(column.name) \(SetupDownloadDates.quote(text))",
                    hint: "replace it with a GMT offset such as GMT+02:00 (known abbreviations: \(TimeZoneOffsets.knownNames))")
            }
        }
    }
}

extension Character {
    /// 0–9 only: `isNumber` also accepts other scripts' digits, which `Int` does not read.
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
