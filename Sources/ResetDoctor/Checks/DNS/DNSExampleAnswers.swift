import Foundation
import MailDNS

/// The DNS of the healthy example ticket (acme.example), as an in-memory table: an MX with an address, SPF that
/// includes Salesforce, DMARC p=quarantine, and DKIM selectors sf1/sf2 as CNAMEs to Salesforce's custdkim hosts.
/// Names not in the table answer NXDOMAIN.
enum DNSExampleAnswers {
    static let spf = "v=spf1 mx include:_spf.salesforce.com ~all"
    static let salesforceSPF = "v=spf1 exists:%{i}._spf.mta.salesforce.com -all"
    static let dmarc = "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc-reports@acme.example"
    /// Two 2048-bit RSA public keys, split into TXT character-strings of at most 255 octets.
    static let keys = [
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw98dTFYgn3iqh6e9ziQUsAARFBziF/Fmq+ElSwwH+qahvhoCajRSvRWGfCJ94f511S9qrcDxk+Cwwhn9HuQAwiZ7kGyj0A5E0cxKOzEeHDcRY0Fk/jVmgJC0QjGEK6AZiNf6xZmF++LoTZ+wiKVKPjM9VRcMk3sr95294UV/9nO04h1PtU/HPkxXuU+/OI8EbQP6Qp+5b94owRt3VyzqR2bhpEEI5T5GOtXIDvwvUH1JzCQQw2KqOe9wEeJ/2BglhvqGUdv3k2X6LrDhDoZkjXVyuvCwe2hmnvy1+0ut+WQnYaJOlumfaPxQOONy7heOn0ABU66o/0W3th0m2NfzWwIDAQAB",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtR0OGzhzlTQFO4MshATYBGrD4aO0pSd0iRcW1rzzJNY7fnoeahlKvik7Qeg48epyido9bcVkST8yTZWxJoEEjXwiCfAzujCNATLem+cvccCkXUUn548v7rzWJjey0Ym9mFTODNYEC5Aq+rfeV7wKpgbRfCah1Gmqy7aru8zf2xUuLEy8kOup4oQh/qOxjXvtxniWmmLLkjgRCl3HcDqE4lpyaRTUY6RP+JUObJ0mF8KaSIF7G41tWc5WaeyVF8eQMJwPbe3NJ7xmyy7V5US/dCkLmrNohVRJybbwkuWYbvBKXkmfmvgW8cz8x6hN4xhGrrmptGPSa3oacyWfdnqbjQIDAQAB",
    ]

    static func custdkimHost(_ selector: String) -> String { "\(selector).x7k2pq.custdkim.salesforce.com" }

    static func keyRecord(_ index: Int) -> DNSRecord {
        let text = "v=DKIM1; k=rsa; p=" + keys[index]
        return .txt([String(text.prefix(255)), String(text.dropFirst(255))])
    }

    static func records(_ records: [DNSRecord], via chain: [String] = []) -> DNSLookupResult {
        .records(records, ttl: 3_600, cnameChain: chain)
    }

    static var table: [String: [DNSRecordType: DNSLookupResult]] {
        var table: [String: [DNSRecordType: DNSLookupResult]] = [
            "acme.example": [.mx: records([.mx(preference: 10, exchange: "mx1.acme.example")]), .txt: records([.txt([spf])])],
            "mx1.acme.example": [.a: records([.a("192.0.2.25")])],
            "_spf.salesforce.com": [.txt: records([.txt([salesforceSPF])])],
            "_dmarc.acme.example": [.txt: records([.txt([dmarc])])],
        ]
        for (index, selector) in ["sf1", "sf2"].enumerated() {
            let host = custdkimHost(selector)
            table["\(selector)._domainkey.acme.example"] = [
                .cname: records([.cname(host)]),
                .txt: records([keyRecord(index)], via: [host]),
            ]
            table[host] = [.txt: records([keyRecord(index)])]
        }
        return table
    }

    static var context: DNSContext {
        DNSContext(resolver: InMemoryResolver(table), description: "example answers")
    }
}

extension Evidence {
    /// For examples: edits the in-memory DNS table (no-op when DNS is not an in-memory table).
    mutating func editDNS(_ edit: (inout [String: [DNSRecordType: DNSLookupResult]]) -> Void) {
        guard case .found(var context, let source) = self.dns, let resolver = context.resolver as? InMemoryResolver else { return }
        var answers = resolver.answers
        edit(&answers)
        context.resolver = InMemoryResolver(answers)
        self.dns = .found(context, source: source)
    }

    /// For examples: edits the DNS context (sender domains, sender IP).
    mutating func editDNSContext(_ edit: (inout DNSContext) -> Void) {
        guard case .found(var context, let source) = self.dns else { return }
        edit(&context)
        self.dns = .found(context, source: source)
    }
}
