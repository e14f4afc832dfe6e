import ArgumentParser
import Foundation
import MailDNS
import ResetDoctor

/// `--nameserver` and `--no-dns` for every command that looks anything up in DNS.
struct NameserverOption: ParsableArguments {
    @Option(help: ArgumentHelp("The DNS server to ask (IP address, optional port); default: the system resolver.", valueName: "HOST[:PORT]"))
    var nameserver: String?

    @Option(help: ArgumentHelp("Seconds to wait for each DNS answer.", valueName: "SECONDS"))
    var dnsTimeout: Double = 3

    func validate() throws {
        if let nameserver {
            do { _ = try NameserverAddress(parsing: nameserver) }
            catch { throw ValidationError("--nameserver \(nameserver): \(error). Give an IP address, e.g. 127.0.0.1:5353 or [::1]:53.") }
        }
        guard dnsTimeout > 0, dnsTimeout <= 60 else { throw ValidationError("--dns-timeout must be between 0 and 60 seconds.") }
    }

    /// A live libldns resolver; a system resolver that cannot be set up is a usage problem (64) with what to do.
    func liveResolver() throws -> LdnsResolver {
        do { return try LdnsResolver(nameserver: nameserver, timeout: dnsTimeout, retries: 1) }
        catch { throw CLIErrors.usage("\(error)") }
    }

    var liveDescription: String { "live DNS via " + (nameserver ?? "the system resolver") }

    /// A live resolver's DNS context: the report names the nameserver and when the lookups began.
    func liveContext() throws -> DNSContext { DNSContext.live(try liveResolver(), chosenBy: nameserver) }
}

/// How `diagnose` does its DNS checks.
struct DiagnoseDNSOptions: ParsableArguments {
    @OptionGroup var nameserver: NameserverOption

    @Flag(help: "Do no DNS lookups: the DNS checks report unknown.")
    var noDNS = false

    @Flag(help: "Look DNS up live instead of replaying the bundle's recorded answers (dns/*.zone); without it, a bundle without dns/ has no DNS answers.")
    var liveDNS = false

    @Option(name: .customLong("sender-domain"), help: ArgumentHelp("A domain the reset mail is sent from, to check its SPF, DMARC and DKIM (repeatable).", valueName: "DOMAIN"))
    var senderDomains: [String] = []

    @Option(help: ArgumentHelp("Evaluate SPF for this sending IP address instead of looking for Salesforce's include.", valueName: "IP"))
    var senderIP: String?

    func validate() throws {
        if noDNS && (liveDNS || nameserver.nameserver != nil) { throw ValidationError("--no-dns cannot be combined with --live-dns or --nameserver.") }
        if let senderIP, !IPAddressText.isValid(senderIP) { throw ValidationError("--sender-ip \(senderIP) is not an IPv4 or IPv6 address.") }
    }

    /// A replay (`replaying`: a bundle or demo) answers DNS from the bundle's dns/ or from nothing, so it gives the
    /// same report any day; `--live-dns` or `--nameserver` look up live instead. A live org is looked up live.
    func apply(to evidence: inout Evidence, replaying: Bool) throws {
        try apply(to: &evidence.orgPart, replaying: replaying)
    }

    /// The same for the org part alone (a scan's).
    func apply(to evidence: inout OrgEvidence, replaying: Bool) throws {
        if noDNS {
            evidence.dns = .missing(reason: "DNS lookups are off (--no-dns)")
            return
        }
        var context: DNSContext
        if replaying && !liveDNS && nameserver.nameserver == nil {
            guard let recorded = evidence.dns.value else { return }  // no dns/: missing, with the bundle's reason
            context = recorded
        } else {
            context = try nameserver.liveContext()
        }
        context.senderDomains = senderDomains.map { $0.lowercased() }
        context.senderIP = senderIP
        evidence.dns = .found(context, source: context.description)
    }
}

enum IPAddressText {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
