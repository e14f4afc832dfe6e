import ArgumentParser
import Foundation
import ResetDoctor

@main
struct ResetDoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resetdoctor",
        abstract: "Find out why a Salesforce user never got the password reset email.",
        discussion: """
        Start with the built-in demo:  resetdoctor diagnose --demo in-spam
        Diagnose an evidence bundle:   resetdoctor diagnose --bundle ./ticket-4711
        Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 incomplete, 64 usage, 65 bad input data.
        """,
        version: ResetDoctorVersion.current,
        subcommands: [Diagnose.self, Scan.self, BundleCommand.self, ResetCommand.self, DNSCommand.self, EmailCommand.self, ListChecks.self, Explain.self, Rules.self]
    )
}
