import Foundation
import MailDNS

/// Runs the mail-DNS checks of `resetdoctor dns check`: domains at once, and inside one domain the MX, SPF, DMARC and
/// DKIM lookups at once (they do not depend on each other).
public struct DomainDNSChecker: Sendable {
    public var resolver: any DNSResolver
    public var dkimSelectors: [String]

    public init(resolver: any DNSResolver, dkimSelectors: [String] = []) {
        self.resolver = resolver
        self.dkimSelectors = dkimSelectors
    }

    /// Reports in the order of `domains`.
    public func check(_ domains: [MailDomainName]) async -> [DomainDNSReport] {
        await withTaskGroup(of: (Int, DomainDNSReport).self) { group in
            for (index, domain) in domains.enumerated() {
                group.addTask { (index, await check(domain)) }
            }
            var reports: [(Int, DomainDNSReport)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    public func check(_ domain: MailDomainName) async -> DomainDNSReport {
        let resolver = self.resolver
        let name = domain.ascii
        async let mail = MailExchangeLookup(resolver: resolver).check(domain: name)
        async let spf = SPFAnalyzer(resolver: resolver).analyze(domain: name)
        async let dmarc = DMARCPolicyDiscoverer(resolver: resolver).discover(authorDomain: name)
        async let dkim = dkimKeys(of: name)
        return await DomainDNSReport(name: domain, mail: mail, spf: spf, dmarc: dmarc, dkim: dkim)
    }

    private func dkimKeys(of domain: String) async -> [DKIMKeyLookup] {
        let service = DKIMKeyLookupService(resolver: resolver)
        return await withTaskGroup(of: (Int, DKIMKeyLookup).self) { group in
            for (index, selector) in dkimSelectors.enumerated() {
                group.addTask { (index, await service.lookup(selector: selector, domain: domain)) }
            }
            var keys: [(Int, DKIMKeyLookup)] = []
            for await key in group { keys.append(key) }
            return keys.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// The `--json` document of `resetdoctor dns check`.
public enum DomainDNSCheckDocument {
    public static let schema = "resetdoctor.dns-check/1"

    /// `resolverProblem`: why no answer of the resolver was believed (null when nothing is wrong).
    public static func render(_ reports: [DomainDNSReport], resolverProblem: String? = nil) -> String {
        ReportJSON.object([
            "schema": .string(schema), "domains": .array(reports.map(\.json)),
            "resolverProblem": resolverProblem.map(ReportJSON.string) ?? .null,
        ]).rendered(pretty: true) + "\n"
    }
}
