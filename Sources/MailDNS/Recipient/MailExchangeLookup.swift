/// Finds where mail for a recipient domain goes: MX (sorted by preference), null MX (RFC 7505), implicit MX
/// (RFC 5321 §5.1), missing domain; then each exchange's addresses and any link-scanning gateway among them.
/// A timeout or SERVFAIL gives `.unknown(reason:)`, never a failure.
public struct MailExchangeLookup: Sendable {
    public var resolver: any DNSResolver
    public var gateways: [LinkScannerGateway]

    public init(resolver: any DNSResolver, gateways: [LinkScannerGateway] = LinkScannerCatalog.gateways) {
        self.resolver = resolver
        self.gateways = gateways
    }

    public func check(domain rawDomain: String) async -> RecipientDomainReport {
        let domain = canonicalDomainName(rawDomain)
        let mxLookup = await resolver.lookup(domain, .mx)
        var report = RecipientDomainReport(domain: domain, route: .mailExchanges, exchanges: [], mxLookup: mxLookup)
        switch mxLookup {
        case .records(let records, _, _):
            let targets = records.compactMap { record -> (Int, String)? in
                if case .mx(let preference, let exchange) = record { return (preference, exchange) }
                return nil
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            if targets.count == 1, targets[0].1 == "." {
                report.route = .nullMX
                return report
            }
            if targets.isEmpty {
                report.route = .unknown(reason: "the MX answer for \(domain) held no MX record")
                return report
            }
            report.exchanges = await exchanges(targets.filter { $0.1 != "." }, implicit: false)
        case .noData:
            let implicit = await exchanges([(0, domain)], implicit: true)
            switch implicit.first?.addressStatus {
            case .resolved?: report.route = .implicitMX; report.exchanges = implicit
            case .noAddress?: report.route = .noMailHost
            case .unknown(let reason)?: report.route = .unknown(reason: reason); report.exchanges = implicit
            case nil: report.route = .noMailHost
            }
        case .nxDomain:
            report.route = .domainMissing
        case .serverFailure(let why), .refused(let why), .timeout(let why), .error(let why), .unusable(let why):
            report.route = .unknown(reason: "MX lookup for \(domain): \(why)")
        }
        return report
    }

    /// Looks up every exchange's A and AAAA at once.
    private func exchanges(_ targets: [(Int, String)], implicit: Bool) async -> [MailExchange] {
        await withTaskGroup(of: (Int, MailExchange).self) { group in
            for (index, (preference, host)) in targets.enumerated() {
                group.addTask {
                    async let v4 = resolver.lookup(host, .a)
                    async let v6 = resolver.lookup(host, .aaaa)
                    let (a, aaaa) = await (v4, v6)
                    return (index, MailExchange(
                        host: host, preference: preference, isImplicit: implicit,
                        addresses: a.records.map(Self.address) + aaaa.records.map(Self.address),
                        addressStatus: Self.addressStatus(host, a, aaaa),
                        linkScanner: LinkScannerCatalog.match(exchange: host, in: gateways)))
                }
            }
            var found: [(Int, MailExchange)] = []
            for await item in group { found.append(item) }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private static func address(_ record: DNSRecord) -> String {
        switch record {
        case .a(let address), .aaaa(let address): return address
        default: return "\(record)"
        }
    }

    private static func addressStatus(_ host: String, _ a: DNSLookupResult, _ aaaa: DNSLookupResult) -> ExchangeAddressStatus {
        if !a.records.isEmpty || !aaaa.records.isEmpty { return .resolved }
        if a.isDefinite && aaaa.isDefinite { return .noAddress }
        let failed = [("A", a), ("AAAA", aaaa)].filter { !$0.1.isDefinite }.map { "\($0.0): \($0.1)" }
        return .unknown(reason: "addresses of \(host) unknown (\(failed.joined(separator: "; ")))")
    }
}
