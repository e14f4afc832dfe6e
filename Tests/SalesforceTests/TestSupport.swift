import Foundation
import Testing
@testable import Salesforce

/// The instant of an ISO 8601 UTC text, read with Foundation's own formatter so tests do not check the parser against itself.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        Issue.record("bad test date \(text)")
        return .distantPast
    }
    return date
}

func data(_ text: String) -> Data { Data(text.utf8) }

/// Runs `parse` and returns the ExportParseError it throws (recording an issue when it throws nothing or something else).
func parseError<T>(_ parse: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> ExportParseError? {
    do {
        let value = try parse()
        Issue.record("expected an ExportParseError, got \(value)", sourceLocation: sourceLocation)
    } catch let error as ExportParseError {
        return error
    } catch {
        Issue.record("expected an ExportParseError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
