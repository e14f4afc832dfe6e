import Foundation

/// One piece of evidence as a source delivered it: there (with where it came from) or missing (with why).
/// A missing piece makes the checks that need it `unknown`, never `pass`.
public enum Gathered<Value: Sendable>: Sendable {
    case found(Value, source: String)
    case missing(reason: String)

    /// The value, or a `CheckCannotRun` that the engine turns into an `unknown` result with this reason.
    public func require() throws -> Value {
        switch self {
        case .found(let value, _): return value
        case .missing(let reason): throw CheckCannotRun(reason: reason)
        }
    }

    public var value: Value? {
        if case .found(let value, _) = self { return value }
        return nil
    }

    /// The file or query the value came from ("user.json", "audit-trail.csv"), or nil when missing.
    public var source: String? {
        if case .found(_, let source) = self { return source }
        return nil
    }

    public var missingReason: String? {
        if case .missing(let reason) = self { return reason }
        return nil
    }
}

extension Gathered: Equatable where Value: Equatable {}

/// Thrown by a check that lacks the evidence it needs; the engine reports it as `unknown` with `reason`.
public struct CheckCannotRun: Error, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
