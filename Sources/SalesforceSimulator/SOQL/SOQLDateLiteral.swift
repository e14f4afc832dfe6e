import Foundation

/// The relative date literals a `--where` over User dates is likely to hold: TODAY, YESTERDAY, TOMORROW,
/// LAST_N_DAYS:n, NEXT_N_DAYS:n and N_DAYS_AGO:n. Each covers whole UTC days from the start of one day to the start
/// of another; the simulator's clock says which day is today. Other literals (THIS_WEEK, LAST_QUARTER, …) are
/// MALFORMED_QUERY here rather than a guess.
struct SOQLDateLiteral: Equatable {
    enum Kind: String { case today = "TODAY", yesterday = "YESTERDAY", tomorrow = "TOMORROW",
                        lastNDays = "LAST_N_DAYS", nextNDays = "NEXT_N_DAYS", nDaysAgo = "N_DAYS_AGO" }
    var kind: Kind
    var days: Int

    init?(_ word: String) {
        let parts = word.uppercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let kind = Kind(rawValue: parts[0]) else { return nil }
        let takesNumber = [.lastNDays, .nextNDays, .nDaysAgo].contains(kind)
        guard parts.count == (takesNumber ? 2 : 1) else { return nil }
        self.kind = kind
        if takesNumber {
            guard let days = Int(parts[1]), days >= 0 else { return nil }
            self.days = days
        } else {
            days = 0
        }
    }

    /// The covered interval [start, end) when `now` falls on today.
    func interval(now: Date) -> (start: Date, end: Date) {
        let day = 86_400.0
        let today = (now.timeIntervalSince1970 / day).rounded(.down) * day
        func at(_ offset: Int) -> Date { Date(timeIntervalSince1970: today + Double(offset) * day) }
        switch kind {
        case .today: return (at(0), at(1))
        case .yesterday: return (at(-1), at(0))
        case .tomorrow: return (at(1), at(2))
        case .lastNDays: return (at(-days), at(1))
        case .nextNDays: return (at(1), at(1 + days))
        case .nDaysAgo: return (at(-days), at(1 - days))
        }
    }
}
