import Foundation
@testable import TestSupport

/// The zones the dns and email command tests serve with nsd. Kept as Swift strings so SwiftPM sees no stray files.
/// `test` is served too, so a name under it that no zone defines is a definite NXDOMAIN rather than REFUSED.
enum DNSTestZones {
    static func soa(_ origin: String) -> String {
        """
        $ORIGIN \(origin).
        $TTL 300
        @ IN SOA ns1.test. hostmaster.test. 2026010101 3600 600 86400 60
        @ IN NS ns1.test.

        """
    }

    static let zones: [String: String] = [
        "test": soa("test") + "ns1 IN A 127.0.0.1\n",
        // Everything right: MX with an address, SPF with Salesforce's include, DMARC p=reject, a Salesforce DKIM CNAME.
        "healthy.test": soa("healthy.test") + """
            @ IN MX 10 mx1
            mx1 IN A 192.0.2.25
            @ IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.salesforce.com -all"
            _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@healthy.test"
            s1._domainkey IN CNAME s1.abc123.custdkim.salesforce.com.
            mail IN A 192.0.2.99
            mail IN TXT "v=spf1 a -all"

            """,
        "salesforce.com": soa("salesforce.com") + """
            _spf IN TXT "v=spf1 ip4:13.110.0.0/16 ip4:136.146.0.0/15 -all"
            s1.abc123.custdkim IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxHvr1PBQv9BoFQW8OLaTueZop+T4AlaguDmX7u0VD85WQGrjFPgo7Zb6sRd4o3EabjBqSlxi3ncV9ddft+/3rHCwyEDsPV2YntV4EFLHSzNLNKmQY5heBlhwMV4LftpSqi588zle4dSs04M/+MJn1ET1QNG1" "K9xM6yfa3QVkYqc7CUmLUg2Ou4cqfdX7Ao20qd7uxQ6cEfFpx31h3SC6p0OGjc/TpRT6+bNOvoTirtM1ncIwiF+fCEs1CDvIzpnbyakEK2nPzpv/lmge8fh0H2LMIIPznGJFqtB8sgCFF1PktEhoVXOxIk+gJkrS2ayffsEqQwQYQl1kA6d9f9Ce7wIDAQAB"

            """,
        // RFC 7505 null MX; SPF and DMARC fine, so the null MX is the only finding.
        "nullmx.test": soa("nullmx.test") + """
            @ IN MX 0 .
            @ IN TXT "v=spf1 -all"
            _dmarc IN TXT "v=DMARC1; p=reject"

            """,
        // 12 SPF lookups: the include of _spf.heavy pushes the count past 10.
        "overlimit.test": soa("overlimit.test") + """
            @ IN MX 10 mx1
            mx1 IN A 192.0.2.26
            @ IN TXT "v=spf1 ip4:192.0.2.1 include:_spf.light.overlimit.test include:_spf.heavy.overlimit.test -all"
            _spf.light IN TXT "v=spf1 a:x1.overlimit.test -all"
            _spf.heavy IN TXT "v=spf1 a:x1.overlimit.test a:x2.overlimit.test a:x3.overlimit.test a:x4.overlimit.test a:x5.overlimit.test a:x6.overlimit.test a:x7.overlimit.test a:x8.overlimit.test a:x9.overlimit.test -all"
            x1 IN A 192.0.2.51
            x2 IN A 192.0.2.52
            x3 IN A 192.0.2.53
            x4 IN A 192.0.2.54
            x5 IN A 192.0.2.55
            x6 IN A 192.0.2.56
            x7 IN A 192.0.2.57
            x8 IN A 192.0.2.58
            x9 IN A 192.0.2.59
            _dmarc IN TXT "v=DMARC1; p=quarantine"

            """,
        // SPF results for `dns spf`: softfail and a record with a syntax error (permerror).
        "soft.test": soa("soft.test") + """
            @ IN MX 10 mx1.healthy.test.
            @ IN TXT "v=spf1 ip4:192.0.2.0/24 ~all"

            """,
        "badspf.test": soa("badspf.test") + """
            @ IN MX 10 mx1.healthy.test.
            @ IN TXT "v=spf1 ip4:192.0.2.0/24 frobnicate:x -all"

            """,
        // An internationalized domain (bücher.test) and a domain behind Microsoft's link-scanning gateway.
        "xn--bcher-kva.test": soa("xn--bcher-kva.test") + """
            @ IN MX 10 mx1.healthy.test.

            """,
        "scanned.test": soa("scanned.test") + """
            @ IN MX 10 scanned-test.mail.protection.outlook.com.

            """,
        "mail.protection.outlook.com": soa("mail.protection.outlook.com") + """
            scanned-test IN A 192.0.2.40

            """,
    ]

    /// nsd serving every zone above, plus broken.test whose zone file is missing (SERVFAIL for every name in it).
    static func withServer<T>(_ body: (NSDServer) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rd-dnscli-zones-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var served: [NSDZone] = []
        for (name, text) in zones.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent("\(name).zone")
            try Data(text.utf8).write(to: file)
            served.append(NSDZone(name: name, file: file))
        }
        served.append(NSDZone(name: "broken.test", file: nil))
        return try await withNSD(zones: served, body)
    }
}
