import Foundation
import Salesforce
import SalesforceAPI

/// Does each relay's SMTP server give Salesforce what the relay's settings ask for: STARTTLS when TLS is required,
/// a certificate that passes a verifying setting, AUTH when authentication is required? Reads the probe made
/// before the checks (`--probe-relay`); the check itself does no network I/O. What a probe from this machine cannot
/// show: a relay that admits only Salesforce's addresses refuses it (`unknown`, not a failure), and a server may
/// present itself differently to Salesforce's addresses.
struct RelayProbeCheck: Check {
    static let mayRefuseUs = "a relay that admits only Salesforce's addresses may refuse this machine"

    let id = "relay.probe"
    let scope: CheckScope = .org
    let title = "Email relay answers over SMTP as its settings need (live probe)"
    let codes: [FindingCode] = [.relayStartTLSMissing, .relayTLSCertificateInvalid, .relayAuthMissing]
    /// A relay that refuses this machine says nothing about Salesforce's view: the verdict stays complete.
    let matters = false

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        guard let results = evidence.relayProbe.value else {
            return .skipped(evidence.relayProbe.missingReason ?? "not probed")
        }
        guard !results.isEmpty else { return .skipped("no email relay is configured") }
        let source = evidence.relayProbe.source ?? "relay probe"
        var findings: [Finding] = []
        var unreachable: [String] = []
        for result in results {
            switch result.outcome {
            case .unreachable(let reason): unreachable.append("\(result.relay.host):\(result.port) (\(reason))")
            case .answered(let facts):
                findings += Self.findings(result, facts, source: source)
                // What the probe could not see is not a pass: no certificate verdict, or no AUTH line to read.
                if let gap = Self.unseen(result.relay, facts) { unreachable.append("\(result.relay.host):\(result.port) (\(gap))") }
            }
        }
        if findings.isEmpty, !unreachable.isEmpty {
            return .unknown("not fully seen over SMTP: \(unreachable.joined(separator: ", ")); \(Self.mayRefuseUs)")
        }
        let notReached = unreachable.isEmpty ? "" : "; not fully seen: \(unreachable.joined(separator: ", "))"
        return .found(findings, reason: findings.isEmpty
            ? "\(results.count) relay(s) answered with what their TLS and authentication settings need\(notReached)"
            : "\(findings.count) relay problem(s) seen over SMTP\(notReached)")
    }

    static func findings(_ result: RelayProbeResult, _ facts: RelaySMTPFacts, source: String) -> [Finding] {
        let relay = result.relay
        let tls = relay.tlsSetting ?? ""
        let line = EvidenceLine(source, "\(relay.host):\(result.port) (relay \(relay.id), TlsSetting \(tls.isEmpty ? "?" : tls), IsRequireAuth \(relay.isRequireAuth)): \(summary(facts))")
        var findings: [Finding] = []
        if !facts.startTLSOffered, ["Required", "RequiredVerify"].contains(tls) {
            findings.append(Finding(.relayStartTLSMissing, confidence: .confirmed, title: .startTLSMissing(relay, tls), evidence: [line]))
        }
        if case .invalid(let problem, _) = facts.certificate {
            // Only RequiredVerify refuses to deliver over a certificate that fails; other settings encrypt anyway.
            let blocks = tls == "RequiredVerify"
            findings.append(Finding(.relayTLSCertificateInvalid, severity: blocks ? .blocker : .warning,
                                    confidence: blocks ? .confirmed : .possible, title: .certificateInvalid(relay, problem, tls, blocks: blocks), evidence: [line]))
        }
        if relay.isRequireAuth, let mechanisms = facts.authMechanisms, mechanisms.isEmpty {
            findings.append(Finding(.relayAuthMissing, confidence: .confirmed, title: .authMissing(relay), evidence: [line]))
        }
        return findings
    }

    /// What a setting needs that the probe could not see: a TLS handshake that failed before any certificate verdict
    /// (under a TLS setting), or AUTH under IsRequireAuth with no EHLO reply inside TLS to read it from.
    static func unseen(_ relay: EmailRelayRecord, _ facts: RelaySMTPFacts) -> String? {
        if case .handshakeFailed(let detail) = facts.certificate, !(relay.tlsSetting ?? "").isEmpty {
            return "TLS handshake failed before the certificate could be checked: \(detail)"
        }
        if relay.isRequireAuth, facts.authMechanisms == nil { return "AUTH not seen: no EHLO reply inside TLS" }
        return nil
    }

    /// What the server offered, in one line for the evidence.
    static func summary(_ facts: RelaySMTPFacts) -> String {
        let auth = facts.authMechanisms.map { $0.isEmpty ? "no AUTH" : "AUTH \($0.joined(separator: " "))" } ?? "AUTH not seen (no EHLO inside TLS)"
        let certificate: String = switch facts.certificate {
        case .notPresented: "no TLS"
        case .valid: "certificate valid for the host"
        case .invalid(let problem, let detail): "certificate \(problem.rawValue) (\(detail))"
        case .handshakeFailed(let detail): "TLS handshake failed (\(detail))"
        }
        return "\(facts.startTLSOffered ? "STARTTLS offered" : "no STARTTLS"), \(auth), \(certificate)"
    }

    var examples: [CheckExample] {
        let verify = EmailRelayRecord(id: "0MZ1", host: "smtp.acme.example", port: "587", tlsSetting: "RequiredVerify", isRequireAuth: true)
        let good = RelaySMTPFacts(startTLSOffered: true, authMechanisms: ["PLAIN", "LOGIN"], certificate: .valid)
        func probed(_ relay: EmailRelayRecord, _ outcome: RelayProbeOutcome) -> (inout Evidence) -> Void {
            { $0.emailRelays = .found([relay], source: "email-relays.json")
              $0.relayProbe = .found([RelayProbeResult(relay: relay, port: 587, outcome: outcome)], source: "relay probe") }
        }
        var preferred = verify
        preferred.tlsSetting = "Preferred"; preferred.isRequireAuth = false
        let expired = RelayCertificateVerdict.invalid(.expired, detail: "certificate has expired")
        return [
            CheckExample("relay answers with STARTTLS, AUTH and a valid certificate", status: .pass, probed(verify, .answered(good))),
            CheckExample("not probed", status: .skipped),
            CheckExample("probed, no relay", status: .skipped) { $0.relayProbe = .found([], source: "relay probe") },
            CheckExample("relay refuses this machine", status: .unknown, probed(verify, .unreachable(reason: "Connection refused"))),
            CheckExample("expired certificate under RequiredVerify", status: .fail, codes: [.relayTLSCertificateInvalid],
                         probed(verify, .answered(RelaySMTPFacts(startTLSOffered: true, authMechanisms: ["PLAIN"], certificate: expired)))),
            CheckExample("expired certificate under Preferred", status: .warn, codes: [.relayTLSCertificateInvalid],
                         probed(preferred, .answered(RelaySMTPFacts(startTLSOffered: true, authMechanisms: [], certificate: expired)))),
            CheckExample("no STARTTLS under RequiredVerify, no AUTH while required", status: .fail, codes: [.relayStartTLSMissing, .relayAuthMissing],
                         probed(verify, .answered(RelaySMTPFacts(startTLSOffered: false, authMechanisms: [], certificate: .notPresented)))),
            CheckExample("TLS handshake failed: the certificate is not known", status: .unknown,
                         probed(verify, .answered(RelaySMTPFacts(startTLSOffered: true, authMechanisms: nil, certificate: .handshakeFailed(detail: "alert 40"))))),
            CheckExample("no STARTTLS under Preferred", status: .pass,
                         probed(preferred, .answered(RelaySMTPFacts(startTLSOffered: false, authMechanisms: [], certificate: .notPresented)))),
        ]
    }
}

extension String {
    fileprivate static func startTLSMissing(_ relay: EmailRelayRecord, _ tls: String) -> String {
        "Relay \(relay.host) does not offer STARTTLS, but its TLS setting \(tls) requires TLS: Salesforce cannot hand it mail"
    }
    fileprivate static func certificateInvalid(_ relay: EmailRelayRecord, _ problem: SMTPCertificateProblem, _ tls: String, blocks: Bool) -> String {
        let what = switch problem {
        case .expired: "has expired"
        case .notYetValid: "is not valid yet"
        case .selfSigned: "is self-signed"
        case .untrusted: "is not from a trusted CA"
        case .nameMismatch: "does not name \(relay.host)"
        }
        return blocks
            ? "Relay \(relay.host)'s certificate \(what): with TLS RequiredVerify Salesforce does not deliver through it"
            : "Relay \(relay.host)'s certificate \(what): TLS \(tls.isEmpty ? "(unstated)" : tls) does not verify it, but a verifying setting would fail"
    }
    fileprivate static func authMissing(_ relay: EmailRelayRecord) -> String {
        "Relay \(relay.host) requires SMTP authentication in Salesforce, but its server offers no AUTH mechanism"
    }
}
