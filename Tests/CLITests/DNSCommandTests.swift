import Foundation
import Testing
@testable import TestSupport

/// `resetdoctor dns check` and `dns spf`, run as a user runs them, against nsd on 127.0.0.1 (nothing leaves the machine).
@Suite(.serialized)
struct DNSCommandTests {
    static func dns(_ arguments: [String], _ server: NSDServer) async throws -> BinaryRun {
        try await RunBinary.run(["dns"] + arguments + ["--nameserver", server.address.description, "--dns-timeout", "2"])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func domains(_ text: String) throws -> [[String: Any]] {
        try #require(try json(text)["domains"] as? [[String: Any]])
    }

    /// The keys of a domain and of its sections (mx, spf, dmarc), to compare shapes. Deeper objects may be null.
    static func shape(_ value: Any, prefix: String = "", depth: Int = 2) -> Set<String> {
        guard depth > 0, let object = value as? [String: Any] else { return [] }
        var paths: Set<String> = []
        for (key, child) in object {
            paths.insert(prefix + key)
            paths.formUnion(shape(child, prefix: prefix + key + ".", depth: depth - 1))
        }
        return paths
    }

    @Test func healthyDomainIsFine() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["check", "healthy.test", "--dkim-selector", "s1"], server)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("healthy.test: ok"))
            #expect(run.stdout.contains("mx1.healthy.test (10; 192.0.2.25)"))
            #expect(run.stdout.contains("Salesforce authorized (include:_spf.salesforce.com): yes"))
            #expect(run.stdout.contains("reject (from p=) at _dmarc.healthy.test"))
            #expect(run.stdout.contains("s1: found; 2048-bit rsa key; CNAME -> s1.abc123.custdkim.salesforce.com; hosted by Salesforce"))

            let json = try await Self.dns(["check", "healthy.test", "--dkim-selector", "s1", "--json"], server)
            #expect(json.status == 0)
            #expect(try Self.json(json.stdout)["schema"] as? String == "resetdoctor.dns-check/1")
            #expect(try Self.json(json.stdout)["resolverProblem"] is NSNull)
            let domain = try #require(try Self.domains(json.stdout).first)
            #expect(domain["status"] as? String == "ok")
            let spf = try #require(domain["spf"] as? [String: Any])
            #expect(spf["dnsLookups"] as? Int == 1)
            #expect(spf["authorizesSalesforce"] as? Bool == true)
            let dmarc = try #require(domain["dmarc"] as? [String: Any])
            #expect(dmarc["policy"] as? String == "reject")
            #expect(dmarc["appliedTag"] as? String == "p")
            #expect(dmarc["organizationalDomain"] as? String == "healthy.test")
            let dkim = try #require((domain["dkim"] as? [[String: Any]])?.first)
            #expect(dkim["salesforceHosted"] as? Bool == true)
            #expect(dkim["keyBits"] as? Int == 2048)
        }
    }

    @Test func nullMXAndNXDOMAINAreFindings() async throws {
        try await DNSTestZones.withServer { server in
            let nullMX = try await Self.dns(["check", "nullmx.test"], server)
            #expect(nullMX.status == 1, "\(nullMX.stdout)\(nullMX.stderr)")
            #expect(nullMX.stdout.contains("! mx.null:"))
            #expect(nullMX.stdout.contains("null MX: accepts no mail"))

            let missing = try await Self.dns(["check", "gone.test", "--json"], server)
            #expect(missing.status == 1)
            let domain = try #require(try Self.domains(missing.stdout).first)
            #expect((domain["mx"] as? [String: Any])?["route"] as? String == "nxdomain")
            let codes = (domain["problems"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["domain.nxdomain"])
        }
    }

    @Test func spfOverTheLimitNamesTheInclude() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["check", "overlimit.test"], server)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("12 DNS lookups (limit 10)"))
            #expect(run.stdout.contains("over the limit at 'include:_spf.heavy.overlimit.test'"))
            let json = try await Self.dns(["check", "overlimit.test", "--json"], server)
            let spf = try #require(try Self.domains(json.stdout).first?["spf"] as? [String: Any])
            let crossing = try #require(spf["limitCrossing"] as? [String: Any])
            #expect(crossing["include"] as? String == "include:_spf.heavy.overlimit.test")
            #expect(crossing["domain"] as? String == "_spf.heavy.overlimit.test")
            #expect(spf["dnsLookups"] as? Int == 12)
        }
    }

    @Test func servfailIsIncompleteNotAFinding() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["check", "broken.test"], server)
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("broken.test: INCOMPLETE"))
            #expect(run.stdout.contains("? mx.unknown"))
            #expect(!run.stdout.contains("! "))
        }
    }

    @Test func silentNameserverIsUnavailable() async throws {
        try await withSilentServer { server in
            let run = try await RunBinary.run([
                "dns", "check", "healthy.test", "--nameserver", server.address.description, "--dns-timeout", "0.3",
            ])
            #expect(run.status == 69, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.hasPrefix("error: no DNS answer at all from \(server.address.description)"))
        }
    }

    @Test func jsonShapeIsTheSameWhateverTheOutcome() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(
                ["check", "healthy.test", "nullmx.test", "gone.test", "overlimit.test", "broken.test", "--dkim-selector", "s1", "--json"],
                server)
            #expect(run.status == 1)
            let domains = try Self.domains(run.stdout)
            #expect(domains.compactMap { $0["domain"] as? String } == ["healthy.test", "nullmx.test", "gone.test", "overlimit.test", "broken.test"])
            #expect(domains.compactMap { $0["status"] as? String } == ["ok", "findings", "findings", "findings", "incomplete"])
            let shapes = domains.map { Self.shape($0) }
            for shape in shapes { #expect(shape == shapes[0]) }
            #expect(shapes[0].contains("spf.limitCrossing"))
            #expect(shapes[0].contains("dmarc.recordDomain"))
            #expect(run.stdout.contains("\"limitCrossing\" : null"))
            let crossing = try #require((domains[3]["spf"] as? [String: Any])?["limitCrossing"] as? [String: Any])
            #expect(Set(crossing.keys) == ["include", "term", "domain", "count", "path"])
        }
    }

    @Test func internationalizedDomainIsLookedUpAsALabels() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["check", "bücher.test", "--json"], server)
            let domain = try #require(try Self.domains(run.stdout).first)
            #expect(domain["domain"] as? String == "xn--bcher-kva.test")
            #expect(domain["unicodeDomain"] as? String == "bücher.test")
            #expect((domain["mx"] as? [String: Any])?["route"] as? String == "mx")
        }
    }

    @Test func badArgumentsAreUsageErrors() async throws {
        let nameserver = try await RunBinary.run(["dns", "check", "healthy.test", "--nameserver", "dns.example:53"])
        #expect(nameserver.status == 64)
        #expect(nameserver.stderr.contains("--nameserver"))
        let domain = try await RunBinary.run(["dns", "check", "not a domain", "--nameserver", "127.0.0.1:9"])
        #expect(domain.status == 64)
        let ip = try await RunBinary.run(["dns", "spf", "--ip", "300.1.1.1", "--sender", "a@healthy.test", "--nameserver", "127.0.0.1:9"])
        #expect(ip.status == 64)
        #expect(ip.stderr.contains("300.1.1.1"))
        let emptySender = try await RunBinary.run(["dns", "spf", "--ip", "192.0.2.1", "--sender", "", "--nameserver", "127.0.0.1:9"])
        #expect(emptySender.status == 64)
        #expect(emptySender.stderr.contains("--helo"))
    }

    @Test(arguments: [
        (["--ip", "192.0.2.7", "--sender", "ada@healthy.test"], "pass", Int32(0)),
        (["--ip", "13.110.4.4", "--sender", "ada@healthy.test"], "pass", Int32(0)),
        (["--ip", "198.51.100.1", "--sender", "ada@healthy.test"], "fail", Int32(1)),
        (["--ip", "198.51.100.1", "--sender", "ada@soft.test"], "softfail", Int32(1)),
        (["--ip", "192.0.2.7", "--sender", "ada@badspf.test"], "permerror", Int32(1)),
        (["--ip", "192.0.2.1", "--sender", "ada@overlimit.test"], "pass", Int32(0)),
        (["--ip", "192.0.2.59", "--sender", "ada@overlimit.test"], "permerror", Int32(1)),
        (["--ip", "192.0.2.7", "--sender", "ada@broken.test"], "temperror", Int32(2)),
        (["--ip", "192.0.2.7", "--sender", "ada@gone.test"], "none", Int32(0)),
        (["--ip", "192.0.2.99", "--sender", "", "--helo", "mail.healthy.test"], "pass", Int32(0)),
        (["--ip", "192.0.2.98", "--sender", "", "--helo", "mail.healthy.test"], "fail", Int32(1)),
    ])
    func spfResults(arguments: [String], result: String, status: Int32) async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["spf"] + arguments, server)
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == Substring(result), "\(run.stdout)\(run.stderr)")
            #expect(lines.count == 3, "result, explanation, and the final newline: \(run.stdout)")
            #expect(run.status == status)
        }
    }

    @Test func spfVerboseAddsTheTrace() async throws {
        try await DNSTestZones.withServer { server in
            let run = try await Self.dns(["spf", "--ip", "13.110.4.4", "--sender", "ada@healthy.test", "--verbose"], server)
            #expect(run.status == 0)
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "pass")
            #expect(lines.count > 3)
            #expect(lines.dropFirst(2).contains { $0.contains("include:_spf.salesforce.com") })
        }
    }
}
