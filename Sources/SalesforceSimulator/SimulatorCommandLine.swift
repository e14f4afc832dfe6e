import Foundation

/// The options of `resetdoctor-sim`, parsed here (not in the executable) so tests can check them.
public struct SimulatorCommandLine: Sendable, Equatable {
    /// nil: no scenario files, only generated users.
    public var scenario: String?
    public var generatedUsers: GeneratedUsers?
    public var limits = APILimits()
    public var port: UInt16 = 0
    public var faults = SimulatorFaults.none
    public var pageSize = 2000
    public var jwtPublicKeyPath: String?
    /// A token accepted from the start, for clients that read `SF_ACCESS_TOKEN` instead of logging in.
    public var acceptedAccessToken: String?
    public var verbose = false

    public static let usage = """
        usage: resetdoctor-sim (--scenario DIR | --users N) [--domains M] [--seed S] [--as-of DATE] [--port N]
                               [--latency-ms N] [--page-size N] [--api-limit N] [--api-usage N]
                               [--jwt-public-key FILE] [--access-token TOKEN] [--fault FAULT]... [--verbose]
          --scenario DIR         a resetdoctor-bundle/1 directory (for example demos/bounced)
          --users N              also serve N generated users (UserLogin, PermissionSetAssignment and LoginHistory
                                 rows included) in a mix of states: inactive, frozen, password-locked, delegated SSO,
                                 integration, Experience Cloud, never logged in, created recently
          --domains M            spread the generated users over M recipient domains d0…d(M-1).gen-org.example (1)
          --seed S               the generated org is the same for the same seed (default 1)
          --as-of DATE           "now" of the generated dates (default: the scenario's capturedAt, else 2026-11-22T09:30:00Z)
          --api-limit N          the daily API request limit in Sforce-Limit-Info (default 15000); at it, data calls
                                 get 403 REQUEST_LIMIT_EXCEEDED
          --api-usage N          API requests already used today when the simulator starts (default 0)
          --port N               port on 127.0.0.1 (0, the default: any free port; the bound port is printed)
          --latency-ms N         wait N ms before every answer
          --page-size N          records per query page before nextRecordsUrl (default 2000)
          --jwt-public-key FILE  RSA public key (PEM) that verifies JWT bearer assertions
          --access-token TOKEN   also accept this access token (test-only)
          --fault FAULT          token-expired[=N] | forbidden[=OBJECT] | rate-limited[=N] | server-error[=N]
                                 | cut-body[=N] | ip-restricted   (N: the next N data calls, default 1)
          --verbose              log "METHOD /path STATUS" per request on stderr (never tokens or secrets)
        Prints "listening on http://127.0.0.1:PORT" when ready; stops on SIGTERM or SIGINT.
        """

    /// Why the command line was refused; `description` says what to change.
    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// nil when `--help` was asked for.
    public static func parse(_ arguments: [String]) throws(UsageError) -> SimulatorCommandLine? {
        var options = SimulatorCommandLine(scenario: nil)
        var generated = GeneratedUsers(count: 0)
        var generates = false
        var remaining = arguments[...]
        func value(for flag: String) throws(UsageError) -> String {
            guard let value = remaining.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return value
        }
        func number(for flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
            let text = try value(for: flag)
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(description: "\(flag) \(text) is not a whole number in \(range.lowerBound)…\(range.upperBound)")
            }
            return number
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--help", "-h": return nil
            case "--scenario": options.scenario = try value(for: flag)
            case "--users": generated.count = try number(for: flag, in: 0...GeneratedIds.maximumIndex); generates = true
            case "--domains": generated.domains = try number(for: flag, in: 1...10_000_000)
            case "--seed": generated.seed = UInt64(try number(for: flag, in: 0...Int.max))
            case "--as-of":
                let text = try value(for: flag)
                guard let date = SOQLDate.parse(text) else {
                    throw UsageError(description: "--as-of \(text) is not a date (2026-11-22) or date-time (2026-11-22T09:30:00Z)")
                }
                generated.asOf = date
            case "--api-limit": options.limits.daily = try number(for: flag, in: 0...Int.max)
            case "--api-usage": options.limits.used = try number(for: flag, in: 0...Int.max)
            case "--port": options.port = UInt16(try number(for: flag, in: 0...65535))
            case "--latency-ms": options.faults.latencyMilliseconds = try number(for: flag, in: 0...600_000)
            case "--page-size": options.pageSize = try number(for: flag, in: 1...100_000)
            case "--jwt-public-key": options.jwtPublicKeyPath = try value(for: flag)
            case "--access-token": options.acceptedAccessToken = try value(for: flag)
            case "--verbose", "-v": options.verbose = true
            case "--fault":
                do { try SimulatorFaultFlag.apply(try value(for: flag), to: &options.faults) } catch let error as SimulatorFaultFlag.Invalid {
                    throw UsageError(description: error.description)
                } catch {
                    throw error as? UsageError ?? UsageError(description: "--fault needs a value")
                }
            default: throw UsageError(description: "unknown option \(flag); see --help")
            }
        }
        guard options.scenario != nil || generates else {
            throw UsageError(description: "--scenario DIR or --users N is required (for example --scenario demos/bounced)")
        }
        if generates { options.generatedUsers = generated }
        return options
    }
}
