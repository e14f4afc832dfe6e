/// What `<selector>._domainkey.<domain>` holds.
public struct DKIMKeyLookup: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case found
        /// p= is empty: the key was deliberately withdrawn.
        case revoked
        /// The name exists but has no TXT record (or only a CNAME whose target has none).
        case missing
        /// NXDOMAIN: nothing is published under the selector.
        case noSuchName
        /// A TXT record is there but it is not a usable key record.
        case invalidRecord
        case dnsFailure
    }

    public var selector: String
    public var domain: String
    public var queryName: String
    public var status: Status
    /// CNAME targets met, in order.
    public var cnameChain: [String]
    /// Whether the chain leads into Salesforce's DKIM hosting (…custdkim.salesforce.com).
    public var isSalesforceHosted: Bool
    public var record: DKIMKeyRecord?
    public var keySize: DKIMKeySize?
    /// How many TXT records the name has (verifiers use the first key record).
    public var recordCount: Int
    public var recordError: DKIMKeyRecordError?
    public var dnsFailure: String?

    public var summary: String {
        let host = isSalesforceHosted ? " (hosted by Salesforce via \(cnameChain.last ?? "CNAME"))" : ""
        switch status {
        case .found:
            let size = keySize.map { " \($0.bits)-bit\($0.method == .estimatedFromLength ? " (estimated)" : "")" } ?? ""
            return "DKIM key found at \(queryName)\(host):\(size) \(record.map { "\($0.keyType)" } ?? "") key"
        case .revoked: return "DKIM key at \(queryName)\(host) is revoked (empty p=)"
        case .missing:
            return isSalesforceHosted
                ? "\(queryName) points to Salesforce (\(cnameChain.last ?? "")) but no key is published there yet: activate the key in Setup > DKIM Keys"
                : "\(queryName) exists but publishes no DKIM key"
        case .noSuchName: return "No DKIM key is published at \(queryName)"
        case .invalidRecord: return "\(queryName) has a TXT record that is not a valid DKIM key: \(recordError.map { "\($0)" } ?? "unreadable")"
        case .dnsFailure: return "DKIM lookup of \(queryName) failed: \(dnsFailure ?? "DNS error")"
        }
    }
}

public struct DKIMKeyLookupService: Sendable {
    public let resolver: any DNSResolver

    public init(resolver: any DNSResolver) { self.resolver = resolver }

    public static let salesforceDKIMSuffix = "custdkim.salesforce.com"

    public static func isSalesforceHost(_ name: String) -> Bool {
        MailAuthDomain.isSameOrSubdomain(name, of: salesforceDKIMSuffix)
    }

    public func lookup(selector: String, domain: String) async -> DKIMKeyLookup {
        let domain = MailAuthDomain.normalize(domain)
        let name = "\(MailAuthDomain.normalize(selector))._domainkey.\(domain)"
        var result = DKIMKeyLookup(
            selector: selector, domain: domain, queryName: name, status: .noSuchName, cnameChain: [],
            isSalesforceHosted: false, record: nil, keySize: nil, recordCount: 0, recordError: nil, dnsFailure: nil)
        let answer = await resolver.lookup(name, .txt)
        switch answer {
        case .records(let records, _, let chain):
            result.cnameChain = chain
            let texts = records.compactMap { record -> String? in
                if case .txt(let strings) = record { return strings.joined() }
                return nil
            }
            result.recordCount = texts.count
            classify(texts, into: &result)
        case .noData, .nxDomain:
            result.status = answer == .nxDomain ? .noSuchName : .missing
            // The TXT answer drops the chain; ask for the alias itself to show where it points.
            if case .records(let records, _, _) = await resolver.lookup(name, .cname),
                case .cname(let target)? = records.first
            {
                result.cnameChain = [MailAuthDomain.normalize(target)]
                result.status = .missing
            }
        case .serverFailure(let reason), .timeout(let reason), .refused(let reason), .error(let reason), .unusable(let reason):
            result.status = .dnsFailure
            result.dnsFailure = reason
        }
        result.isSalesforceHosted = result.cnameChain.contains(where: Self.isSalesforceHost)
        return result
    }

    private func classify(_ texts: [String], into result: inout DKIMKeyLookup) {
        var firstError: DKIMKeyRecordError?
        for text in texts {
            do {
                let record = try DKIMKeyRecord.parse(text)
                result.record = record
                result.status = record.isRevoked ? .revoked : .found
                result.keySize = DKIMKeySize.of(record)
                return
            } catch {
                firstError = firstError ?? error
            }
        }
        result.status = texts.isEmpty ? .missing : .invalidRecord
        result.recordError = firstError
    }
}
