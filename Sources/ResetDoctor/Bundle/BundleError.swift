import Foundation
import Salesforce

/// An evidence bundle (or a file in it) that cannot be used: where, what is wrong, and what to do.
/// The CLI maps it to exit code 65 (bad input data).
public struct BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bundle, or the file inside it ("tickets/4711/audit-trail.csv").
    public var path: String
    /// What is wrong, without a trailing period.
    public var problem: String
    /// What to do about it.
    public var hint: String

    public init(path: String, problem: String, hint: String) {
        self.path = path; self.problem = problem; self.hint = hint
    }

    /// "<path>: <problem>. <hint>"
    public var description: String { "\(path): \(problem). \(hint)" }

    /// A parser's error for `file` of the bundle at `origin`, with the parser's wording kept.
    init(_ error: ExportParseError, origin: String) {
        var problem = error.problem
        // CSV errors name their line; say it once, whether or not the parser already did.
        if let line = error.line, !problem.contains("line \(line)") {
            problem = "line \(line): " + problem
        }
        self.init(path: BundleFiles.join(origin, error.file), problem: problem, hint: error.hint)
    }
}
