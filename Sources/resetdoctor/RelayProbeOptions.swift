import ArgumentParser
import Foundation
import ResetDoctor

/// `--probe-relay`: probes the org's email relays over SMTP from this machine before the checks run (the checks
/// themselves do no network I/O). Works with a live org, a bundle or a demo: the relays are the evidence's.
struct RelayProbeOptions: ParsableArguments {
    @Flag(help: """
    Probe each email relay over SMTP from this machine: EHLO, STARTTLS, the certificate against the host name, the \
    AUTH mechanisms offered. Sends no mail and no credentials. A relay that admits only Salesforce's addresses may \
    refuse this machine; that is reported as unknown.
    """)
    var probeRelay = false

    @Option(help: ArgumentHelp("With --probe-relay: trust the CAs in this PEM file instead of the system store.", valueName: "FILE"))
    var relayCaFile: String?

    func validate() throws {
        if relayCaFile != nil && !probeRelay { throw ValidationError("--relay-ca-file goes with --probe-relay.") }
        if let relayCaFile, !FileManager.default.isReadableFile(atPath: relayCaFile) {
            throw ValidationError("--relay-ca-file \(relayCaFile): no readable file there.")
        }
    }

    /// Probes the relays into the evidence when asked; otherwise the probe check is skipped and says how to ask.
    func apply(to evidence: inout Evidence) async {
        guard probeRelay else { return }
        await RelayProber(caFile: relayCaFile).apply(to: &evidence.orgPart)
    }
}
