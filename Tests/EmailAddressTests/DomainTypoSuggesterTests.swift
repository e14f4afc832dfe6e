import Testing
@testable import EmailAddress

/// One row of the typo table: a domain and the suggestion expected for it (nil: must be left alone).
struct TypoCase: Sendable, CustomTestStringConvertible {
    var domain: String
    var suggested: String?
    var reasonFragment: String
    var line: Int

    static func typo(_ domain: String, _ suggested: String, _ reason: String = "", line: Int = #line) -> Self {
        Self(domain: domain, suggested: suggested, reasonFragment: reason, line: line)
    }

    static func real(_ domain: String, line: Int = #line) -> Self {
        Self(domain: domain, suggested: nil, reasonFragment: "", line: line)
    }

    var testDescription: String { "line \(line): \(domain)" }
}

let typoTable: [TypoCase] = [
    // Misspelled names (Damerau-Levenshtein 1, or 2 for long names)
    .typo("gmial.com", "gmail.com", "two letters swapped"),
    .typo("gamil.com", "gmail.com", "two letters swapped"),
    .typo("gmai.com", "gmail.com", "a letter missing"),
    .typo("gmaill.com", "gmail.com", "a doubled letter"),
    .typo("gnail.com", "gmail.com", "one wrong letter"),
    .typo("yaho.com", "yahoo.com"),
    .typo("yahooo.com", "yahoo.com"),
    .typo("yhaoo.com", "yahoo.com"),
    .typo("hotmial.com", "hotmail.com"),
    .typo("hotmal.com", "hotmail.com"),
    .typo("homtail.com", "hotmail.com"),
    .typo("outlok.com", "outlook.com"),
    .typo("iclod.com", "icloud.com"),
    .typo("icluod.com", "icloud.com"),
    .typo("protonmial.com", "protonmail.com"),
    .typo("protnmial.com", "protonmail.com", "2 letters off"),
    .typo("googlmail.com", "googlemail.com"),
    .typo("comcats.net", "comcast.net"),
    .typo("verizion.net", "verizon.net"),
    .typo("yandx.ru", "yandex.ru"),
    .typo("fastmial.com", "fastmail.com"),
    .typo("yaho.co.uk", "yahoo.co.uk"),
    .typo("hotmial.fr", "hotmail.fr"),
    .typo("maill.com", "mail.com", "a doubled letter"),
    .typo("tonline.de", "t-online.de"),
    // Misspelled top-level domains
    .typo("gmail.con", "gmail.com", ".con instead of .com"),
    .typo("gmail.cmo", "gmail.com"),
    .typo("gmail.cm", "gmail.com"),
    .typo("gmail.co", "gmail.com"),
    .typo("hotmail.om", "hotmail.com"),
    .typo("yahoo.comm", "yahoo.com"),
    .typo("comcast.nte", "comcast.net"),
    .typo("att.nte", "att.net"),
    .typo("aol.con", "aol.com"),
    .typo("qq.cmo", "qq.com"),
    .typo("163.con", "163.com"),
    .typo("acme.con", "acme.com", ".con instead of .com"),
    .typo("example.ogr", "example.org"),
    .typo("gmial.con", "gmail.com", ".con instead of .com"),
    // Missing dots, extra labels, punctuation
    .typo("gmailcom", "gmail.com", "without its dots"),
    .typo("hotmailcom", "hotmail.com"),
    .typo("yahoo.couk", "yahoo.co.uk", "a dot missing"),
    .typo("gmail", "gmail.com", "no top-level domain"),
    .typo("gmail.com.com", "gmail.com", "extra \".com\""),
    .typo("gmail,com", "gmail.com", "punctuation"),
    .typo("gmail..com", "gmail.com"),
    .typo("GMIAL.COM", "gmail.com"),
    .typo("ada@gmial.com", "gmail.com"),
    // Real domains close to popular ones: never "corrected"
    .real("gmail.com"), .real("googlemail.com"), .real("gmx.com"), .real("gmx.de"), .real("gmx.net"),
    .real("mail.com"), .real("email.com"), .real("live.com"), .real("live.co.uk"), .real("me.com"),
    .real("mac.com"), .real("hotmail.fr"), .real("hotmail.co.uk"), .real("aol.de"), .real("yahoo.com.br"),
    .real("outlook.de"), .real("msn.com"), .real("web.de"), .real("ymail.com"), .real("rocketmail.com"),
    .real("proton.me"), .real("protonmail.ch"), .real("mail.ru"), .real("acme.com"), .real("gmailing.com"),
    .real("wahoo.com"), .real("cloud.com"), .real("comcast.com"), .real("verizon.com"), .real("web.com"),
    .real("gmc.com"), .real("love.com"), .real("life.com"), .real("lime.com"), .real("mali.com"),
    .real("example.co"), .real("example.cm"), .real("acme.co.uk"), .real("hotmail.com.br"),
    .real("yahoo.com.ar"), .real("mail.gmail.com"), .real("salesforce.com"), .real("fastmail.fm"),
    .real("internet.com"), .real("online.de"), .real("pocketmail.com"), .real("qq.com"), .real("163.com"),
    .real("aol.com"), .real(""),
]

@Suite("Domain typo suggestions")
struct DomainTypoSuggesterTests {
    @Test(arguments: typoTable)
    func typoTableRow(_ row: TypoCase) {
        let suggestion = DomainTypoSuggester.suggestion(for: row.domain)
        #expect(suggestion?.suggested == row.suggested, "reason: \(suggestion?.reason ?? "none")")
        if let suggestion, row.suggested != nil {
            if !row.reasonFragment.isEmpty {
                #expect(suggestion.reason.contains(row.reasonFragment), "reason: \(suggestion.reason)")
            }
            #expect(suggestion.reason.contains(suggestion.suggested))
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(typoTable.filter { $0.suggested != nil }.count >= 30)
        #expect(typoTable.filter { $0.suggested == nil }.count >= 30)
    }

    @Test func everyProviderAndLookalikeIsLeftAlone() {
        for domain in MailDomainData.providers + MailDomainData.realLookalikes.sorted() {
            #expect(DomainTypoSuggester.suggestion(for: domain) == nil, "\(domain)")
        }
    }

    @Test func suggestionsAreAlwaysProviders() {
        let providers = Set(MailDomainData.providers)
        for row in typoTable {
            if let suggested = DomainTypoSuggester.suggestion(for: row.domain)?.suggested, row.domain.hasPrefix("acme") == false,
               row.domain.hasPrefix("example") == false {
                #expect(providers.contains(suggested), "\(row.domain) → \(suggested)")
            }
        }
    }

    @Test func suggestionReportsTheCleanedDomain() {
        #expect(DomainTypoSuggester.suggestion(for: " Gmial.com. ")?.domain == "gmial.com")
    }

    @Test(arguments: [
        ("ca", "cat", 1), ("gmial", "gmail", 1), ("abcd", "abdc", 1), ("kitten", "sitting", 3), ("", "abc", 3),
        ("protnmial", "protonmail", 2),
    ])
    func damerauLevenshtein(_ a: String, _ b: String, _ expected: Int) {
        let distance = EditDistance.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: 5)
        #expect(distance == expected)
        #expect(EditDistance.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: expected - 1) == nil)
    }
}
