import Foundation
import Testing
@testable import TestSupport

/// DNS you can trust, replay is replay: the built binary against scripts/hostile_dns.py, nsd and bundles without
/// dns/. Nothing leaves 127.0.0.1.
@Suite("Trusted DNS and replay through the CLI", .serialized)
struct TrustedDNSTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let dnsChecks: Set<String> = ["dns.recipient", "dns.sender-spf", "dns.sender-dmarc", "dns.sender-dkim", "relay.host"]

    /// Modes whose server denies names or sends replies that are not answers: every one is "the resolver is broken".
    static let brokenModes = [
        "nxdomain-all", "nxdomain-all-with-soa", "nodata-all", "foreign-owner", "wrong-id", "qr0-echo", "wrong-question",
        "forged-null-mx-wrong-id", "truncated-garbage",
    ]

    @Test(arguments: brokenModes)
    func dnsCheckBehindABrokenResolverIsIncomplete(mode: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let run = try await RunBinary.run([
                "dns", "check", "acme.com", "nullmx.example", "--nameserver", server.address.description, "--dns-timeout", "1",
            ])
            #expect(run.status == 2, "\(mode): \(run.stdout)\(run.stderr)")
            #expect(!run.stdout.contains("  ! "), "\(mode): a finding from a broken resolver: \(run.stdout)")
            let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: the resolver at \(server.address)") }
            #expect(warnings.count == 1, "\(mode): \(run.stderr)")
            #expect(run.stderr.contains("use --nameserver"))
            let json = try await RunBinary.run([
                "dns", "check", "acme.com", "--json", "--nameserver", server.address.description, "--dns-timeout", "1",
            ])
            #expect(json.status == 2)
            #expect((try Self.json(json.stdout)["resolverProblem"] as? String)?.hasPrefix("the resolver at \(server.address)") == true)
        }
    }

    /// email check: a domain the broken resolver denies is unknown (exit 2), not "accepts no mail" (exit 1).
    @Test(arguments: ["nxdomain-all", "nodata-all", "forged-null-mx-wrong-id"])
    func emailCheckBehindABrokenResolverIsUnknown(mode: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let run = try await RunBinary.run([
                "email", "check", "ada@acme.com", "bob@nullmx.example", "--nameserver", server.address.description, "--dns-timeout", "1",
            ])
            #expect(run.status == 2, "\(mode): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("warning: the resolver at \(server.address)"))
        }
    }

    @Test(arguments: ["formerr", "notimp"])
    func formerrAndNotimpAreAnswersNotSilence(mode: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let check = try await RunBinary.run(["dns", "check", "acme.com", "--nameserver", server.address.description, "--dns-timeout", "1"])
            #expect(check.status == 2, "\(mode): \(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains(mode.uppercased()))
            let spf = try await RunBinary.run([
                "dns", "spf", "--ip", "192.0.2.1", "--sender", "a@acme.com", "--nameserver", server.address.description,
                "--dns-timeout", "1",
            ])
            #expect(spf.status == 2 && spf.stdout.hasPrefix("temperror"), "\(mode): \(spf.stdout)\(spf.stderr)")
        }
    }

    /// The done-when: a newcomer behind a broken resolver gets "unknown, the resolver is broken", not a wrong blocker.
    @Test(arguments: brokenModes)
    func diagnoseBehindABrokenResolverConfirmsNothingFromDNS(mode: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let demos = ["nxdomain-all", "nodata-all"].contains(mode) ? ["in-spam", "domain-typo", "link-scanner", "bounced"] : ["link-scanner"]
            for demo in demos {
                let run = try await RunBinary.run([
                    "diagnose", "--bundle", LiveScenario.demo(demo).path, "--live-dns", "--nameserver",
                    server.address.description, "--dns-timeout", "1", "--format", "json",
                ])
                #expect([0, 1, 2].contains(run.status), "\(demo) \(mode): \(run.stderr)")
                let report = try Self.json(run.stdout)
                let source = try #require(report["dnsSource"] as? [String: Any])
                #expect(source["kind"] as? String == "live")
                #expect((source["description"] as? String)?.contains("the resolver at \(server.address)") == true)
                let problem = try #require(source["problem"] as? String, "\(demo) \(mode): no resolver problem")
                #expect(problem.hasPrefix("the resolver at \(server.address) "))
                for check in try #require(report["checks"] as? [[String: Any]]) where Self.dnsChecks.contains(check["id"] as? String ?? "") && check["status"] as? String != "skipped" {
                    #expect(check["status"] as? String == "unknown", "\(demo) \(mode): \(check)")
                    #expect(check["reason"] as? String == problem)
                }
                let recipient = try #require((report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "dns.recipient" })
                #expect(recipient["status"] as? String == "unknown")
                for finding in try #require(report["findings"] as? [[String: Any]]) {
                    #expect(!Self.dnsChecks.contains(finding["check"] as? String ?? ""), "\(demo) \(mode): \(finding["code"] ?? "")")
                }
                // Text says it once, in the header.
                let text = try await RunBinary.run([
                    "diagnose", "--bundle", LiveScenario.demo(demo).path, "--live-dns", "--nameserver",
                    server.address.description, "--dns-timeout", "1",
                ])
                let header = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(while: { !$0.isEmpty })
                #expect(header.contains { $0.hasPrefix("  DNS: looked up live from the resolver at \(server.address)") }, "\(text.stdout)")
            }
        }
    }

    /// nsd sends the SOA with its negative answers, so NXDOMAIN and a null MX stay findings.
    @Test func nsdAnswersStayConfirmed() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await RunBinary.run([
                "dns", "check", "nullmx.test", "missing.test", "--nameserver", server.address.description, "--dns-timeout", "2",
            ])
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("null MX"), "\(run.stdout)")
            #expect(run.stdout.contains("NXDOMAIN"), "\(run.stdout)")
            #expect(!run.stderr.contains("warning"))
        }
    }

    /// A copy of a demo without its dns/ folder.
    static func bundleWithoutDNS(_ demo: String) throws -> URL {
        let folder = LiveScenario.scratch("no-dns-\(demo)")
        try FileManager.default.copyItem(at: LiveScenario.demo(demo), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("dns"))
        return folder
    }

    @Test func aBundleWithoutDNSAnswersFromNothing() async throws {
        let bundle = try Self.bundleWithoutDNS("in-spam")
        defer { try? FileManager.default.removeItem(at: bundle) }
        let reason = "the bundle holds no DNS answers; --live-dns looks them up now"
        let run = try await RunBinary.run(["diagnose", "--bundle", bundle.path, "--format", "json"])
        #expect([1, 2].contains(run.status), "\(run.stderr)")
        let report = try Self.json(run.stdout)
        let source = try #require(report["dnsSource"] as? [String: Any])
        #expect(source["kind"] as? String == "none")
        #expect(source["description"] as? String == reason)
        #expect(source.keys.contains("problem") && source["problem"] is NSNull)
        for check in try #require(report["checks"] as? [[String: Any]]) where Self.dnsChecks.contains(check["id"] as? String ?? "") && check["status"] as? String != "skipped" {
            #expect(check["status"] as? String == "unknown", "\(check)")
            #expect(check["reason"] as? String == reason)
        }
        let recipient = try #require((report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "dns.recipient" })
        #expect(recipient["status"] as? String == "unknown")
        let text = try await RunBinary.run(["diagnose", "--bundle", bundle.path])
        #expect(text.stdout.contains("  DNS: none (\(reason))"))
        let markdown = try await RunBinary.run(["diagnose", "--bundle", bundle.path, "--format", "markdown"])
        #expect(markdown.stdout.contains("**DNS:** none (\(reason))"))
    }

    @Test(arguments: ["text", "json", "markdown"])
    func everyFormatNamesTheDNSSource(format: String) async throws {
        let run = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--format", format])
        switch format {
        case "json":
            let source = try #require(try Self.json(run.stdout)["dnsSource"] as? [String: Any])
            #expect(source["kind"] as? String == "bundle")
            #expect(source["description"] as? String == "recorded in the bundle's dns/ (1 zone file)" || (source["description"] as? String)?.hasPrefix("recorded in the bundle's dns/") == true)
        case "markdown": #expect(run.stdout.contains("**DNS:** recorded in the bundle's dns/"))
        default: #expect(run.stdout.contains("  DNS: recorded in the bundle's dns/"))
        }
        let off = try await RunBinary.run(["diagnose", "--demo", "in-spam", "--no-dns", "--format", format])
        #expect(off.stdout.contains("DNS lookups are off (--no-dns)"))
    }

    @Test(arguments: [
        ["--sender", "ada@localhost"], ["--sender", "ada@"], ["--sender", "ada@a..b.test"], ["--sender", "ada@-bad-.test"],
        ["--sender", "ada@exa mple.test"], ["--sender", "", "--helo", "localhost"], ["--sender", "ada@[192.0.2.1]"],
        ["--sender", "ada@" + String(repeating: "a", count: 64) + ".test"],
    ])
    func spfOfAMalformedOrSingleLabelDomainIsNone(arguments: [String]) async throws {
        // 127.0.0.1:9 answers nothing: none needs no lookup.
        let run = try await RunBinary.run(["dns", "spf", "--ip", "192.0.2.1"] + arguments + ["--nameserver", "127.0.0.1:9", "--dns-timeout", "0.5"])
        #expect(run.status == 0, "\(arguments): \(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasPrefix("none\n"), "\(arguments): \(run.stdout)")
    }
}
