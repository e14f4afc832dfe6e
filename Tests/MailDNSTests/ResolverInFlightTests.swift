import Foundation
import MailDNS
import Testing
@testable import TestSupport

/// LdnsResolver's bound on queries in flight, against scripts/slow_dns.py, which holds every query for a while and
/// counts the most it held at once.
@Suite("LdnsResolver in-flight bound")
struct ResolverInFlightTests {
    static func lookUpAll(_ names: [String], _ dns: LdnsResolver) async -> [DNSLookupResult] {
        await withTaskGroup(of: (Int, DNSLookupResult).self) { group in
            for (index, name) in names.enumerated() { group.addTask { (index, await dns.lookup(name, .mx)) } }
            var results = [DNSLookupResult](repeating: .error("missing"), count: names.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    @Test(arguments: [1, 16])
    func neverMoreQueriesInFlightThanTheBound(bound: Int) async throws {
        try await withSlowDNS(delayMilliseconds: 30) { server in
            let dns = try LdnsResolver(.init(
                nameserver: .address(server.address), timeout: 5, retries: 0, maxInFlight: bound, cacheEnabled: false))
            defer { dns.shutDown() }
            let names = (1...48).map { "d\($0).bench.test" }
            let results = await Self.lookUpAll(names, dns)
            for (name, result) in zip(names, results) {
                #expect(result.records == [.mx(preference: 10, exchange: "mx1.\(name)")], "\(name): \(result)")
            }
            #expect(dns.workerThreads <= bound)
            let held = server.statistics.maxInFlight
            #expect(held <= bound, "the server held \(held) queries at once")
            if bound > 1 { #expect(held > 1, "lookups went one at a time") }
        }
    }

    @Test func theDefaultBoundIsHundredsAndHolds() async throws {
        try await withSlowDNS(delayMilliseconds: 200) { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 5, retries: 0, cacheEnabled: false))
            defer { dns.shutDown() }
            #expect(dns.configuration.maxInFlight == LdnsResolver.defaultMaxInFlight)
            #expect(LdnsResolver.defaultMaxInFlight >= 256)
            let names = (1...(LdnsResolver.defaultMaxInFlight + 44)).map { "d\($0).bench.test" }
            let results = await Self.lookUpAll(names, dns)
            #expect(results.filter { $0.records.isEmpty }.isEmpty)
            #expect(dns.workerThreads <= LdnsResolver.defaultMaxInFlight)
            #expect(server.statistics.maxInFlight <= LdnsResolver.defaultMaxInFlight)
            #expect(server.statistics.maxInFlight > 32, "hundreds in flight, not a handful")
        }
    }

    @Test func concurrentLookupsOfOneNameShareOneQueryUnderLoad() async throws {
        try await withSlowDNS(delayMilliseconds: 50) { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 5, retries: 0, maxInFlight: 8))
            defer { dns.shutDown() }
            let names = (0..<200).map { "d\($0 % 10).bench.test" }
            let results = await Self.lookUpAll(names, dns)
            #expect(results.filter { $0.records.isEmpty }.isEmpty)
            #expect(dns.queriesSent == 10)
        }
    }

    @Test func lookupsAfterShutDownAnswerAtOnceWithAnError() async throws {
        try await withSlowDNS(delayMilliseconds: 10) { server in
            let dns = try LdnsResolver(.init(nameserver: .address(server.address), timeout: 5, retries: 0))
            #expect(await dns.lookup("d1.bench.test", .mx).records.count == 1)
            dns.shutDown()
            #expect(dns.workerThreads == 0, "shutDown waits for the threads to end")
            #expect(await dns.lookup("d2.bench.test", .mx) == .error("the resolver was shut down"))
        }
    }
}
