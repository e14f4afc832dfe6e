import Foundation
import MailDNS

/// The JSON form of one domain. Every key is always present; absent values are null and lists are [].
extension DomainDNSReport {
    public var json: ReportJSON {
        .object([
            "input": .string(name.input),
            "domain": .string(name.ascii),
            "unicodeDomain": .string(name.unicode),
            "status": .string(status.rawValue),
            "problems": .array(problems.map { .object(["code": .string($0.code), "kind": .string($0.kind.rawValue), "message": .string($0.message)]) }),
            "mx": mail.json,
            "spf": spf.json,
            "dmarc": dmarc.json,
            "dkim": .array(dkim.map(\.json)),
        ])
    }
}

extension RecipientDomainReport {
    var json: ReportJSON {
        .object([
            "route": .string(route.word),
            "reason": .optional(route.reason),
            "acceptsMail": .optional(acceptsMail),
            "exchanges": .array(exchanges.map(\.json)),
            "linkScanners": .array(linkScanners.map(\.json)),
        ])
    }
}

extension RecipientMailRoute {
    /// A stable word for scripts.
    public var word: String {
        switch self {
        case .mailExchanges: return "mx"
        case .implicitMX: return "implicit-mx"
        case .nullMX: return "null-mx"
        case .noMailHost: return "no-mail-host"
        case .domainMissing: return "nxdomain"
        case .unknown: return "unknown"
        }
    }

    var reason: String? {
        if case .unknown(let reason) = self { return reason }
        return nil
    }
}

extension MailExchange {
    var json: ReportJSON {
        let status: String
        switch addressStatus {
        case .resolved: status = "resolved"
        case .noAddress: status = "no-address"
        case .unknown: status = "unknown"
        }
        return .object([
            "host": .string(host), "preference": .int(preference), "implicit": .bool(isImplicit),
            "addresses": .strings(addresses), "addressStatus": .string(status),
            "linkScanner": linkScanner.map(\.json) ?? .null,
        ])
    }
}

extension LinkScannerMatch {
    var json: ReportJSON {
        .object(["exchange": .string(exchange), "vendor": .string(gateway.vendor), "product": .string(gateway.product), "note": .string(gateway.note)])
    }
}

extension SPFAnalysis {
    var json: ReportJSON {
        .object([
            "status": .string(tree.status.word),
            "record": .optional(tree.record),
            "dnsLookups": .int(dnsLookupCount),
            "voidLookups": .int(voidLookupCount),
            "mxHostLookups": .int(mxHostLookupCount),
            "lookupLimit": .int(limits.dnsQueryingTerms),
            "limitCrossing": limitCrossing.map { crossing in
                .object([
                    "include": .string(crossing.topLevelTerm), "term": .string(crossing.term),
                    "domain": .string(crossing.domain), "count": .int(crossing.count), "path": .strings(crossing.path),
                ])
            } ?? .null,
            "authorizesSalesforce": .bool(authorizesSalesforce),
            "warnings": .strings(warnings.map(\.description)),
        ])
    }
}

extension SPFIncludeTree.Status {
    var word: String {
        switch self {
        case .found: return "found"
        case .noRecord: return "none"
        case .noSuchDomain: return "nxdomain"
        case .multipleRecords: return "multiple-records"
        case .syntaxError: return "syntax-error"
        case .dnsFailure: return "dns-failure"
        case .loop: return "loop"
        case .notFollowed: return "not-followed"
        }
    }
}

extension DMARCPolicyDiscovery {
    var statusWord: String {
        if dnsFailure != nil { return "dns-failure" }
        return recordFound ? "found" : "none"
    }

    var json: ReportJSON {
        .object([
            "status": .string(statusWord),
            "recordDomain": .optional(recordDomain),
            "record": .optional(record?.text),
            "policy": .optional(policy?.rawValue),
            "appliedTag": .optional(appliedTag?.rawValue),
            "testing": .bool(testing),
            "organizationalDomain": .string(organizationalDomain),
            "dnsFailure": .optional(dnsFailure),
        ])
    }
}

extension DKIMKeyLookup {
    var json: ReportJSON {
        .object([
            "selector": .string(selector),
            "queryName": .string(queryName),
            "status": .string(status.word),
            "cnameChain": .strings(cnameChain),
            "salesforceHosted": .bool(isSalesforceHosted),
            "keyType": .optional(record?.keyType.word),
            "keyBits": .optional(keySize?.bits),
            "summary": .string(summary),
        ])
    }
}

extension DKIMKeyRecord.KeyType {
    var word: String {
        switch self {
        case .rsa: return "rsa"
        case .ed25519: return "ed25519"
        case .other(let name): return name
        }
    }
}

extension DKIMKeyLookup.Status {
    /// Kebab-case like the other status words of the document.
    var word: String {
        switch self {
        case .found: return "found"
        case .revoked: return "revoked"
        case .missing: return "missing"
        case .noSuchName: return "no-such-name"
        case .invalidRecord: return "invalid-record"
        case .dnsFailure: return "dns-failure"
        }
    }
}
