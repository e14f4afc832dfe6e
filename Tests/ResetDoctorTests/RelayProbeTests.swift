import Foundation
import Salesforce
import SalesforceAPI
import Testing
@testable import ResetDoctor
@testable import TestSupport

/// The relay probe against a real SMTP server on 127.0.0.1 (scripts/test_smtp_server.py) with the test CA's
/// certificates, through libcurl, then the relay.probe check on what it found.
@Suite("Relay probe over SMTP (live, loopback)", .serialized)
struct RelayProbeLiveTests {
    static func relay(port: Int, tls: String = "RequiredVerify", auth: Bool = true) -> EmailRelayRecord {
        EmailRelayRecord(id: "0MZ1", host: "127.0.0.1", port: String(port), tlsSetting: tls, isRequireAuth: auth)
    }

    /// Probes `relay` (trusting the test CA) and runs the check on the result.
    static func probe(_ relay: EmailRelayRecord) async throws -> (RelayProbeResult, CheckOutcome) {
        var evidence = Evidence.healthyExample
        evidence.emailRelays = .found([relay], source: "email-relays.json")
        await RelayProber(caFile: SMTPTestServer.testCA, connectTimeout: 5, totalTimeout: 15).apply(to: &evidence.orgPart)
        let result = try #require(evidence.relayProbe.value?.first)
        return (result, try await RelayProbeCheck().run(evidence))
    }

    static func facts(_ result: RelayProbeResult) throws -> RelaySMTPFacts {
        guard case .answered(let facts) = result.outcome else { throw CheckCannotRun(reason: "not answered: \(result.outcome)") }
        return facts
    }

    @Test func goodCertificateWithStartTLSAndAuthPasses() async throws {
        try await withSMTPServer(certificate: "good", auth: "PLAIN LOGIN") { server in
            let (result, outcome) = try await Self.probe(Self.relay(port: server.port))
            let facts = try Self.facts(result)
            #expect(facts.startTLSOffered)
            #expect(facts.certificate == .valid)
            #expect(facts.authMechanisms == ["PLAIN", "LOGIN"])
            #expect(outcome.status == .pass, "\(outcome.reason)")
        }
    }

    @Test(arguments: [("expired", SMTPCertificateProblem.expired), ("wrong-name", .nameMismatch), ("self-signed", .selfSigned)])
    func badCertificateFailsUnderRequiredVerify(certificate: String, problem: SMTPCertificateProblem) async throws {
        try await withSMTPServer(certificate: certificate, auth: "PLAIN") { server in
            let (result, outcome) = try await Self.probe(Self.relay(port: server.port))
            let facts = try Self.facts(result)
            guard case .invalid(let seen, _) = facts.certificate else {
                Issue.record("certificate verdict \(facts.certificate)"); return
            }
            #expect(seen == problem)
            // The second, unverified conversation still reads AUTH inside TLS: no false relay.auth-missing.
            #expect(facts.authMechanisms == ["PLAIN"])
            #expect(outcome.status == .fail)
            #expect(outcome.findings.map(\.code) == [.relayTLSCertificateInvalid])
            #expect(outcome.findings.first?.confidence == .confirmed)
        }
    }

    @Test func expiredCertificateOnlyWarnsUnderPreferred() async throws {
        try await withSMTPServer(certificate: "expired") { server in
            let (_, outcome) = try await Self.probe(Self.relay(port: server.port, tls: "Preferred", auth: false))
            #expect(outcome.status == .warn)
            #expect(outcome.findings.map(\.code) == [.relayTLSCertificateInvalid])
        }
    }

    @Test func startTLSNotOfferedFailsUnderRequired() async throws {
        try await withSMTPServer(certificate: "good", offerStartTLS: false, auth: "PLAIN") { server in
            let (result, outcome) = try await Self.probe(Self.relay(port: server.port, tls: "Required"))
            let facts = try Self.facts(result)
            #expect(!facts.startTLSOffered)
            #expect(facts.certificate == .notPresented)
            #expect(outcome.status == .fail)
            #expect(outcome.findings.map(\.code) == [.relayStartTLSMissing])
        }
    }

    @Test func authMissingFailsWhenRequired() async throws {
        try await withSMTPServer(certificate: "good", auth: "") { server in
            let (result, outcome) = try await Self.probe(Self.relay(port: server.port))
            #expect(try Self.facts(result).authMechanisms == [])
            #expect(outcome.status == .fail)
            #expect(outcome.findings.map(\.code) == [.relayAuthMissing])
        }
    }

    @Test func connectionRefusedIsUnknownNotAFailure() async throws {
        let port = Int(try #require(LoopbackSocket.freePort()))
        let (result, outcome) = try await Self.probe(Self.relay(port: port))
        guard case .unreachable = result.outcome else { Issue.record("outcome \(result.outcome)"); return }
        #expect(outcome.status == .unknown)
        #expect(outcome.findings.isEmpty)
        #expect(outcome.reason.contains("may refuse this machine"))
    }
}

/// The probe's reading of a conversation, from recorded transcripts (no network).
struct RelayProbeRecordedTests {
    @Test func authCountsOnlyInsideTLSWhenTLSIsOffered() async {
        let host = "smtp.acme.example"
        let handshakeFailed = SMTPSessionTranscript(
            replies: ["220 hi", "250-smtp.acme.example", "250-AUTH PLAIN", "250 STARTTLS", "220 go ahead"],
            failure: .tls("SSL connect error"))
        let runner = RecordedSMTPSessionRunner([.init(host: host, port: 587, verifyCertificate: true): handshakeFailed])
        let relay = EmailRelayRecord(id: "0MZ1", host: host, port: "587", tlsSetting: "RequiredVerify", isRequireAuth: true)
        let result = await RelayProber(runner: runner).probe(relay)
        #expect(result.outcome == .answered(RelaySMTPFacts(
            startTLSOffered: true, authMechanisms: nil, certificate: .handshakeFailed(detail: "SSL connect error"))))
    }

    @Test func nothingToProbeWithoutTheRelayList() async {
        var evidence = Evidence.healthyExample
        evidence.emailRelays = .missing(reason: "email-relays.json is not in the evidence")
        await RelayProber(runner: RecordedSMTPSessionRunner([:])).apply(to: &evidence.orgPart)
        #expect(evidence.relayProbe.missingReason?.hasPrefix("not probed") == true)
    }
}
