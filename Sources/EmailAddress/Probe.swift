public enum ProbeIDNA {
    public static func run() {
        for s in ["例子.广告", "bücher.example", "BÜCHER.example", "💩.la", "i❤.ws", "例子。广告", "ab--cd.com", "-abc.com", "xn--zz.com", "a..b", "ß.de", "faß.de", "exa_mple.com", "xn--bcher-kva.example", "a‍b.com", "ﬁ.com", "Ⅸ.com", "xn--ls8h.la"] {
            print(s, "→", IDNA.toASCII(s))
        }
        for s in ["xn--zz", "xn--zz.com", "xn--bcher-kva.example", "xn--ls8h.la", "xn--fsqu00a.xn--4rr70v", "xn--bcher-KVA.example", "xn--", "xn--a", "xn--abc-", "xn--zca.de", "xn--strae-oqa.de"] {
            print(s, "⇐", IDNA.toUnicode(s))
        }
    }
}
