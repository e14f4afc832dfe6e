import Foundation
import Salesforce
import SalesforceAPI

/// What probing one email relay from this machine showed (`--probe-relay`).
public struct RelayProbeResult: Sendable, Equatable {
    /// The relay as the org configures it: its TLS setting and IsRequireAuth decide what the facts mean.
    public var relay: EmailRelayRecord
    public var port: Int
    public var outcome: RelayProbeOutcome

    public init(relay: EmailRelayRecord, port: Int, outcome: RelayProbeOutcome) {
        self.relay = relay; self.port = port; self.outcome = outcome
    }
}

public enum RelayProbeOutcome: Sendable, Equatable {
    /// No SMTP conversation from this machine: refused, timed out, not resolvable. Not a failure: a relay that
    /// admits only Salesforce's addresses refuses everyone else.
    case unreachable(reason: String)
    case answered(RelaySMTPFacts)
}

/// What the relay's server said about itself.
public struct RelaySMTPFacts: Sendable, Equatable {
    /// STARTTLS in the EHLO reply before TLS.
    public var startTLSOffered: Bool
    /// The AUTH mechanisms of the EHLO reply that counts (inside TLS when TLS was set up); nil when that reply
    /// was never seen (TLS offered but not completed).
    public var authMechanisms: [String]?
    public var certificate: RelayCertificateVerdict

    public init(startTLSOffered: Bool, authMechanisms: [String]?, certificate: RelayCertificateVerdict) {
        self.startTLSOffered = startTLSOffered; self.authMechanisms = authMechanisms; self.certificate = certificate
    }
}

public enum RelayCertificateVerdict: Sendable, Equatable {
    /// No TLS session: STARTTLS was not offered.
    case notPresented
    /// Chain, dates and name checked against the host.
    case valid
    case invalid(SMTPCertificateProblem, detail: String)
    /// The TLS handshake failed before any certificate could be judged.
    case handshakeFailed(detail: String)
}
