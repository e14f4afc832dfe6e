/// Data for `DomainTypoSuggester`, kept apart from the algorithm so it can be reviewed and extended on its own.
enum MailDomainData {
    /// Popular mailbox providers: the only domains ever suggested. Order is popularity; it breaks ties.
    static let providers: [String] = [
        "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "live.com", "msn.com",
        "googlemail.com", "me.com", "mac.com", "protonmail.com", "proton.me", "comcast.net", "verizon.net", "att.net",
        "sbcglobal.net", "bellsouth.net", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.ru",
        "yandex.com", "zoho.com", "fastmail.com", "qq.com", "163.com", "126.com", "ymail.com", "rocketmail.com",
        "t-online.de", "orange.fr", "libero.it", "btinternet.com", "naver.com", "hanmail.net",
        // Regional Yahoo
        "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.it", "yahoo.es", "yahoo.ca", "yahoo.com.br", "yahoo.com.au",
        "yahoo.com.ar", "yahoo.com.mx", "yahoo.co.in", "yahoo.in", "yahoo.co.jp", "yahoo.com.sg", "yahoo.com.ph",
        "yahoo.com.tw", "yahoo.com.hk", "yahoo.co.id", "yahoo.ie", "yahoo.gr", "yahoo.se", "yahoo.dk", "yahoo.no",
        "yahoo.pl", "yahoo.be", "yahoo.co.nz", "yahoo.co.za", "yahoo.ro", "yahoo.at",
        // Regional Microsoft
        "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es", "hotmail.ca", "hotmail.com.br",
        "hotmail.com.ar", "hotmail.com.mx", "hotmail.be", "hotmail.nl", "hotmail.se", "hotmail.co.jp", "hotmail.dk",
        "live.co.uk", "live.fr", "live.de", "live.it", "live.nl", "live.ca", "live.com.au", "live.com.mx", "live.be",
        "live.se", "live.dk", "live.no", "live.ie", "live.at", "live.cl", "live.com.ar", "live.jp",
        "outlook.fr", "outlook.de", "outlook.es", "outlook.it", "outlook.com.br", "outlook.jp", "outlook.be",
        "outlook.ie", "outlook.at", "outlook.dk", "outlook.cl", "outlook.com.ar", "outlook.kr", "outlook.in",
        "outlook.pt", "outlook.sa", "outlook.ph", "outlook.sg", "outlook.co.th", "outlook.co.id",
        // Regional others
        "aol.co.uk", "aol.de", "aol.fr", "gmx.at", "gmx.ch", "gmx.fr", "gmx.us", "gmx.co.uk", "gmx.es",
        "zoho.eu", "zoho.in", "zohomail.com", "protonmail.ch", "pm.me",
    ]

    /// Real domains that sit close to a provider and must never be "corrected". Providers are implicitly real too.
    static let realLookalikes: Set<String> = [
        "email.com", "mail.ru", "mail.de", "gmail.de", "googlemail.de", "web.com", "cloud.com", "comcast.com",
        "verizon.com", "verizonwireless.com", "att.com", "yahoo-inc.com", "outlook.co.uk", "live.com.pt",
        "wahoo.com", "gmc.com", "gmv.com", "mail2world.com", "hotmail.com.tr", "fastmail.fm", "fastmail.to",
        "aim.com", "inbox.com", "inbox.ru", "bk.ru", "list.ru", "ya.ru", "yandex.ua", "yandex.by", "yandex.kz",
        "rambler.ru", "qq.cn", "foxmail.com", "sina.com", "sohu.com", "yeah.net", "aliyun.com", "daum.net",
        "freenet.de", "posteo.de", "mailbox.org", "tutanota.com", "tuta.io", "hey.com", "usa.com", "post.com",
        "orange.com", "free.fr", "sfr.fr", "laposte.net", "wanadoo.fr", "virgilio.it", "tiscali.it", "alice.it",
        "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net", "shaw.ca", "rogers.com", "sympatico.ca",
        "bell.net", "bigpond.com", "optusnet.com.au", "cox.net", "charter.net", "earthlink.net", "juno.com",
        "optonline.net", "frontier.com", "windstream.net", "rr.com", "seznam.cz", "wp.pl", "o2.pl", "onet.pl",
        "interia.pl", "gmailing.com", "mymail.com", "live.com.tr", "pocketmail.com", "internet.com", "online.de",
        "never.com", "proton.ch", "proton.com",
    ]

    /// Public suffixes of two labels that mailbox providers use, so "yahoo.co.uk" splits as "yahoo" + "co.uk".
    static let twoLabelSuffixes: Set<String> = [
        "co.uk", "com.br", "com.au", "com.ar", "com.mx", "co.in", "co.jp", "com.sg", "com.ph", "com.tw", "com.hk",
        "co.id", "co.nz", "co.za", "co.th", "com.tr", "com.pt", "org.uk", "net.au", "com.cn", "co.kr",
    ]

    struct TopLevelTypo: Sendable {
        /// The intended top-level domain.
        var intended: String
        /// True when the misspelling is itself a real top-level domain (.co, .cm, .om, .ne) or too ambiguous: only
        /// corrected after a provider's exact name, never after an unknown company's name.
        var onlyForProviderNames: Bool
    }

    /// Misspelled top-level domains → the intended one.
    static let topLevelTypos: [String: TopLevelTypo] = {
        var table: [String: TopLevelTypo] = [:]
        func add(_ intended: String, onlyForProviderNames: Bool, _ typos: [String]) {
            for typo in typos { table[typo] = TopLevelTypo(intended: intended, onlyForProviderNames: onlyForProviderNames) }
        }
        // None of these exist as top-level domains (checked against the Public Suffix List).
        add("com", onlyForProviderNames: false,
            ["con", "cmo", "cpm", "vom", "xom", "comm", "coom", "ocm", "cim", "c0m", "comn", "copm", "cmm", "coim"])
        add("net", onlyForProviderNames: false, ["nte", "ner", "nett", "nrt"])
        add("org", onlyForProviderNames: false, ["ogr", "orgg", "rog", "prg"])
        add("de", onlyForProviderNames: false, ["dee"])
        add("fr", onlyForProviderNames: false, ["frr"])
        // Real top-level domains (Colombia, Cameroon, Oman, Niger) or ambiguous ones: a provider's exact name only.
        add("com", onlyForProviderNames: true, ["co", "cm", "om"])
        add("net", onlyForProviderNames: true, ["ne", "met", "nt"])
        return table
    }()

    /// Extra labels typed after a provider domain ("gmail.com.com"). Only these, since "hotmail.com.br" is real.
    static let repeatedTrailingLabels: Set<String> = ["com", "con", "cmo", "net", "org"]
}
