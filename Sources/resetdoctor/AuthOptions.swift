import ArgumentParser
import Foundation
import Salesforce
import ResetDoctor

/// How a live command logs in to the org. Only names, URLs and file paths: every secret comes from the
/// environment (SF_ACCESS_TOKEN, SF_PASSWORD, SF_SECURITY_TOKEN, SF_CLIENT_SECRET) or a file, never from argv.
struct AuthOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An org the Salesforce CLI (sf) is logged in to.", valueName: "ALIAS"))
    var org: String?

    @Option(help: ArgumentHelp("JWT bearer flow: the connected app's private key (PEM file).", valueName: "FILE"))
    var jwtKey: String?

    @Option(help: ArgumentHelp("The connected app's consumer key (JWT, client credentials, username-password).", valueName: "ID"))
    var clientId: String?

    @Option(help: ArgumentHelp("The Salesforce username to log in as (JWT, username-password with SF_PASSWORD).", valueName: "U"))
    var username: String?

    @Option(help: ArgumentHelp("Where to log in (JWT, username-password); default https://login.salesforce.com.", valueName: "URL"))
    var loginURL: String?

    @Option(help: ArgumentHelp("Client credentials: the token endpoint, if not the instance's /services/oauth2/token.", valueName: "URL"))
    var tokenURL: String?

    @Option(help: ArgumentHelp("Client credentials: the org's My Domain URL, e.g. https://acme.my.salesforce.com.", valueName: "URL"))
    var instanceURL: String?

    @Option(help: ArgumentHelp("The REST API version to call.", valueName: "vNN.N"))
    var apiVersion: String?

    @Option(help: ArgumentHelp("""
    The deadline of the whole live run, in seconds (default 60): every call to the org ends by it, retries included; \
    when it passes the run ends with exit 69 naming the call it was waiting for.
    """, valueName: "SECONDS"))
    var timeout: Double?

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout <= 86_400) {
            throw ValidationError("--timeout \(timeout): give the seconds a live run may take, more than 0 and at most 86400.")
        }
    }

    var request: LiveAuthRequest {
        LiveAuthRequest(orgAlias: org, jwtKeyFile: jwtKey, clientId: clientId, username: username,
                        loginURL: loginURL, tokenURL: tokenURL, instanceURL: instanceURL)
    }

    /// Whether any login option was given (to tell a live run from a bundle or demo run).
    var anyGiven: Bool { [org, jwtKey, clientId, username, loginURL, tokenURL, instanceURL].contains { $0 != nil } || timeout != nil }

    /// A logged-in-on-demand connection; missing or partial login settings are a usage error (64) listing the ways.
    /// `asOf` pins the clock (`--as-of`): the ticket as it stood then.
    func connect(asOf: Date? = nil) throws -> LiveConnection {
        let timeout = timeout ?? LiveConnection.defaultTimeout
        do {
            guard let asOf else { return try LiveConnection.open(request, apiVersion: apiVersion, timeout: timeout) }
            return try LiveConnection.open(request, apiVersion: apiVersion, clock: { asOf }, timeout: timeout)
        }
        catch { throw CLIErrors.usage(error.description) }
    }
}

/// `--since` and the deliverability probe, shared by diagnose, bundle and reset.
struct LiveGatherOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How far back to read the audit trail and login history: 7d, 36h, or a date (2026-11-15).", valueName: "DURATION|DATE"))
    var since: String?

    @Flag(help: """
    Find the deliverability level by running anonymous Apex in the org (Messaging.reserveSingleEmailCapacity(1)); it \
    sends no email. Needs Author Apex. Without it the level comes from the audit trail.
    """)
    var probeDeliverability = false

    @Option(help: ArgumentHelp("""
    Diagnose the ticket as it stood at this moment (ISO 8601, e.g. 2026-11-22T09:30:00Z): the window ends there and \
    time-based checks measure from it. Default: now.
    """, valueName: "DATE"))
    var asOf: String?

    /// The moment `--as-of` names, or nil for now.
    var asOfDate: Date? { asOf.flatMap(TimeArgument.moment) }

    func validate() throws {
        if let asOf {
            guard let date = TimeArgument.moment(asOf) else {
                throw ValidationError("--as-of \(asOf): give an ISO 8601 date-time such as 2026-11-22T09:30:00Z.")
            }
            guard date <= Date() else { throw ValidationError("--as-of \(asOf) is in the future.") }
        }
        if let since, TimeArgument.window(since, now: asOfDate ?? Date()) == nil {
            throw ValidationError("--since \(since): give a duration like 7d or 36h, or a date like 2026-11-15 before --as-of.")
        }
    }

    func window() -> TimeInterval {
        since.flatMap { TimeArgument.window($0, now: asOfDate ?? Date()) } ?? LiveEvidenceSource.defaultWindow
    }
}

/// Maps the live layer's errors to exit codes with their message on stderr.
enum LiveCLIErrors {
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() }
        catch let error as LiveError { throw CLIErrors.fail(error.description, code: error.exitCode) }
        catch let error as LedgerError { throw CLIErrors.fail(error.description, code: error.exitCode) }
    }
}
