/// An MX host that belongs to a link-scanning gateway.
public struct LinkScannerMatch: Sendable, Equatable, Hashable {
    public var exchange: String
    public var matchedSuffix: String
    public var gateway: LinkScannerGateway
}

extension LinkScannerCatalog {
    /// The gateway `host` belongs to, by MX host suffix (whole labels only: `evilmimecast.com` is not Mimecast).
    public static func match(exchange host: String, in gateways: [LinkScannerGateway] = gateways) -> LinkScannerMatch? {
        let name = canonicalDomainName(host)
        for gateway in gateways {
            for suffix in gateway.mxSuffixes where name == suffix || name.hasSuffix("." + suffix) {
                return LinkScannerMatch(exchange: name, matchedSuffix: suffix, gateway: gateway)
            }
        }
        return nil
    }
}
