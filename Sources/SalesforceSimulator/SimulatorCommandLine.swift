import Foundation

/// The options of `resetdoctor-sim`, parsed here (not in the executable) so tests can check them.
public struct SimulatorCommandLine: Sendable, Equatable {
    public var scenario: String
    public var port: UInt16 = 0
    public var faults = SimulatorFaults.none
    public var pageSize = 2000
    public var jwtPublicKeyPath: String?
    /// A token accepted from the start, for clients that read `SF_ACCESS_TOKEN` instead of logging in.
    public var acceptedAccessToken: String?
    public var verbose = false

    public static let usage = """
        usage: resetdoctor-sim --scenario DIR [--port N] [--latency-ms N] [--page-size N] [--jwt-public-key FILE]
                               [--access-token TOKEN] [--api-limit N] [--api-usage N] [--fault FAULT]... [--verbose]
          --scenario DIR         a resetdoctor-bundle/1 directory (for example demos/bounced)
          --port N               port on 127.0.0.1 (0, the default: any free port; the bound port is printed)
          --latency-ms N         wait N ms before every answer
          --page-size N          records per query page before nextRecordsUrl (default 2000)
          --jwt-public-key FILE  RSA public key (PEM) that verifies JWT bearer assertions
          --access-token TOKEN   also accept this access token (test-only)
          --api-limit N          the daily API limit Sforce-Limit-Info reports (default 15000)
          --api-usage N          API requests already used today when the simulator starts (default 0)
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
        var scenario: String?
        var options = SimulatorCommandLine(scenario: "")
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
            case "--scenario": scenario = try value(for: flag)
            case "--port": options.port = UInt16(try number(for: flag, in: 0...65535))
            case "--latency-ms": options.faults.latencyMilliseconds = try number(for: flag, in: 0...600_000)
            case "--page-size": options.pageSize = try number(for: flag, in: 1...100_000)
            case "--jwt-public-key": options.jwtPublicKeyPath = try value(for: flag)
            case "--access-token": options.acceptedAccessToken = try value(for: flag)
            case "--api-limit": options.faults.apiLimit = try number(for: flag, in: 1...Int.max)
            case "--api-usage": options.faults.apiUsedAtStart = try number(for: flag, in: 0...Int.max)
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
        guard let scenario else { throw UsageError(description: "--scenario DIR is required (for example --scenario demos/bounced)") }
        options.scenario = scenario
        return options
    }
}
