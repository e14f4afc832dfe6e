import Foundation
@testable import TestSupport
import MailDNS
import Testing

/// The worker pool, cache, in-flight sharing and cancellation of LdnsResolver.
@Suite("LdnsResolver concurrency and cache")
struct ResolverConcurrencyTests {
    static let names = ["example.test", "mx1.example.test", "mx2.example.test", "www.example.test", "long.example.test",
                        "host.example.test", "nope.example.test", "implicit.example.test", "nullmx.example.test", "other.test"]
    static let types: [DNSRecordType] = [.a, .aaaa, .mx, .txt, .soa]

    @Test func fiftyConcurrentLookupsAllComplete() async throws {
        try await withNSD { server in
            let dns = try resolver(for: server.address)
            let results = await withTaskGroup(of: DNSLookupResult.self) { group in
                for name in Self.names { for type in Self.types { group.addTask { await dns.lookup(name, type) } } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 50)
            #expect(results.filter { !$0.isDefinite }.isEmpty)
        }
    }

    @Test func cachedAnswerDoesNotReachTheServerUntilItsTTLRunsOut() async throws {
        try await withNSD { server in
            let clock = ManualDNSCacheClock()
            let dns = try resolver(for: server.address, cache: true, clock: clock)
            let first = await dns.lookup("example.test", .a)
            #expect(dns.queriesSent == 1)
            #expect(await dns.lookup("Example.Test.", .a) == first)
            #expect(dns.queriesSent == 1)
            clock.advance(by: 301)
            #expect(await dns.lookup("example.test", .a) == first)
            #expect(dns.queriesSent == 2)
        }
    }

    @Test func negativeAnswerIsCachedForTheSOAMinimum() async throws {
        try await withNSD { server in
            let clock = ManualDNSCacheClock()
            let dns = try resolver(for: server.address, cache: true, clock: clock)
            #expect(await dns.lookup("nope.example.test", .a) == .nxDomain)
            // The first negative answer also asks the resolver once whether it answers for the internet (com. SOA).
            #expect(dns.queriesSent == 2)
            clock.advance(by: 119)
            #expect(await dns.lookup("nope.example.test", .a) == .nxDomain)
            #expect(dns.queriesSent == 2)
            clock.advance(by: 2)  // SOA minimum is 120
            #expect(await dns.lookup("nope.example.test", .a) == .nxDomain)
            #expect(dns.queriesSent == 3)
        }
    }

    @Test func timeoutsAreNeverCached() async throws {
        try await withSilentServer { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 0.2, retries: 0, cacheEnabled: true))
            guard case .timeout = await dns.lookup("example.test", .a) else { Issue.record("expected a timeout"); return }
            guard case .timeout = await dns.lookup("example.test", .a) else { Issue.record("expected a timeout"); return }
            #expect(dns.queriesSent == 2)
        }
    }

    @Test func concurrentIdenticalLookupsShareOneQuery() async throws {
        try await withSilentServer { server in
            // A silent server keeps the first query in flight while the others arrive.
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 0.5, retries: 0))
            let results = await withTaskGroup(of: DNSLookupResult.self) { group in
                for _ in 0..<10 { group.addTask { await dns.lookup("example.test", .mx) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 10)
            #expect(dns.queriesSent == 1)
        }
    }

    @Test func cancelledLookupReturnsCancelledAtOnce() async throws {
        try await withSilentServer { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 30, retries: 0))
            let lookup = Task { await dns.lookup("example.test", .a) }
            try await Task.sleep(nanoseconds: 50_000_000)
            lookup.cancel()
            #expect(await lookup.value == .error("cancelled"))
        }
    }

    @Test func lookupInAnAlreadyCancelledTaskIsCancelled() async throws {
        try await withSilentServer { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 30, retries: 0))
            let lookup = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await dns.lookup("example.test", .a)
            }
            #expect(await lookup.value == .error("cancelled"))
        }
    }

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1:53"), ("192.0.2.1:5353", "192.0.2.1:5353"), ("::1", "[::1]:53"),
        ("[::1]", "[::1]:53"), ("[2001:db8::1]:5300", "[2001:db8::1]:5300"),
    ])
    func nameserverAddressesParse(text: String, expected: String) throws {
        #expect(try NameserverAddress(parsing: text).description == expected)
    }

    @Test(arguments: ["dns.google", "192.0.2.1:0", "192.0.2.1:99999", "[::1", "[::1]x", ""])
    func badNameserverAddressesAreTypedErrors(text: String) {
        #expect(throws: LdnsResolverError.self) { try NameserverAddress(parsing: text) }
    }
}
