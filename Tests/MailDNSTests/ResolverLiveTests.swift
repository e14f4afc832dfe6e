import Foundation
@testable import TestSupport
import MailDNS
import Testing

/// LdnsResolver against a real nsd on 127.0.0.1 serving Fixtures/*.zone.
@Suite("LdnsResolver against nsd")
struct ResolverLiveTests {
    @Test func addressAndMailRecords() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("example.test", .a) == .records([.a("192.0.2.10")], ttl: 300, cnameChain: []))
            #expect(await dns.lookup("EXAMPLE.test.", .aaaa) == .records([.aaaa("2001:db8::10")], ttl: 300, cnameChain: []))
            let mx = await dns.lookup("example.test", .mx)
            #expect(Set(mx.records) == [.mx(preference: 10, exchange: "mx1.example.test"), .mx(preference: 20, exchange: "mx2.example.test")])
            #expect(await dns.lookup("example.test", .txt) == .records([.txt(["v=spf1 -all"])], ttl: 300, cnameChain: []))
            #expect(await dns.lookup("nullmx.example.test", .mx).records == [.mx(preference: 0, exchange: ".")])
        }
    }

    @Test func longTXTRecordsKeepTheirStrings() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("long.example.test", .txt).records == [.txt(["part one ", "part two ", "part three"])])
            let big = await dns.lookup("big700.example.test", .txt).records
            #expect(big == [.txt([String(repeating: "a", count: 255), String(repeating: "b", count: 255), String(repeating: "c", count: 190)])])
        }
    }

    @Test func rrsetLargerThanUDPSizeComesBackOverTCP() async throws {
        try await withNSD { server in
            let records = try await resolver(for: server.address).lookup("huge.example.test", .txt).records
            #expect(records.count == 6)
            let bytes = records.reduce(0) { sum, record in
                guard case .txt(let strings) = record else { return sum }
                return sum + strings.joined().utf8.count
            }
            #expect(bytes > 1232)
        }
    }

    @Test func cnameChainsAreFollowedAndRecorded() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("www.example.test", .a) == .records([.a("192.0.2.80")], ttl: 60, cnameChain: ["web.example.test", "host.example.test"]))
            #expect(await dns.lookup("alias-out.example.test", .a) == .records([.a("198.51.100.7")], ttl: 300, cnameChain: ["target.other.test"]))
            #expect(await dns.lookup("alias-nodata.example.test", .txt) == .noData)
            #expect(await dns.lookup("alias-nx.example.test", .a) == .nxDomain)
            #expect(await dns.lookup("www.example.test", .cname).records == [.cname("web.example.test")])
        }
    }

    @Test func cnameLoopIsAnErrorNotAHang() async throws {
        try await withNSD { server in
            let result = try await resolver(for: server.address).lookup("loop1.example.test", .a)
            guard case .error(let message) = result else {
                Issue.record("expected a CNAME loop error, got \(result)")
                return
            }
            #expect(message.contains("CNAME loop"))
        }
    }

    @Test func nxDomainNoDataAndEmptyNonTerminals() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            #expect(await dns.lookup("nope.example.test", .a) == .nxDomain)
            #expect(await dns.lookup("mx1.example.test", .mx) == .noData)
            #expect(await dns.lookup("b.c.ent.example.test", .a) == .noData)
            #expect(await dns.lookup("x.ent.example.test", .a) == .nxDomain)
        }
    }

    @Test func zoneWithMissingFileIsServerFailureAndForeignZoneIsRefused() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            guard case .serverFailure(let why) = await dns.lookup("broken.test", .a) else {
                Issue.record("expected SERVFAIL")
                return
            }
            #expect(why.contains(server.address.description))
            guard case .refused = await dns.lookup("elsewhere.invalid", .a) else {
                Issue.record("expected REFUSED for a zone nsd does not serve")
                return
            }
        }
    }

    @Test func silentServerTimesOutAndNamesTheServer() async throws {
        try await withSilentServer { server in
            let dns = try resolver(for: server.address, timeout: 0.3)
            let result = await dns.lookup("example.test", .a)
            guard case .timeout(let message) = result else {
                Issue.record("expected a timeout, got \(result)")
                return
            }
            #expect(message.contains(server.address.description))
        }
    }
}
