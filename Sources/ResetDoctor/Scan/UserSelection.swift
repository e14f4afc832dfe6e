import Foundation
import Salesforce

/// Which users a scan covers: the active ones by default, inactive ones too when asked, or those a list names.
public struct UserSelection: Sendable {
    /// Usernames, email addresses or User Ids (`--users FILE`); nil for every active user.
    public var names: [String]?
    public var includeInactive: Bool

    public init(names: [String]? = nil, includeInactive: Bool = false) {
        self.names = names; self.includeInactive = includeInactive
    }

    /// The users selected, in their order, and notes on what was left out (list entries that match nobody, inactive
    /// users a list names).
    public func apply(to users: [UserEvidence]) -> (users: [UserEvidence], notes: [String]) {
        var notes: [String] = []
        var selected = users
        if let names {
            var wanted: [String: String] = [:]  // lowercased key → entry as written
            for name in names { wanted[Self.key(name), default: name] = name }
            var matched = Set<String>()
            selected = users.filter { part in
                guard let record = part.user.value ?? nil else { return false }
                let keys = [record.username, record.email, String(record.id.prefix(15))].map(Self.key)
                let hits = keys.filter { wanted[$0] != nil }
                matched.formUnion(hits)
                return !hits.isEmpty
            }
            let unmatched = wanted.filter { !matched.contains($0.key) }.map(\.value).sorted()
            if !unmatched.isEmpty {
                notes.append("\(unmatched.count) entr\(unmatched.count == 1 ? "y" : "ies") of the user list match\(unmatched.count == 1 ? "es" : "") no user: \(unmatched.prefix(10).joined(separator: ", "))\(unmatched.count > 10 ? ", …" : "")")
            }
        }
        // A user the list names is scanned active or not: inactive is then the answer.
        if !includeInactive && names == nil {
            let before = selected.count
            selected = selected.filter { ($0.user.value ?? nil)?.isActive ?? true }
            let left = before - selected.count
            if left > 0 { notes.append("\(left) inactive user\(left == 1 ? " was" : "s were") left out (--include-inactive scans them too)") }
        }
        return (selected, notes)
    }

    /// Ids compare on their first 15 characters (the 18-character form adds a case checksum); names ignore case.
    public static func key(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if (trimmed.count == 15 || trimmed.count == 18), trimmed.hasPrefix("005"), trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return String(trimmed.prefix(15))
        }
        return trimmed.lowercased()
    }
}

/// `--users FILE`: usernames, email addresses or User Ids, one a line; or a CSV whose header names the column
/// (Username, Email or Id). Blank lines and lines starting with # are skipped.
public enum UserListFile {
    static let columns = ["username", "email", "id", "userid"]

    public static func parse(_ data: Data, path: String) throws -> [String] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw BundleError(path: path, problem: "the file is not UTF-8 text", hint: "save it as UTF-8: one username, email address or User Id a line")
        }
        var lines = text.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
        lines.removeAll { $0.isEmpty || $0.hasPrefix("#") }
        guard let first = lines.first else {
            throw BundleError(path: path, problem: "the file names no user", hint: "write one username, email address or User Id a line")
        }
        guard first.contains(",") else { return lines.map(unquote) }
        let header: [[String]]
        do {
            header = try CSVRows.parse(Data(text.utf8), file: path, hint: "write one user a line, or a CSV with a header row naming Username, Email or Id")
        } catch let error as ExportParseError {
            throw BundleError(error, origin: "")
        }
        guard let names = header.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
              let column = columns.lazy.compactMap({ names.firstIndex(of: $0) }).first
        else {
            throw BundleError(
                path: path, problem: "the first line looks like a CSV header but names none of the columns Username, Email or Id",
                hint: "add a header row naming the column (Username, Email or Id), or write one user a line without commas")
        }
        return header.dropFirst().compactMap { row in
            guard column < row.count else { return nil }
            let value = row[column].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
    }

    private static func unquote(_ line: String) -> String {
        line.count >= 2 && line.hasPrefix("\"") && line.hasSuffix("\"") ? String(line.dropFirst().dropLast()) : line
    }
}
