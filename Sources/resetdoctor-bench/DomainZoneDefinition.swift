/// The zones nsd serves for the domain benchmark: `count` sender domains, each with two MX hosts (or the shared
/// provider's), an SPF record with an include, and a DMARC record; a provider zone for the include; and `test.`
/// itself so the DMARC tree walk's parent queries get NXDOMAIN instead of REFUSED.
enum DomainZoneDefinition {
    static let providerZone = "mailhost.test"

    static func workload(count: Int) -> DomainWorkload {
        var zones: [String: [String: RecordSet]] = [
            "test": ["test": RecordSet()],
            providerZone: [
                providerZone: RecordSet(A: ["198.51.100.1"]),
                "_spf.\(providerZone)": RecordSet(TXT: [["v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:100::/48 ~all"]]),
                "mx.\(providerZone)": RecordSet(A: ["198.51.100.25"], AAAA: ["2001:db8:100::25"]),
            ],
        ]
        var checked: [String] = []
        let policies = ["reject", "quarantine", "none"]
        for index in 1...count {
            let domain = "shop\(index < 10 ? "0" : "")\(index).test"
            checked.append(domain)
            let octet = String(index)
            var records: [String: RecordSet] = [:]
            if index % 5 == 0 {
                // Hosted mail: the provider's MX and only its include.
                records[domain] = RecordSet(
                    TXT: [["v=spf1 include:_spf.\(providerZone) -all"]], A: ["192.0.2.\(octet)"],
                    MX: [MailExchangeValue(preference: 10, exchange: "mx.\(providerZone)")])
            } else {
                records[domain] = RecordSet(
                    TXT: [["v=spf1 mx a include:_spf.\(providerZone) ip4:203.0.113.\(octet) ~all"],
                          ["site-verification=\(domain)"]],
                    A: ["192.0.2.\(octet)"],
                    MX: [MailExchangeValue(preference: 10, exchange: "mx1.\(domain)"),
                         MailExchangeValue(preference: 20, exchange: "mx2.\(domain)")])
                records["mx1.\(domain)"] = RecordSet(A: ["192.0.2.\(octet)"], AAAA: ["2001:db8::\(octet)"])
                records["mx2.\(domain)"] = RecordSet(A: ["198.51.100.\(octet)"])
            }
            records["_dmarc.\(domain)"] = RecordSet(
                TXT: [["v=DMARC1; p=\(policies[index % 3]); rua=mailto:dmarc@\(domain); adkim=r; aspf=r"]])
            zones[domain] = records
        }
        return DomainWorkload(checked: checked, zones: zones)
    }
}
