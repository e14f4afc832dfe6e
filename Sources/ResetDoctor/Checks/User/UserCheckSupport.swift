import Foundation
import Salesforce

// What every user check but `user.exists` shares: how they find the user, and how they say "no such user".

extension Evidence {
    /// Runs `body` with the ticket's user. Throws `CheckCannotRun` (→ `unknown`) when user.json is missing, and
    /// returns `skipped` when the query matched nobody: `user.exists` reports that, the other checks do not apply.
    func withUser(_ body: (SalesforceUser) throws -> CheckOutcome) throws -> CheckOutcome {
        guard let record = try self.user.require() else {
            return .skipped("no user matches \"\(self.subject)\"; user.exists reports it")
        }
        return try body(record)
    }

    /// Where the user record came from, for evidence lines.
    var userSource: String { self.user.source ?? "user.json" }

    /// The user's UserLogin row (frozen and locked state); `unknown` when the file is missing or holds no row.
    func requireUserLoginRow() throws -> UserLoginRecord {
        guard let login = try self.userLogin.require() else {
            let source = self.userLogin.source ?? "user-login.json"
            throw CheckCannotRun(reason: "\(source) holds no UserLogin row for the user, so frozen and locked state are not known")
        }
        return login
    }

    /// For examples: edits the user record in place (no-op when there is none).
    mutating func editUser(_ edit: (inout SalesforceUser) -> Void) {
        guard case .found(var record?, let source) = self.user else { return }
        edit(&record)
        self.user = .found(record, source: source)
    }
}

extension SalesforceUser {
    /// "Ada Lovelace (ada@acme.example)", or the username alone when the record has no name.
    var displayName: String {
        guard let name, !name.isEmpty else { return username }
        return "\(name) (\(username))"
    }
}

extension CheckExample {
    /// The example every user check but `user.exists` carries: the user query matched nobody.
    static func skippedWhenNoUser(file: String = #filePath, line: Int = #line) -> CheckExample {
        CheckExample("no user matches the ticket", status: .skipped, file: file, line: line) {
            $0.subject = "nobody@acme.example"
            $0.user = .found(nil, source: "user.json")
        }
    }

    /// The user record itself is missing from the evidence.
    static func unknownWithoutUserFile(file: String = #filePath, line: Int = #line) -> CheckExample {
        CheckExample("user.json missing", status: .unknown, file: file, line: line) {
            $0.user = .missing(reason: "user.json is not in the evidence")
        }
    }
}

extension Date {
    /// "2026-11-22 09:30 UTC": how user checks print times in evidence lines.
    var userCheckTimestamp: String {
        let seconds = timeIntervalSince1970.rounded(.down)
        // Calendar turns Julian before 1582; from 1600 on both agree, and the arithmetic needs no Foundation.
        if seconds >= -11_676_096_000, seconds < 253_402_300_800 {
            let time = CivilTime(utcEpochSeconds: Int(seconds))
            func two(_ value: Int) -> String { CivilTime.padded(value, 2) }
            return "\(CivilTime.padded(time.year, 4))-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute)) UTC"
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: self)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0)
    }
}
