import SharedBasics

/// A generated, reproducible mix of the addresses a Salesforce user record may hold: mostly valid plain ones, plus
/// IDN domains, UTF-8 local parts, quoted local parts, address literals and the typing mistakes admins see.
enum AddressCorpus {
    /// Category → weight (out of 100) and how to make one address of it.
    private static let kinds: [(kind: String, weight: Int, make: @Sendable (inout SplitMix64) -> String)] = [
        ("valid-plain", 40, { rng in "\(rng.pick(localParts))@\(rng.pick(domains))" }),
        ("valid-tagged", 6, { rng in "\(rng.pick(firstNames)).\(rng.pick(lastNames))+\(rng.pick(tags))@\(rng.pick(domains))" }),
        ("valid-subdomain", 6, { rng in "\(rng.pick(firstNames))@\(rng.pick(["mail", "eu", "corp.mail"])).\(rng.pick(domains))" }),
        ("idn-domain", 6, { rng in "\(rng.pick(firstNames))@\(rng.pick(idnDomains))" }),
        ("utf8-local", 4, { rng in "\(rng.pick(utf8Locals))@\(rng.pick(domains + idnDomains))" }),
        ("quoted", 4, { rng in "\(rng.pick(quotedLocals))@\(rng.pick(domains))" }),
        ("address-literal", 2, { rng in "\(rng.pick(firstNames))@\(rng.pick(literals))" }),
        ("invalid-dots", 6, { rng in
            let name = rng.pick(firstNames), last = rng.pick(lastNames)
            return rng.pick([".\(name)", "\(name).", "\(name)..\(last)"]) + "@\(rng.pick(domains))"
        }),
        ("invalid-characters", 6, { rng in
            "\(rng.pick(firstNames))\(rng.pick([" ", ",", "(x)", "[", "\\", ";", ":"]))\(rng.pick(lastNames))@\(rng.pick(domains))"
        }),
        ("invalid-domain", 8, { rng in "\(rng.pick(localParts))@\(rng.pick(badDomains))" }),
        ("invalid-structure", 6, { rng in
            let local = rng.pick(localParts), domain = rng.pick(domains)
            return rng.pick([
                "\(local)\(domain)", "\(local)@@\(domain)", "\(local)@x@\(domain)", "@\(domain)", "\(local)@",
                "\(rng.pick(firstNames)) <\(local)@\(domain)>",
            ])
        }),
        ("invalid-length", 3, { rng in
            rng.pick([
                String(repeating: "a", count: 65) + "@\(rng.pick(domains))",
                "\(rng.pick(firstNames))@" + String(repeating: "b", count: 64) + ".com",
                String(repeating: "c", count: 60) + "@" + (0..<4).map { _ in String(repeating: "d", count: 50) }.joined(separator: ".") + ".com",
            ])
        }),
        ("invalid-whitespace", 3, { rng in
            rng.pick([" \(rng.pick(localParts))@\(rng.pick(domains))", "\(rng.pick(localParts))@\(rng.pick(domains))\t"])
        }),
    ]

    static func generate(count: Int) -> [AddressSample] {
        var rng = SplitMix64(seed: 20_261_122)
        let total = kinds.reduce(0) { $0 + $1.weight }
        return (0..<count).map { _ in
            var roll = Int(rng.next() % UInt64(total))
            for kind in kinds {
                if roll < kind.weight { return AddressSample(address: kind.make(&rng), kind: kind.kind) }
                roll -= kind.weight
            }
            return AddressSample(address: "unreachable@example.com", kind: "valid-plain")
        }
    }

    private static let firstNames = ["alice", "bob", "carol", "dmitri", "emma", "farah", "gustavo", "hana", "ivan", "jo"]
    private static let lastNames = ["smith", "nguyen", "garcia", "mueller", "okafor", "rossi", "tanaka", "lee", "o'brien"]
    private static let tags = ["sf", "reset", "2026", "crm"]
    private static let localParts = [
        "alice.smith", "bob", "carol_nguyen", "dmitri-garcia", "emma.mueller42", "Farah.Okafor", "g.rossi", "hana.tanaka",
        "ivan.lee", "jo", "it-support", "no-reply", "user123", "first.middle.last", "x", "a!b#c$d%e&f'g*h=i?j^k`l{m|n}o~p",
    ]
    private static let domains = [
        "example.com", "gmail.com", "outlook.com", "acme-corp.com", "mail.co.uk", "company.de", "salesforce.com",
        "bigcorp.io", "univ.edu", "startup.ai", "EXAMPLE.ORG", "shop.com.au",
    ]
    private static let idnDomains = ["münchen.de", "bücher.example", "例え.jp", "почта.рф", "xn--mnchen-3ya.de", "café.fr"]
    private static let utf8Locals = ["jörg", "用户", "ñandú", "δοκιμή", "θσερ.ναμε"]
    private static let quotedLocals = ["\"john doe\"", "\"a@b\"", "\"quote\\\"d\"", "\"john..doe\"", "\"\""]
    private static let literals = ["[192.0.2.1]", "[IPv6:2001:db8::1]", "[300.1.1.1]"]
    private static let badDomains = [
        "localhost", "domain..com", "-bad.com", "bad-.com", "under_score.com", "example", "example.123", "exa mple.com",
        "example.com.", ".example.com", "xn--zz.com",
    ]
}

