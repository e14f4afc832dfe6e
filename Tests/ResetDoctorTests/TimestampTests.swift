import Foundation
import Testing
@testable import ResetDoctor

/// Evidence lines print times without Calendar (a scan prints millions); they must say what Calendar says.
@Suite struct TimestampTests {
    @Test func userCheckTimestampAgreesWithCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        let edges: [TimeInterval] = [0, -0.5, -1, 59.999, 86_399.9, -11_676_096_000, 253_402_300_799.9, 951_782_400, 1_795_000_000.25]
        let samples = edges + (0..<20_000).map { _ in TimeInterval.random(in: -11_676_096_000..<253_402_300_800, using: &generator) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
            #expect(date.userCheckTimestamp == expected, "\(seconds)")
        }
    }
}
