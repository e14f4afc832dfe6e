import ArgumentParser
import Foundation
import ResetDoctor

/// Maps the library's typed errors to the documented exit codes with a one-paragraph message on stderr.
enum CLIErrors {
    /// Bad input data (bundle, export file, rules file): exit 65.
    static func asDataError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() }
        catch let error as BundleError { throw fail(error.description, code: 65) }
        catch let error as RuleError { throw fail(error.description, code: 65) }
    }

    /// An output file that cannot be written (`--out`): exit 73.
    static func asOutputError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() }
        catch let error as OutputFileError { throw fail(error.description, code: 73) }
    }

    /// Any source's errors (bundle, rules, live org, ledger) as their exit codes.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() }
        catch let error as BundleError { throw fail(error.description, code: 65) }
        catch let error as RuleError { throw fail(error.description, code: 65) }
        catch let error as LiveError { throw fail(error.description, code: error.exitCode) }
        catch let error as LedgerError { throw fail(error.description, code: error.exitCode) }
    }

    static func usage(_ message: String) -> ExitCode { fail(message, code: 64) }

    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(code)
    }
}
