import Foundation
import Testing
@testable import TestSupport

/// `resetdoctor email check`, run as a user runs it; DNS answers come from nsd on 127.0.0.1.
@Suite(.serialized)
struct EmailCommandTests {
    static func email(_ arguments: [String], _ server: NSDServer, input: String? = nil) async throws -> BinaryRun {
        try await RunBinary.run(["email", "check"] + arguments + ["--nameserver", server.address.description, "--dns-timeout", "2"], input: input)
    }

    static func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func validAddressWithMailIsFine() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.email(["ada@healthy.test"], server)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout == "VALID ada@healthy.test; accepts mail via MX mx1.healthy.test\n")
        }
    }

    @Test func invalidAddressAndDomainsWithoutMailExitOne() async throws {
        try await DNSTestZones.withServer { server in
            let invalid = try await Self.email(["x@@y"], server)
            #expect(invalid.status == 1)
            #expect(invalid.stdout.hasPrefix("INVALID x@@y: "))
            let nullMX = try await Self.email(["bob@nullmx.test"], server)
            #expect(nullMX.status == 1)
            #expect(nullMX.stdout.contains("accepts no mail: nullmx.test publishes a null MX"))
            let missing = try await Self.email(["bob@gone.test"], server)
            #expect(missing.status == 1)
            #expect(missing.stdout.contains("does not exist (NXDOMAIN)"))
        }
    }

    @Test func internationalizedDomainAndLinkScanner() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.email(["--json", "ada@bücher.test", "it@scanned.test"], server)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let records = try Self.records(run.stdout)
            #expect(records.count == 2)
            #expect(records[0]["normalized"] as? String == "ada@xn--bcher-kva.test")
            let idnDomain = try #require(records[0]["domain"] as? [String: Any])
            #expect(idnDomain["acceptsMail"] as? Bool == true)
            #expect(idnDomain["linkScanner"] is NSNull)
            let scanner = try #require((records[1]["domain"] as? [String: Any])?["linkScanner"] as? [String: Any])
            #expect(scanner["vendor"] as? String == "Microsoft")
        }
    }

    @Test func typoIsSuggestedWithoutDNS() async throws {
        let run = try await RunBinary.run(["email", "check", "--no-dns", "bob@gmial.com"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("VALID bob@gmial.com; did you mean bob@gmail.com?"))
        let json = try await RunBinary.run(["email", "check", "--no-dns", "--json", "bob@gmial.com", "ann@acme.example"])
        let records = try Self.records(json.stdout)
        #expect((records[0]["suggestion"] as? [String: Any])?["address"] as? String == "bob@gmail.com")
        #expect(records[1]["suggestion"] is NSNull)
        #expect(records[1]["domain"] is NSNull, "no DNS: the key stays, null")
        #expect(Set(records[0].keys) == Set(records[1].keys))
    }

    @Test func standardInputGivesJSONLinesInInputOrder() async throws {
        try await DNSTestZones.withServer { server in
            let input = "bob@nullmx.test\nada@healthy.test\n\nnot-an-address\nit@scanned.test\r\nada@bücher.test\n"
            let run = try await Self.email(["-"], server, input: input)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            let records = try Self.records(run.stdout)
            #expect(records.compactMap { $0["input"] as? String }
                == ["bob@nullmx.test", "ada@healthy.test", "", "not-an-address", "it@scanned.test", "ada@bücher.test"])
            #expect(records.compactMap { $0["valid"] as? Bool } == [true, true, false, false, true, true])
            #expect(records[2]["reason"] as? String == "the address is empty", "a blank line keeps its place")
            #expect(records.map { ($0["domain"] as? [String: Any])?["route"] as? String } == ["null-mx", "mx", nil, nil, "mx", "mx"])
            #expect(Set(records.map { $0.keys.sorted() }).count == 1, "every record has the same keys")
        }
    }

    @Test func thousandsOfAddressesFromStandardInputWithoutDNS() async throws {
        let count = 5000
        let input = (0..<count).map { $0 % 1000 == 7 ? "broken\($0)@@x.example" : "user\($0)@acme.example" }.joined(separator: "\n")
        let run = try await RunBinary.run(["email", "check", "--no-dns", "-"], input: input)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines[4321].contains("\"input\":\"user4321@acme.example\""))
        #expect(lines[1007].contains("\"valid\":false"))
        #expect(run.stderr.isEmpty)
    }

    /// Runs `email check --no-dns -` on raw bytes (printf escapes): RunBinary's input is text, and these are not.
    static func checkBytes(_ printfFormat: String) async throws -> BinaryRun {
        try await RunBinary.run(["-c", "printf '\(printfFormat)' | \"$0\" email check --no-dns -", RunBinary.binaryPath], executable: "/bin/sh")
    }

    @Test func everyInputLineGetsExactlyOneOutputLine() async throws {
        // Blank, spaces only, CRLF, invalid UTF-8, a huge line and a last line without a newline.
        let huge = String(repeating: "a", count: 100_000)
        let run = try await Self.checkBytes("ada@acme.example\\n\\n   \\r\\nx\\377y@acme.example\\r\\n\(huge)@acme.example\\nbo@acme.example")
        #expect(run.status == 1, "\(run.stderr)")
        let records = try Self.records(run.stdout)
        #expect(records.count == 6, "\(run.stdout)")
        #expect(records.compactMap { $0["valid"] as? Bool } == [true, false, false, false, false, true])
        #expect(records[1]["input"] as? String == "" && records[1]["reason"] as? String == "the address is empty")
        #expect(records[2]["input"] as? String == "   " && records[2]["reason"] as? String == "the address is empty")
        #expect(records[4]["reason"] as? String == "the line is 100013 bytes long; an address is at most 254 octets")
        #expect(records[5]["input"] as? String == "bo@acme.example")
    }

    @Test func invalidUTF8IsInvalidWithTheBytePosition() async throws {
        // A lone continuation byte, a truncated sequence, an overlong encoding of "/", a UTF-16 surrogate.
        let run = try await Self.checkBytes("x\\377y@acme.example\\nab\\303@acme.example\\n\\300\\257@acme.example\\n\\355\\240\\200@acme.example\\n")
        #expect(run.status == 1, "\(run.stderr)")
        let records = try Self.records(run.stdout)
        #expect(records.count == 4, "\(run.stdout)")
        #expect(records.allSatisfy { $0["valid"] as? Bool == false && $0["normalized"] is NSNull })
        #expect(records.map { $0["reason"] as? String } == [
            "not valid UTF-8 at byte 2 (0xFF)", "not valid UTF-8 at byte 3 (0xC3)",
            "not valid UTF-8 at byte 1 (0xC0)", "not valid UTF-8 at byte 1 (0xED)",
        ])
        #expect(records[0]["input"] as? String == "x\u{FFFD}y@acme.example", "shown with U+FFFD, never checked as that text")
    }

    @Test func silentNameserverIsUnavailableAndUsageErrors() async throws {
        try await withSilentServer { server in
            let run = try await RunBinary.run(["email", "check", "ada@healthy.test", "--nameserver", server.address.description, "--dns-timeout", "0.3"])
            #expect(run.status == 69, "\(run.stdout)\(run.stderr)")
        }
        let mixed = try await RunBinary.run(["email", "check", "-", "ada@healthy.test"])
        #expect(mixed.status == 64)
        let none = try await RunBinary.run(["email", "check"])
        #expect(none.status == 64)
    }
}
