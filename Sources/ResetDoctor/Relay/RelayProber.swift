import Foundation
import Salesforce
import SalesforceAPI

/// Probes the org's email relays over SMTP from this machine: EHLO, STARTTLS when offered, the certificate checked
/// against the host (chain, dates, name), the capabilities. Never sends mail or credentials. The network is
/// behind `SMTPSessionRunner` (libcurl live, recorded transcripts in tests).
public struct RelayProber: Sendable {
    public var runner: any SMTPSessionRunner
    /// PEM file of the CAs to trust instead of the system store.
    public var caFile: String?
    public var connectTimeout: TimeInterval
    public var totalTimeout: TimeInterval

    public init(runner: any SMTPSessionRunner = CurlSMTPSessionRunner(), caFile: String? = nil,
                connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 20) {
        self.runner = runner; self.caFile = caFile; self.connectTimeout = connectTimeout; self.totalTimeout = totalTimeout
    }

    /// Probes every relay of the evidence (at once: each is bounded by the timeouts) into `relayProbe`. Without
    /// the relay list the probe has nothing to probe, and says why.
    public func apply(to evidence: inout OrgEvidence) async {
        guard let relays = evidence.emailRelays.value else {
            evidence.relayProbe = .missing(reason: "not probed: the relays are not known (\(evidence.emailRelays.missingReason ?? "no email-relays.json"))")
            return
        }
        let results = await withTaskGroup(of: (Int, RelayProbeResult).self) { group in
            for (index, relay) in relays.enumerated() { group.addTask { (index, await probe(relay)) } }
            var results: [(Int, RelayProbeResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        evidence.relayProbe = .found(results, source: "relay probe from this machine")
    }

    public func probe(_ relay: EmailRelayRecord) async -> RelayProbeResult {
        let port = Int(relay.port?.trimmingCharacters(in: .whitespaces) ?? "") ?? 25
        let host = relay.host.trimmingCharacters(in: .whitespaces)
        let checked = await runner.run(request(host, port, verify: true))
        let outcome: RelayProbeOutcome
        switch checked.failure {
        case nil where checked.ehloReplies.isEmpty:
            // No EHLO reply read: what the server offers is not known, and "no STARTTLS" would be a guess.
            outcome = .unreachable(reason: "no EHLO reply was read from the server")
        case nil:
            outcome = .answered(Self.facts(checked, certificate: checked.tlsEstablished ? .valid : .notPresented))
        case .certificate(let problem, let detail):
            // Once more without the check, to read the capabilities the server offers inside TLS.
            let unchecked = await runner.run(request(host, port, verify: false))
            let transcript = unchecked.failure == nil ? unchecked : checked
            outcome = .answered(Self.facts(transcript, certificate: .invalid(problem, detail: detail)))
        case .tls(let detail):
            outcome = .answered(Self.facts(checked, certificate: .handshakeFailed(detail: detail)))
        case .cannotConnect(let reason), .timedOut(let reason):
            outcome = .unreachable(reason: reason)
        case .other(let reason):
            outcome = checked.ehloReplies.isEmpty
                ? .unreachable(reason: reason)
                : .answered(Self.facts(checked, certificate: .handshakeFailed(detail: reason)))
        }
        return RelayProbeResult(relay: relay, port: port, outcome: outcome)
    }

    private func request(_ host: String, _ port: Int, verify: Bool) -> SMTPSessionRequest {
        SMTPSessionRequest(host: host, port: port, verifyCertificate: verify, caFile: caFile,
                           connectTimeout: connectTimeout, totalTimeout: totalTimeout)
    }

    /// Capabilities from a transcript: STARTTLS from the first EHLO reply, AUTH from the one that counts.
    static func facts(_ transcript: SMTPSessionTranscript, certificate: RelayCertificateVerdict) -> RelaySMTPFacts {
        let replies = transcript.ehloReplies
        let keyword = { (line: String) in line.split(separator: " ").first.map { $0.uppercased() } ?? "" }
        let offered = replies.first?.contains { keyword($0) == "STARTTLS" } ?? false
        // With STARTTLS offered, AUTH counts only in the reply inside TLS (servers often offer it only there).
        let counting = offered ? (transcript.tlsEstablished ? replies.last : nil) : replies.last
        let mechanisms = counting.map { lines in
            lines.filter { keyword($0) == "AUTH" }.flatMap { $0.split(separator: " ").dropFirst().map(String.init) }
        }
        return RelaySMTPFacts(startTLSOffered: offered, authMechanisms: mechanisms, certificate: certificate)
    }
}
