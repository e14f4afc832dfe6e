import Foundation
import MailDNS

/// Everything `resetdoctor dns check` found about one domain: where its mail goes, its SPF tree, its DMARC policy and
/// the DKIM keys of the selectors asked for, with the problems judged from them. Every part is present whatever the
/// outcome; a part that could not be looked up says so in its own status.
public struct DomainDNSReport: Sendable, Equatable {
    public var name: MailDomainName
    public var mail: RecipientDomainReport
    public var spf: SPFAnalysis
    public var dmarc: DMARCPolicyDiscovery
    /// One per `--dkim-selector`, in the order given.
    public var dkim: [DKIMKeyLookup]
    public var problems: [DomainDNSProblem]

    public init(name: MailDomainName, mail: RecipientDomainReport, spf: SPFAnalysis, dmarc: DMARCPolicyDiscovery, dkim: [DKIMKeyLookup]) {
        self.name = name
        self.mail = mail
        self.spf = spf
        self.dmarc = dmarc
        self.dkim = dkim
        problems = DomainDNSProblem.judge(mail: mail, spf: spf, dmarc: dmarc, dkim: dkim)
    }

    public var status: DomainDNSStatus {
        if problems.contains(where: { $0.kind == .finding }) { return .findings }
        if problems.contains(where: { $0.kind == .unknown }) { return .incomplete }
        return .ok
    }
}

public enum DomainDNSStatus: String, Sendable {
    case ok, findings, incomplete
}

/// One thing wrong (or not knowable) about a domain. `code` is stable for scripts.
public struct DomainDNSProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A definite problem: exit 1.
        case finding
        /// A lookup gave no answer (timeout, SERVFAIL): exit 2 unless there are findings.
        case unknown
        /// Worth knowing, changes no exit code (a link-scanning gateway, testing mode).
        case info
    }

    public var code: String
    public var kind: Kind
    public var message: String

    public init(_ code: String, _ kind: Kind, _ message: String) {
        self.code = code
        self.kind = kind
        self.message = message
    }
}
