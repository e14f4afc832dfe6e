import Foundation

/// A file of an evidence bundle or a hand-made export that cannot be read: which file, where, what is wrong,
/// and what the admin should do about it. Every parser in this module throws only this error.
public struct ExportParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as given by the caller, e.g. "audit-trail.csv".
    public var file: String
    /// The 1-based physical line (CSV files, JSON syntax and duplicate keys), or nil (records, whole-file problems).
    public var line: Int?
    /// What is wrong, without a trailing period.
    public var problem: String
    /// What to do about it.
    public var hint: String

    public init(file: String, line: Int? = nil, problem: String, hint: String) {
        self.file = file; self.line = line; self.problem = problem; self.hint = hint
    }

    /// "<file>[ line N]: <problem>. <hint>"
    public var description: String {
        let place = line.map { "\(file) line \($0)" } ?? file
        return "\(place): \(problem). \(hint)"
    }
}
