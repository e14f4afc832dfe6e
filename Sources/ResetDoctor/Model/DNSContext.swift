import Foundation
import MailDNS

/// What the DNS checks look up through, and what the user told us about the sender.
public struct DNSContext: Sendable {
    /// Every lookup goes through this seam: zone-file replay, the live libldns resolver, or a table in tests.
    public var resolver: any DNSResolver
    /// How the answers are obtained, for reasons and evidence: "dns/ zone files of the bundle", "live DNS (127.0.0.1:5300)".
    public var description: String
    /// Sender domains given with `--sender-domain`; when empty, the checks derive them from the evidence.
    public var senderDomains: [String]
    /// An IP address given with `--sender-ip` to evaluate SPF for, instead of checking for Salesforce's include.
    public var senderIP: String?

    public init(resolver: any DNSResolver, description: String, senderDomains: [String] = [], senderIP: String? = nil) {
        self.resolver = resolver; self.description = description
        self.senderDomains = senderDomains; self.senderIP = senderIP
    }
}
