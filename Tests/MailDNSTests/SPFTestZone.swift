@testable import MailDNS

/// A compact way to write DNS tables for SPF, DMARC and DKIM tests.
struct SPFTestZone {
    var answers: [String: [DNSRecordType: DNSLookupResult]] = [:]

    private func adding(_ name: String, _ type: DNSRecordType, _ records: [DNSRecord]) -> SPFTestZone {
        var copy = self
        let key = name.lowercased()
        var existing = copy.answers[key]?[type]?.records ?? []
        existing += records
        copy.answers[key, default: [:]][type] = .records(existing, ttl: 300, cnameChain: [])
        return copy
    }

    /// One TXT record per argument; pass an array to split one record into several strings.
    func txt(_ name: String, _ texts: String...) -> SPFTestZone { adding(name, .txt, texts.map { .txt([$0]) }) }
    func txtStrings(_ name: String, _ strings: [String]) -> SPFTestZone { adding(name, .txt, [.txt(strings)]) }
    func a(_ name: String, _ ips: String...) -> SPFTestZone { adding(name, .a, ips.map { .a($0) }) }
    func aaaa(_ name: String, _ ips: String...) -> SPFTestZone { adding(name, .aaaa, ips.map { .aaaa($0) }) }
    func mx(_ name: String, _ hosts: (Int, String)...) -> SPFTestZone {
        adding(name, .mx, hosts.map { .mx(preference: $0.0, exchange: $0.1) })
    }
    func ptr(_ name: String, _ targets: String...) -> SPFTestZone { adding(name, .ptr, targets.map { .ptr($0) }) }
    /// Any lookup result at all (SERVFAIL, timeout, NODATA, NXDOMAIN, records with a CNAME chain).
    func answer(_ name: String, _ type: DNSRecordType, _ result: DNSLookupResult) -> SPFTestZone {
        var copy = self
        copy.answers[name.lowercased(), default: [:]][type] = result
        return copy
    }
    /// A name that exists (answers NODATA for every type) without records.
    func exists(_ name: String) -> SPFTestZone {
        var copy = self
        if copy.answers[name.lowercased()] == nil { copy.answers[name.lowercased()] = [:] }
        return copy
    }

    var resolver: InMemoryResolver { InMemoryResolver(answers) }
}
