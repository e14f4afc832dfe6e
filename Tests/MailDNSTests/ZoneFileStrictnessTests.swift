import Foundation
import MailDNS
import Testing

/// Zone files that ldns would read without complaint but that a replay must not believe.
@Suite struct ZoneFileStrictnessTests {
    static func parse(_ text: String) throws(ZoneFileError) -> ZoneFileResolver {
        try ZoneFileResolver(zoneFiles: ["acme.example.zone": Data(text.utf8)])
    }

    @Test(arguments: [
        ("@ 300 IN MX 10 mx\\nwww CH TXT \"x\"\\n", 2, "class CH"),
        ("www 300 HS A 192.0.2.1\\n", 1, "class HS"),
        ("www CS 300 A 192.0.2.1\\n", 1, "class CS"),
        ("@ IN MX 10 mx\\n\\tCLASS4 TXT \"x\"\\n", 2, "class CLASS4"),
        ("$TTL 60\\n@ IN SOA ns hostmaster ( 1 ; serial\\n 7200 900 1209600 60 )\\nmx CH A 192.0.2.1\\n", 4, "class CH"),
        ("www IN TXT \"unterminated\\nmx IN A 192.0.2.1\\n", 1, "quote opened on this line is not closed"),
        ("mx IN A 192.0.2.1\\nwww IN TXT \"open to the end", 2, "not closed before the file ends"),
        ("$INCLUDE /etc/passwd\\n", 1, "$INCLUDE is not allowed"),
        ("@ IN MX 10 mx\\n$include \"../other.zone\" sub\\n", 2, "$INCLUDE is not allowed"),
        ("www IN TXT ( \"a\"\\n", 1, "not closed before the file ends"),
        ("mx IN A 192.0.2.1\\nk IN TXT \"p=MIIB\u{D1}x\"\\n", 2, "byte 0xC3 is not printable ASCII"),
        ("; a comment with a control byte \u{05}\\nmx IN A 192.0.2.1\\n", 1, "byte 0x05 is not printable ASCII"),
    ] as [(String, Int, String)])
    func refusedWithItsLine(_ text: String, _ line: Int, _ expected: String) {
        let unescaped = text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
        do {
            _ = try Self.parse(unescaped)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == "acme.example.zone")
            #expect(error.line == line, "\(error)")
            #expect(error.problem.contains(expected), "\(error.problem)")
        }
    }

    @Test func internetRecordsStillRead() async throws {
        let resolver = try Self.parse("""
            $ORIGIN acme.example.
            $TTL 300
            @ IN SOA ns hostmaster ( 1 ; a comment with "a quote
                7200 900 1209600 60 )
            @ CLASS1 MX 10 mx ; CLASS1 is IN
            mx 60 IN A 192.0.2.1
            ch IN TXT "semi;colon \\" quote" "(paren"
            hs A 192.0.2.2
            """)
        #expect(await resolver.lookup("acme.example", .mx) == .records([.mx(preference: 10, exchange: "mx.acme.example")], ttl: 300, cnameChain: []))
        #expect(await resolver.lookup("ch.acme.example", .txt) == .records([.txt(["semi;colon \" quote", "(paren"])], ttl: 300, cnameChain: []))
        #expect(await resolver.lookup("hs.acme.example", .a) == .records([.a("192.0.2.2")], ttl: 300, cnameChain: []))
    }
}
