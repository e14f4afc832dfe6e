import Foundation
import SharedBasics
import MailDNS

/// What the DNS checks look up through, and what the user told us about the sender.
public struct DNSContext: Sendable {
    /// Every lookup goes through this seam: zone-file replay, the live libldns resolver, or a table in tests.
    public var resolver: any DNSResolver
    /// How the answers are obtained, for reasons and evidence: "dns/ zone files of the bundle", "live DNS (127.0.0.1:5300)".
    public var description: String
    /// Where the answers come from, for the report's header.
    public var source: DNSSource
    /// Sender domains given with `--sender-domain`; when empty, the checks derive them from the evidence.
    public var senderDomains: [String]
    /// An IP address given with `--sender-ip` to evaluate SPF for, instead of checking for Salesforce's include.
    public var senderIP: String?
    /// Each recipient domain's mail route, looked up once per run: a scan asks for it for every user of the domain.
    let recipientRoutes = RecipientRoutes()

    public init(
        resolver: any DNSResolver, description: String, source: DNSSource? = nil, senderDomains: [String] = [],
        senderIP: String? = nil
    ) {
        self.resolver = resolver; self.description = description
        self.source = source ?? DNSSource(kind: resolver is ZoneFileResolver ? .bundle : .live, description: description)
        self.senderDomains = senderDomains; self.senderIP = senderIP
    }

    /// Why no answer of this run's resolver can be believed (it denies a public suffix, or sent replies that do not
    /// answer their question); nil while nothing is wrong. Every DNS check is then unknown with this reason.
    public var trustProblem: String? { resolver.trustProblem }

    /// A live resolver's context: the source names the nameserver and the time the lookups began.
    public static func live(_ resolver: LdnsResolver, chosenBy option: String?, at time: Date = Date()) -> DNSContext {
        let server = option == nil ? "the system resolver (\(resolver.nameserverDescription))" : "the resolver at \(resolver.nameserverDescription)"
        let when = ISO8601DateFormatter().string(from: time)
        return DNSContext(
            resolver: resolver, description: "live DNS via " + (option ?? "the system resolver"),
            source: DNSSource(kind: .live, description: "looked up live from \(server) at \(when)"))
    }
}

/// Where a report's DNS answers came from: the bundle's `dns/`, a live resolver (which one, when), or none (why).
/// The same shape whatever the outcome (resetdoctor.report/1 key `dnsSource`).
public struct DNSSource: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable {
        case bundle, live, none
    }

    public var kind: Kind
    /// "looked up live from the resolver at 127.0.0.1:5300 at 2026-11-22T09:30:00Z", "recorded in the bundle's
    /// dns/ (3 zone files)", "none: the bundle holds no DNS answers; --live-dns looks them up now".
    public var description: String
    /// Why the resolver's answers are not trusted (then every DNS check is unknown with this reason); null when
    /// nothing is wrong.
    @NullWhenAbsent public var problem: String?

    public init(kind: Kind, description: String, problem: String? = nil) {
        self.kind = kind; self.description = description; self.problem = problem
    }

    /// No DNS answers, with why ("DNS lookups are off (--no-dns)").
    public static func none(_ reason: String) -> DNSSource { DNSSource(kind: .none, description: reason) }

    /// The source of `evidence`'s DNS, with the resolver's trust problem as it stands now.
    public static func of(_ dns: Gathered<DNSContext>) -> DNSSource {
        switch dns {
        case .found(let context, _):
            var source = context.source
            source.problem = context.trustProblem
            return source
        case .missing(let reason):
            return .none(reason)
        }
    }

    /// One line for a report's header: "DNS: looked up live from … · NOT TRUSTED: …".
    public var line: String {
        var text = "DNS: " + (kind == .none ? "none (\(description))" : description)
        if let problem { text += ". Not trusted: \(problem)" }
        return text
    }
}

extension KeyedDecodingContainer {
    /// A report from before `dnsSource` existed decodes as "none (not recorded)".
    func decode(_ type: DNSSource.Type, forKey key: Key) throws -> DNSSource {
        try decodeIfPresent(type, forKey: key) ?? .none("not recorded in this report")
    }
}

/// Recipient-domain reports by domain, kept for the run.
final class RecipientRoutes: Sendable {
    private let reports = Locked<[String: RecipientDomainReport]>([:])

    func report(for domain: String, resolver: any DNSResolver) async -> RecipientDomainReport {
        if let known = reports.withLock({ $0[domain] }) { return known }
        let report = await MailExchangeLookup(resolver: resolver).check(domain: domain)
        reports.withLock { $0[domain] = report }
        return report
    }
}
