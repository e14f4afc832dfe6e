/// How mail for a recipient domain is routed. `.unknown` (timeout, SERVFAIL, …) is never a failure.
public enum RecipientMailRoute: Sendable, Equatable {
    /// MX records name the exchanges.
    case mailExchanges
    /// No MX records: mail goes to the domain's own A/AAAA (RFC 5321 §5.1).
    case implicitMX
    /// A single `MX 0 .`: the domain accepts no mail (RFC 7505).
    case nullMX
    /// No MX and no A/AAAA: nowhere to deliver.
    case noMailHost
    /// NXDOMAIN: the domain does not exist.
    case domainMissing
    case unknown(reason: String)
}

/// Whether an exchange's addresses could be found.
public enum ExchangeAddressStatus: Sendable, Equatable {
    case resolved
    /// Both A and AAAA gave NXDOMAIN or NODATA.
    case noAddress
    case unknown(reason: String)
}

/// One mail exchange and its addresses.
public struct MailExchange: Sendable, Equatable {
    public var host: String
    public var preference: Int
    /// True for the domain itself standing in as its implicit MX.
    public var isImplicit: Bool
    public var addresses: [String]
    public var addressStatus: ExchangeAddressStatus
    public var linkScanner: LinkScannerMatch?
}

/// Everything the recipient-domain check found. Every field is present whatever the outcome.
public struct RecipientDomainReport: Sendable, Equatable {
    public var domain: String
    public var route: RecipientMailRoute
    /// Sorted by preference, then host name.
    public var exchanges: [MailExchange]
    /// The MX answer as seen (for evidence lines).
    public var mxLookup: DNSLookupResult

    /// Exchanges whose addresses do not exist (definite NXDOMAIN/NODATA for both A and AAAA).
    public var unresolvableExchanges: [String] {
        exchanges.filter { $0.addressStatus == .noAddress }.map(\.host)
    }

    /// The link-scanning gateways among the exchanges, one per gateway, in exchange order.
    public var linkScanners: [LinkScannerMatch] {
        var seen: Set<LinkScannerGateway> = []
        return exchanges.compactMap(\.linkScanner).filter { seen.insert($0.gateway).inserted }
    }

    /// Whether mail can reach the domain, as far as DNS says: nil when DNS did not say.
    public var acceptsMail: Bool? {
        switch route {
        case .mailExchanges, .implicitMX:
            if exchanges.contains(where: { $0.addressStatus == .resolved }) { return true }
            if exchanges.allSatisfy({ $0.addressStatus == .noAddress }) { return false }
            return nil
        case .nullMX, .noMailHost, .domainMissing: return false
        case .unknown: return nil
        }
    }
}
