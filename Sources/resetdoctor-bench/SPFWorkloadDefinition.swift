/// The SPF benchmark's records and cases: a realistic company record (mx, a:, two includes, one of them nested),
/// a redirect, ip4/ip6 ranges, an exists: macro, and the broken shapes admins meet (no record, include of a missing
/// name, two records, bad syntax). The includes come first, as in most real records,
/// so a match on mx or a:, or a fail, costs six to ten lookups.
enum SPFWorkloadDefinition {
    static let workload = SPFWorkload(dns: dns, cases: cases)

    private static func txt(_ records: String...) -> RecordSet { RecordSet(TXT: records.map { [$0] }) }

    static let dns: [String: RecordSet] = [
        "acme.test": RecordSet(
            TXT: [["v=spf1 include:_spf.mailhost.test include:_spf.crm.test mx a:relay.acme.test -all"],
                  ["google-site-verification=bench-acme"]],
            MX: [MailExchangeValue(preference: 10, exchange: "mx1.acme.test"),
                 MailExchangeValue(preference: 20, exchange: "mx2.acme.test")]),
        "mx1.acme.test": RecordSet(A: ["192.0.2.10"]),
        "mx2.acme.test": RecordSet(A: ["192.0.2.11"], AAAA: ["2001:db8:a::11"]),
        "relay.acme.test": RecordSet(A: ["192.0.2.25"], AAAA: ["2001:db8:a::25"]),
        // A large provider's shape: one include name that fans out to its netblocks.
        "_spf.mailhost.test": txt("v=spf1 include:_netblocks.mailhost.test include:_netblocks6.mailhost.test ~all"),
        "_netblocks.mailhost.test": txt("v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.0/25 ~all"),
        "_netblocks6.mailhost.test": txt("v=spf1 ip6:2001:db8:100::/48 ~all"),
        "_spf.crm.test": txt("v=spf1 ip4:192.0.2.64/26 include:_spf.crm-extra.test -all"),
        "_spf.crm-extra.test": txt("v=spf1 ip4:100.64.10.0/24 ip6:2001:db8:200::/40 -all"),
        "globex.test": txt("v=spf1 ip4:203.0.113.128/25 redirect=acme.test"),
        "initech.test": RecordSet(
            TXT: [["v=spf1 a mx include:_spf.mailhost.test ?all"]], A: ["192.0.2.40"],
            MX: [MailExchangeValue(preference: 10, exchange: "mail.initech.test")]),
        "mail.initech.test": RecordSet(A: ["192.0.2.41"]),
        "softco.test": RecordSet(TXT: [["v=spf1 include:_spf.crm.test", " ~all"], ["MS=ms-bench-softco"]]),
        "ip6shop.test": txt("v=spf1 ip6:2001:db8:abcd::/48 a:v6.ip6shop.test//64 -all"),
        "v6.ip6shop.test": RecordSet(AAAA: ["2001:db8:beef::1"]),
        "allowlist.test": txt("v=spf1 exists:%{i}._ip.allowlist.test -all"),
        "192.0.2.77._ip.allowlist.test": RecordSet(A: ["127.0.0.2"]),
        "nospf.test": txt("apple-domain-verification=bench"),
        "broken.test": txt("v=spf1 include:missing.test -all"),
        "double.test": txt("v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 ip4:198.51.100.0/24 -all"),
        "badsyntax.test": txt("v=spf1 ip4:192.0.2.300 -all"),
    ]

    private static func at(_ domain: String, _ ip: String, _ expected: String, local: String = "billing") -> SPFCase {
        SPFCase(ip: ip, sender: "\(local)@\(domain)", helo: "mail.sender.test", domain: domain, expected: expected)
    }

    static let cases: [SPFCase] = [
        at("acme.test", "192.0.2.10", "pass"),
        at("acme.test", "192.0.2.11", "pass", local: "noreply"),
        at("acme.test", "2001:db8:a::11", "pass"),
        at("acme.test", "192.0.2.25", "pass"),
        at("acme.test", "198.51.100.7", "pass", local: "Support"),
        at("acme.test", "2001:db8:100::5", "pass"),
        at("acme.test", "192.0.2.70", "pass"),
        at("acme.test", "100.64.10.9", "pass"),
        at("acme.test", "203.0.113.200", "fail"),
        at("acme.test", "2001:db8:ffff::1", "fail"),
        SPFCase(ip: "192.0.2.10", sender: "", helo: "acme.test", domain: "acme.test", expected: "pass"),
        at("globex.test", "203.0.113.200", "pass"),
        at("globex.test", "192.0.2.10", "pass"),
        at("globex.test", "10.1.2.3", "fail"),
        at("initech.test", "192.0.2.40", "pass"),
        at("initech.test", "192.0.2.41", "pass"),
        at("initech.test", "198.51.100.99", "pass"),
        at("initech.test", "192.0.2.99", "neutral"),
        at("softco.test", "192.0.2.65", "pass"),
        at("softco.test", "100.64.10.200", "pass"),
        at("softco.test", "192.0.2.1", "softfail"),
        at("softco.test", "2001:db8:200:1::1", "pass"),
        at("softco.test", "203.0.113.5", "softfail"),
        at("ip6shop.test", "2001:db8:abcd:12::1", "pass"),
        at("ip6shop.test", "2001:db8:beef::abcd", "pass"),
        at("ip6shop.test", "2001:db8:bee0::1", "fail"),
        at("ip6shop.test", "192.0.2.1", "fail"),
        at("allowlist.test", "192.0.2.77", "pass"),
        at("allowlist.test", "192.0.2.78", "fail"),
        at("nospf.test", "192.0.2.1", "none"),
        at("broken.test", "192.0.2.1", "permerror"),
        at("double.test", "192.0.2.1", "permerror"),
        at("badsyntax.test", "192.0.2.1", "permerror"),
        at("acme.test", "192.0.2.12", "fail", local: "alerts"),
        at("acme.test", "192.0.2.26", "fail", local: "hr"),
        at("acme.test", "2001:db8:a::25", "pass", local: "it"),
        at("acme.test", "203.0.113.129", "fail", local: "sales"),
        at("globex.test", "192.0.2.25", "pass", local: "news"),
        at("globex.test", "2001:db8:a::26", "fail", local: "news"),
        at("globex.test", "192.0.2.11", "pass", local: "ops"),
    ]
}
