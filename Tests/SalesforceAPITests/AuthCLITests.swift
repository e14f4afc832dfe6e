import Foundation
import Testing
@testable import SalesforceAPI

private let showArgs = ["sf", "org", "auth", "show-access-token", "--target-org", "acme", "--json"]
private let displayArgs = ["sf", "org", "display", "--target-org", "acme", "--json"]

private func output(_ json: String, exit: Int32 = 0, stderr: String = "") -> Result<CommandOutput, CommandRunnerError> {
    .success(CommandOutput(exitStatus: exit, stdout: Data(json.utf8), stderr: Data(stderr.utf8)))
}

private let displayJSON = #"""
{"status":0,"result":{"id":"00DSIM000000001AAA","apiVersion":"62.0","accessToken":"00DSIM000000001!CLI-DISPLAY-SECRET","instanceUrl":"https://acme.my.salesforce.com","username":"admin@acme.com","clientId":"PlatformCLI","connectedStatus":"Connected","alias":"acme"}}
"""#

@Suite struct AuthCLITests {
    @Test(arguments: ["accessToken", "access_token", "token"])
    func showAccessTokenIsUsedFirst(tokenKey: String) async throws {
        let runner = RecordedCommandRunner([
            showArgs: output(#"{"status":0,"result":{"\#(tokenKey)":"00DSIM000000001!CLI-SECRET","instanceUrl":"https://acme.my.salesforce.com","username":"admin@acme.com"}}"#),
        ])
        let provider = SalesforceCLITokenProvider(alias: "acme", runner: runner)
        let session = try await provider.session()
        #expect(session.accessToken.revealForTransport() == "00DSIM000000001!CLI-SECRET")
        #expect(session.instanceURL.host == "acme.my.salesforce.com")
        #expect(session.username == "admin@acme.com")
        #expect(session.orgId == "00DSIM000000001")
        #expect(runner.invocations == [showArgs])
        #expect(provider.flowName == "sf CLI (acme)")
    }

    @Test func instanceURLComesFromDisplayWhenShowAccessTokenOmitsIt() async throws {
        let runner = RecordedCommandRunner([
            showArgs: output(#"{"status":0,"result":{"access_token":"00DSIM000000001!CLI-SECRET"}}"#),
            displayArgs: output(displayJSON.replacingOccurrences(of: "00DSIM000000001!CLI-DISPLAY-SECRET", with: "[REDACTED] Use 'sf org auth show-access-token' to view")),
        ])
        let session = try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        #expect(session.accessToken.revealForTransport() == "00DSIM000000001!CLI-SECRET")
        #expect(session.instanceURL.absoluteString == "https://acme.my.salesforce.com")
        #expect(session.orgId == "00DSIM000000001AAA")
        #expect(runner.invocations == [showArgs, displayArgs])
    }

    @Test(arguments: [
        (Int32(127), ""),
        (Int32(2), " ›   Warning: org auth show-access-token is not a sf command.\n"),
        (Int32(1), "Error (1): Command org:auth:show-access-token not found. CommandNotFound"),
    ])
    func oldCLIsFallBackToOrgDisplay(exit: Int32, stderr: String) async throws {
        let runner = RecordedCommandRunner([showArgs: output("", exit: exit, stderr: stderr), displayArgs: output(displayJSON)])
        let session = try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        #expect(session.accessToken.revealForTransport() == "00DSIM000000001!CLI-DISPLAY-SECRET")
        #expect(session.username == "admin@acme.com")
        #expect(runner.invocations == [showArgs, displayArgs])
    }

    @Test func redactedDisplayTokenIsExplained() async throws {
        let redacted = displayJSON.replacingOccurrences(of: "00DSIM000000001!CLI-DISPLAY-SECRET", with: "[REDACTED] Use 'sf org auth show-access-token' to view")
        let runner = RecordedCommandRunner([showArgs: output("", exit: 127), displayArgs: output(redacted)])
        let error = try #require(await #expect(throws: SalesforceAPIError.self) {
            try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.problem.contains("redacts"))
        #expect(error.hint.contains("sf org auth show-access-token"))
    }

    @Test func missingCLISaysToInstallItOrUseTheEnvironment() async throws {
        let runner = RecordedCommandRunner([showArgs: .failure(.notFound(executable: "sf"))])
        let error = try #require(await #expect(throws: SalesforceAPIError.self) {
            try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        })
        #expect(kind(of: error) == .notAuthorized)
        #expect(error.hint == "install the Salesforce CLI or set SF_ACCESS_TOKEN and SF_INSTANCE_URL")
    }

    @Test func unknownAliasSaysHowToLogIn() async throws {
        let runner = RecordedCommandRunner([showArgs: output(
            #"{"status":1,"name":"NamedOrgNotFoundError","message":"No authorization information found for acme.","exitCode":1}"#, exit: 1)])
        let error = try #require(await #expect(throws: SalesforceAPIError.self) {
            try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        })
        #expect(error.problem.contains("NamedOrgNotFoundError: No authorization information found for acme."))
        #expect(error.hint.contains("sf org login web --alias acme"))
        #expect(runner.invocations == [showArgs])
    }

    @Test func timeoutIsUnreachable() async throws {
        let runner = RecordedCommandRunner([showArgs: .failure(.timedOut(executable: "sf", after: 90))])
        let error = try #require(await #expect(throws: SalesforceAPIError.self) {
            try await SalesforceCLITokenProvider(alias: "acme", runner: runner).session()
        })
        #expect(kind(of: error) == .unreachable)
    }

    @Test func aliasThatLooksLikeAFlagIsRefused() async throws {
        let runner = RecordedCommandRunner([:])
        await #expect(throws: SalesforceAPIError.self) { try await SalesforceCLITokenProvider(alias: "--json", runner: runner).session() }
        #expect(runner.invocations.isEmpty)
    }

    @Test func renewRunsTheCLIAgain() async throws {
        let runner = RecordedCommandRunner([
            showArgs: output(#"{"status":0,"result":{"accessToken":"00DSIM000000001!CLI-SECRET","instanceUrl":"https://acme.my.salesforce.com"}}"#),
        ])
        let provider = SalesforceCLITokenProvider(alias: "acme", runner: runner)
        _ = try await provider.session()
        #expect(try await provider.renew() != nil)
        #expect(runner.invocations == [showArgs, showArgs])
    }

    @Test func commandOutputNeverShowsStdout() {
        let output = CommandOutput(exitStatus: 0, stdout: Data("00DSIM000000001!CLI-SECRET".utf8))
        var dumped = ""
        dump(output, to: &dumped)
        #expect(!dumped.contains("CLI-SECRET"))
        #expect(!"\(output)".contains("CLI-SECRET"))
    }
}

@Suite struct AuthLiveCommandRunnerTests {
    @Test func capturesStdoutStderrAndExitStatus() async throws {
        let output = try await LiveCommandRunner().run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"], timeout: 30)
        #expect(output.exitStatus == 3)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "out")
        #expect(String(decoding: output.stderr, as: UTF8.self) == "err")
    }

    @Test func findsExecutablesOnPath() async throws {
        let output = try await LiveCommandRunner().run("sh", ["-c", "echo $SF_ACCESS_TOKEN-"], timeout: 30)
        #expect(output.exitStatus == 0)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "-\n")
    }

    @Test func missingExecutableIsNotFound() async throws {
        let error = await #expect(throws: CommandRunnerError.self) {
            try await LiveCommandRunner().run("resetdoctor-no-such-sf-cli", ["org", "display"], timeout: 30)
        }
        #expect(error == .notFound(executable: "resetdoctor-no-such-sf-cli"))
    }

    @Test func hungCommandIsKilledAtTheDeadline() async throws {
        let error = await #expect(throws: CommandRunnerError.self) {
            try await LiveCommandRunner().run("/bin/sh", ["-c", "sleep 60"], timeout: 0.3)
        }
        #expect(error == .timedOut(executable: "/bin/sh", after: 0.3))
    }
}
