import Foundation

/// The Salesforce CLI as token source (reference/salesforce.md §7): `sf org auth show-access-token --json` on newer
/// CLIs, `sf org display --json` on older ones (which do not know that command). The CLI's stdout holds the token: it is
/// parsed in memory and never logged. Renewing runs the CLI again (it refreshes its own tokens).
public struct SalesforceCLITokenProvider: AccessTokenProvider {
    public let alias: String
    private let runner: any CommandRunner
    private let executable: String
    private let timeout: Double

    public init(alias: String, runner: any CommandRunner = LiveCommandRunner(), executable: String = "sf", timeout: Double = 90) {
        self.alias = alias; self.runner = runner; self.executable = executable; self.timeout = timeout
    }

    public var flowName: String { "sf CLI (\(alias))" }

    var showAccessTokenArguments: [String] { ["org", "auth", "show-access-token", "--target-org", alias, "--json"] }
    var displayArguments: [String] { ["org", "display", "--target-org", alias, "--json"] }

    public func session() async throws(SalesforceAPIError) -> SalesforceSession {
        guard !alias.isEmpty, !alias.hasPrefix("-"), !alias.contains(where: \.isNewline) else {
            throw .notAuthorized(problem: "\"\(alias)\" is not an org alias", hint: "give the alias or username shown by `sf org list`")
        }
        let shown = try await run(showAccessTokenArguments)
        switch CLIAnswer(shown) {
        case .result(let result):
            guard let token = result.token, !token.isRedacted else {
                throw .badResponse(problem: "`sf org auth show-access-token` gave no access token for \(alias)",
                                   hint: "update the Salesforce CLI (`sf update`), or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            }
            if let instance = result.instanceURL {
                return try makeSession(token: token, instance: instance, result: result)
            }
            // This command may not name the instance: take it from `sf org display` (whose token is ignored).
            guard case .result(let display) = CLIAnswer(try await run(displayArguments)), let instance = display.instanceURL else {
                throw .badResponse(problem: "the Salesforce CLI did not give the instance URL of \(alias)",
                                   hint: "set SF_ACCESS_TOKEN and SF_INSTANCE_URL instead")
            }
            return try makeSession(token: token, instance: instance, result: display)
        case .unknownCommand:
            return try await sessionFromDisplay()
        case .failure(let detail):
            throw notLoggedIn(detail)
        }
    }

    public func renew() async throws(SalesforceAPIError) -> SalesforceSession? { try await session() }

    public var expiredSessionHint: String {
        "the Salesforce CLI's session for \(alias) was refused: log in again with `sf org login web --alias \(alias)`"
    }

    /// Older CLIs: `sf org display` still shows the token, unless this version already redacts it.
    private func sessionFromDisplay() async throws(SalesforceAPIError) -> SalesforceSession {
        switch CLIAnswer(try await run(displayArguments)) {
        case .result(let result):
            guard let token = result.token else {
                throw .badResponse(problem: "`sf org display` gave no access token for \(alias)",
                                   hint: "update the Salesforce CLI (`sf update`), or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            }
            if token.isRedacted {
                throw .notAuthorized(
                    problem: "this Salesforce CLI redacts the access token in `sf org display` and does not know `sf org auth show-access-token`",
                    hint: "update the Salesforce CLI (`sf update`) so `sf org auth show-access-token` exists, or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            }
            guard let instance = result.instanceURL else {
                throw .badResponse(problem: "`sf org display` gave no instance URL for \(alias)", hint: "set SF_ACCESS_TOKEN and SF_INSTANCE_URL instead")
            }
            return try makeSession(token: token, instance: instance, result: result)
        case .unknownCommand:
            throw .notAuthorized(problem: "this Salesforce CLI knows neither `sf org auth show-access-token` nor `sf org display`",
                                 hint: "install a current Salesforce CLI, or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
        case .failure(let detail):
            throw notLoggedIn(detail)
        }
    }

    private func makeSession(token: Secret, instance: String, result: CLIResult) throws(SalesforceAPIError) -> SalesforceSession {
        let url = try InstanceURL.validated(instance, source: "the instance URL the Salesforce CLI gave for \(alias)")
        return SalesforceSession(instanceURL: url, accessToken: token,
                                 orgId: result.orgId ?? IdentityURL.orgId(fromToken: token), username: result.username)
    }

    private func notLoggedIn(_ detail: String) -> SalesforceAPIError {
        .notAuthorized(problem: "the Salesforce CLI could not give a token for \(alias): \(detail)",
                       hint: "log in with `sf org login web --alias \(alias)` (check the alias with `sf org list`)")
    }

    private func run(_ arguments: [String]) async throws(SalesforceAPIError) -> CommandOutput {
        do {
            return try await runner.run(executable, arguments, timeout: timeout)
        } catch {
            switch error {
            case .notFound:
                throw .notAuthorized(problem: "the Salesforce CLI (\(executable)) is not installed or not on PATH",
                                     hint: "install the Salesforce CLI or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            case .timedOut(_, let after):
                throw .unreachable(problem: "the Salesforce CLI did not answer within \(Int(after)) s",
                                   hint: "run `sf org display --target-org \(alias)` yourself to see what it waits for")
            case .failed(_, let detail):
                throw .notAuthorized(problem: "the Salesforce CLI could not run: \(detail)",
                                     hint: "install the Salesforce CLI or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            }
        }
    }
}

/// The fields taken from the CLI's `result`, with every key spelling seen or suspected (the show-access-token key is
/// unverified).
struct CLIResult {
    var token: Secret?
    var instanceURL: String?
    var username: String?
    var orgId: String?

    init(_ result: Any) {
        if let text = result as? String { token = text.isEmpty ? nil : Secret(text); return }
        guard let object = result as? [String: Any] else { return }
        let tokenText = ["accessToken", "access_token", "token"].lazy.compactMap { object[$0] as? String }.first { !$0.isEmpty }
        token = tokenText.map(Secret.init)
        instanceURL = ["instanceUrl", "instance_url", "instanceURL"].lazy.compactMap { object[$0] as? String }.first { !$0.isEmpty }
        username = object["username"] as? String
        orgId = ((object["id"] as? String) ?? (object["orgId"] as? String)).flatMap { $0.hasPrefix("00D") ? $0 : nil }
    }
}

/// How one CLI run ended, read without ever turning stdout into logged text.
enum CLIAnswer {
    case result(CLIResult)
    /// The CLI does not know the command (old versions).
    case unknownCommand
    /// A CLI error: "NamedOrgNotFoundError: No authorization information found for x."
    case failure(String)

    init(_ output: CommandOutput) {
        let json = Self.jsonObject(output.stdout)
        let status = (json?["status"] as? NSNumber)?.intValue
        if output.exitStatus == 0, status ?? 0 == 0, let result = json?["result"] {
            self = .result(CLIResult(result))
            return
        }
        let name = json?["name"] as? String ?? ""
        let message = json?["message"] as? String ?? ""
        let errText = String(decoding: output.stderr.prefix(4096), as: UTF8.self)
        let haystack = (name + " " + message + " " + errText).lowercased()
        let unknownMarkers = ["is not a sf command", "command not found", "commandnotfound", "unknown command", "not a valid command"]
        if output.exitStatus == 127 || unknownMarkers.contains(where: haystack.contains) {
            self = .unknownCommand
            return
        }
        var detail = [name, message].filter { !$0.isEmpty }.joined(separator: ": ")
        if detail.isEmpty {
            detail = errText.split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(output.exitStatus)"
        }
        if json == nil && output.exitStatus == 0 { detail = "it printed no JSON" }
        let oneLine = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
        self = .failure(TokenScrubber.scrub(oneLine.count > 300 ? String(oneLine.prefix(300)) + "…" : oneLine))
    }

    /// The JSON object on stdout, tolerating text (warnings) before it.
    private static func jsonObject(_ data: Data) -> [String: Any]? {
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] { return object }
        guard let brace = data.firstIndex(of: UInt8(ascii: "{")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data[brace...])) as? [String: Any]
    }
}

extension Secret {
    /// Newer CLIs print "[REDACTED] Use 'sf org auth show-access-token' to view" instead of the token.
    var isRedacted: Bool { revealForTransport().uppercased().contains("REDACTED") }
}
