import Foundation
@testable import TestSupport
@testable import MailDNS
import Testing

/// The live resolver against scripts/hostile_dns.py: no answer that does not belong to its question is used, and a
/// resolver that denies a public suffix is reported once and believed in nothing.
@Suite("LdnsResolver against hostile DNS servers")
struct ResolverTrustTests {
    static func fast(_ server: HostileDNSServer) throws -> LdnsResolver {
        try LdnsResolver(.init(nameserver: .address(server.address), timeout: 0.5, retries: 0, maxInFlight: 4, cacheEnabled: true))
    }

    /// Modes that deny names: the suffix probe (com. SOA) catches them, and the reason names com.
    @Test(arguments: [
        ("nxdomain-all", "says com. does not exist: it is not answering for the internet; use --nameserver"),
        ("nxdomain-all-with-soa", "says com. does not exist: it is not answering for the internet; use --nameserver"),
        ("nodata-all", "says com. has no SOA record: it is not answering for the internet; use --nameserver"),
        ("foreign-owner", "says com. has no SOA record: it is not answering for the internet; use --nameserver"),
    ])
    func resolverThatDeniesASuffixIsBroken(mode: String, reason: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let dns = try Self.fast(server)
            let expected = "the resolver at \(server.address) \(reason)"
            for (name, type) in [("acme.com", DNSRecordType.mx), ("acme.example", .mx), ("_dmarc.acme.example", .txt), ("acme.com", .a)] {
                let answer = await dns.lookup(name, type)
                #expect(answer == .unusable(expected), "\(mode): \(name) \(type)")
                #expect(!answer.isDefinite)
            }
            #expect(dns.trustProblem == expected)
            // The probe was sent once, whatever the number of lookups.
            #expect(server.queries.filter { $0 == "com. 6" }.count == 1)
        }
    }

    /// Replies that do not answer the question are never used, and make the resolver untrusted.
    @Test(arguments: [
        ("wrong-id", "is not the query's"),
        ("forged-null-mx-wrong-id", "is not the query's"),
        ("qr0-echo", "the QR bit is 0"),
        ("wrong-question", "it is about wrong-question.invalid, not acme.com"),
        ("truncated-garbage", "a reply that cannot be read"),
    ])
    func repliesThatDoNotAnswerTheQuestionAreRejected(mode: String, why: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let dns = try Self.fast(server)
            let answer = await dns.lookup("acme.com", .mx)
            guard case .unusable(let reason) = answer else {
                Issue.record("\(mode): \(answer) was accepted")
                return
            }
            #expect(reason.contains(why), "\(reason)")
            let problem = try #require(dns.trustProblem)
            #expect(problem.hasPrefix("the resolver at \(server.address) sent "))
            #expect(problem.hasSuffix("its answers are not trusted; use --nameserver"))
            #expect(await dns.lookup("other.com", .a) == .unusable(problem))
        }
    }

    /// FORMERR and NOTIMP come from a server that was reached: unusable answers, not timeouts, and no trust problem.
    @Test(arguments: [("formerr", "FORMERR"), ("notimp", "NOTIMP")])
    func formerrAndNotimpAreAnswers(mode: String, rcode: String) async throws {
        try await withHostileDNS(mode: mode) { server in
            let dns = try Self.fast(server)
            let answer = await dns.lookup("acme.com", .mx)
            guard case .unusable(let reason) = answer else {
                Issue.record("\(mode): \(answer)")
                return
            }
            #expect(reason.contains(rcode))
            #expect(dns.trustProblem == nil)
        }
    }

    @Test func servfailAndSilenceStayWhatTheyAre() async throws {
        try await withHostileDNS(mode: "servfail") { server in
            guard case .serverFailure = try await Self.fast(server).lookup("acme.com", .mx) else {
                Issue.record("SERVFAIL was not a server failure")
                return
            }
        }
        try await withHostileDNS(mode: "silent") { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 0.2, retries: 0, maxInFlight: 1))
            guard case .timeout = await dns.lookup("acme.com", .mx) else {
                Issue.record("silence was not a timeout")
                return
            }
            #expect(dns.trustProblem == nil)
        }
    }

    /// nsd sends the SOA with every negative answer (RFC 2308): NXDOMAIN and NODATA stay proof, even though nsd
    /// refuses the com. probe.
    @Test func nsdNegativeAnswersStayProof() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("nope.example.test", .mx) == .nxDomain)
            #expect(await dns.lookup("mx1.example.test", .mx) == .noData)
            #expect(await dns.lookup("alias-nx.example.test", .a) == .nxDomain)
            #expect(await dns.lookup("nullmx.example.test", .mx).records == [.mx(preference: 0, exchange: ".")])
            #expect(dns.trustProblem == nil)
        }
    }

    @Test func publicSuffixesComeFromTheList() {
        #expect(PublicSuffixes.listedSuffix(of: "www.acme.co.uk") == "co.uk")
        #expect(PublicSuffixes.listedSuffix(of: "acme.com.") == "com")
        #expect(PublicSuffixes.listedSuffix(of: "acme.test") == nil)
        #expect(PublicSuffixes.probeSuffix(for: "acme.example") == "com")
    }

    /// RFC 7208 §7.3: %_ expands to a space and %- to %20; the names reach nsd byte for byte.
    @Test func macroExpansionWithSpacesWorksOverRealDNS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spf-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let zone = directory.appendingPathComponent("bytes.test.zone")
        try """
            $ORIGIN bytes.test.
            $TTL 300
            @ IN SOA ns1.bytes.test. hostmaster.bytes.test. 1 3600 600 86400 60
            @ IN NS ns1
            ns1 IN A 127.0.0.1
            space IN TXT "v=spf1 exists:a%_b.%{d} -all"
            a\\032b.space IN A 127.0.0.2
            percent IN TXT "v=spf1 exists:c%-d.%{d} -all"
            c%20d.percent IN A 127.0.0.2

            """.write(to: zone, atomically: true, encoding: .utf8)
        try await withNSD(zones: [NSDZone(name: "bytes.test", file: zone)]) { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("a b.space.bytes.test", .a).records == [.a("127.0.0.2")])
            let evaluator = SPFEvaluator(resolver: dns)
            let space = await evaluator.checkHost(ip: "192.0.2.1", domain: "space.bytes.test", sender: "x@space.bytes.test", helo: "h.test")
            #expect(space.result == .pass)
            let percent = await evaluator.checkHost(ip: "192.0.2.1", domain: "percent.bytes.test", sender: "x@percent.bytes.test", helo: "h.test")
            #expect(percent.result == .pass)
        }
    }
}
