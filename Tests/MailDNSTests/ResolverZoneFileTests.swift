import Foundation
@testable import TestSupport
import MailDNS
import Testing

/// ZoneFileResolver answers like nsd serving the same files; RecordingResolver writes files that replay the same.
@Suite("ZoneFileResolver and RecordingResolver")
struct ResolverZoneFileTests {
    struct Query: Sendable, CustomTestStringConvertible {
        var name: String
        var type: DNSRecordType
        var testDescription: String { "\(name) \(type.rawValue)" }
    }

    static let queries: [Query] = ([
        ("example.test", .a), ("example.test", .aaaa), ("example.test", .mx), ("example.test", .txt), ("example.test", .soa),
        ("example.test", .ns), ("mx1.example.test", .a), ("mx1.example.test", .mx), ("long.example.test", .txt),
        ("big700.example.test", .txt), ("huge.example.test", .txt), ("www.example.test", .a), ("www.example.test", .cname),
        ("alias-nodata.example.test", .txt), ("alias-nx.example.test", .a), ("alias-out.example.test", .a),
        ("nullmx.example.test", .mx), ("implicit.example.test", .mx), ("implicit.example.test", .aaaa),
        ("nope.example.test", .a), ("b.c.ent.example.test", .a), ("c.ent.example.test", .txt), ("x.ent.example.test", .a),
        ("dangling.example.test", .mx), ("nowhere.example.test", .a), ("target.other.test", .a), ("other.test", .mx),
    ] as [(String, DNSRecordType)]).map { Query(name: $0.0, type: $0.1) }

    /// Record order within an RRset is not significant.
    static func normalized(_ result: DNSLookupResult) -> DNSLookupResult {
        guard case .records(let records, let ttl, let chain) = result else { return result }
        return .records(records.sorted { "\($0)" < "\($1)" }, ttl: ttl, cnameChain: chain)
    }

    @Test(arguments: queries)
    func zoneFilesAnswerLikeNSD(query: Query) async throws {
        let offline = try ZoneFileResolver(zoneFiles: Fixtures.zoneFiles())
        let expected = Self.normalized(await offline.lookup(query.name, query.type))
        try await withNSD { server in
            let live = try resolver(for: server.address)
            #expect(Self.normalized(await live.lookup(query.name, query.type)) == expected)
        }
    }

    @Test func loopsAndForeignNamesAreErrorsOffline() async throws {
        let offline = try ZoneFileResolver(zoneFiles: Fixtures.zoneFiles())
        guard case .error(let loop) = await offline.lookup("loop1.example.test", .a) else { Issue.record("no loop error"); return }
        #expect(loop.contains("CNAME loop"))
        #expect(await offline.lookup("example.org", .mx) == .error("no zone file covers example.org"))
        #expect(offline.zoneApexes == ["example.test", "other.test"])
    }

    @Test func originComesFromTheFileNameWhenThereIsNoSOA() async throws {
        let offline = try ZoneFileResolver(zoneFiles: ["corp.test.zone": Data("$TTL 60\n@ IN MX 5 mail\nmail IN A 192.0.2.9\n".utf8)])
        #expect(await offline.lookup("corp.test", .mx) == .records([.mx(preference: 5, exchange: "mail.corp.test")], ttl: 60, cnameChain: []))
        #expect(await offline.lookup("corp.test", .a) == .noData)
    }

    @Test func malformedZoneFileIsATypedErrorWithItsLine() {
        let bad = Data("$ORIGIN bad.test.\n@ IN A 192.0.2.1\nwww IN A 192.0.2\n".utf8)
        do {
            _ = try ZoneFileResolver(zoneFiles: ["bad.test.zone": bad])
            Issue.record("a malformed zone file was accepted")
        } catch {
            #expect(error.file == "bad.test.zone")
            #expect(error.line == 3)
            #expect(!error.problem.isEmpty)
        }
    }

    @Test func recordedAnswersReplayTheSame() async throws {
        try await withNSD { server in
            let recorder = RecordingResolver(try resolver(for: server.address))
            var seen: [DNSLookupResult] = []
            for query in Self.queries { seen.append(Self.normalized(await recorder.lookup(query.name, query.type))) }
            let files = recorder.zoneFiles()
            let replay = try ZoneFileResolver(zoneFiles: files)
            for (query, answer) in zip(Self.queries, seen) {
                #expect(Self.normalized(await replay.lookup(query.name, query.type)) == answer, "\(query.testDescription)")
            }
            #expect(recorder.unanswered.isEmpty)
        }
    }

    @Test func recordingOfANameThatDoesNotExistReplaysAsNXDOMAIN() async throws {
        let inner = InMemoryResolver(["typo-domain.test": [:]])  // InMemoryResolver: unknown names are NXDOMAIN
        let recorder = RecordingResolver(inner)
        #expect(await recorder.lookup("gmial.test", .mx) == .nxDomain)
        #expect(await recorder.lookup("typo-domain.test", .mx) == .noData)
        let replay = try ZoneFileResolver(zoneFiles: recorder.zoneFiles())
        #expect(await replay.lookup("gmial.test", .mx) == .nxDomain)
        #expect(await replay.lookup("typo-domain.test", .mx) == .noData)
    }

    @Test func failuresAreListedNotReplayedAsAnswers() async throws {
        let recorder = RecordingResolver(InMemoryResolver(["slow.test": [.mx: .timeout("no answer from 192.0.2.53:53")]]))
        _ = await recorder.lookup("slow.test", .mx)
        #expect(recorder.unanswered.map(\.name) == ["slow.test"])
        #expect(recorder.zoneFiles().isEmpty)  // no file covers slow.test, so a replay says so instead of NXDOMAIN
        let replay = try ZoneFileResolver(zoneFiles: recorder.zoneFiles())
        #expect(await replay.lookup("slow.test", .mx) == .error("no zone file covers slow.test"))
    }

    /// A failure inside a domain that has a file replays as that failure for exactly its name and type, never as
    /// whatever else the file says (NXDOMAIN, NODATA).
    @Test func failuresInsideARecordedDomainReplayAsFailures() async throws {
        let recorder = RecordingResolver(InMemoryResolver([
            "acme.test": [.mx: .records([.mx(preference: 10, exchange: "mx1.acme.test")], ttl: 300, cnameChain: []),
                          .txt: .serverFailure("192.0.2.53:53 answered SERVFAIL for acme.test TXT")],
            "_dmarc.acme.test": [.txt: .timeout("no answer from 192.0.2.53:53 within 3 s")],
            "mx1.acme.test": [.a: .unusable("192.0.2.53:53 answered FORMERR for mx1.acme.test A")],
        ]))
        for (name, type) in [("acme.test", DNSRecordType.mx), ("acme.test", .txt), ("_dmarc.acme.test", .txt), ("mx1.acme.test", .a)] {
            _ = await recorder.lookup(name, type)
        }
        let files = recorder.zoneFiles()
        #expect(files.keys.sorted() == ["acme.test.zone"])
        let text = String(decoding: files["acme.test.zone"] ?? Data(), as: UTF8.self)
        #expect(text.contains("TYPE65281"))
        let replay = try ZoneFileResolver(zoneFiles: files)
        #expect(await replay.lookup("acme.test", .mx).records == [.mx(preference: 10, exchange: "mx1.acme.test")])
        #expect(await replay.lookup("acme.test", .txt) == .serverFailure("when the bundle was captured: 192.0.2.53:53 answered SERVFAIL for acme.test TXT"))
        #expect(await replay.lookup("_dmarc.acme.test", .txt) == .timeout("when the bundle was captured: no answer from 192.0.2.53:53 within 3 s"))
        #expect(await replay.lookup("mx1.acme.test", .a) == .unusable("when the bundle was captured: 192.0.2.53:53 answered FORMERR for mx1.acme.test A"))
        // A marker does not make its name exist: another type at a name only a failure was recorded for stays NXDOMAIN.
        #expect(await replay.lookup("_dmarc.acme.test", .mx) == .nxDomain)
    }

    /// Nothing a broken resolver said is written, not even the answers it gave before it gave itself away.
    @Test func nothingIsRecordedFromAnUntrustedResolver() async throws {
        try await withHostileDNS(mode: "nxdomain-all") { server in
            let recorder = RecordingResolver(try resolver(for: server.address))
            _ = await recorder.lookup("acme.com", .mx)
            #expect(recorder.trustProblem?.contains("says com. does not exist") == true)
            #expect(recorder.zoneFiles().isEmpty)
            #expect(recorder.unanswered.count == 1)
        }
    }

    /// A name with a space (from an SPF %_ macro) or other bytes is written escaped and reads back as itself.
    @Test func namesOfAnyBytesRoundTrip() async throws {
        let recorder = RecordingResolver(InMemoryResolver([
            "acme.test": [.txt: .records([.txt(["v=spf1 exists:a%_b.%{d} -all"])], ttl: 300, cnameChain: [])],
            "a b.acme.test": [.a: .records([.a("127.0.0.2")], ttl: 300, cnameChain: [])],
            "c(d);é.acme.test": [.a: .records([.a("127.0.0.3")], ttl: 300, cnameChain: [])],
        ]))
        for name in ["acme.test", "a b.acme.test", "c(d);é.acme.test"] { _ = await recorder.lookup(name, name == "acme.test" ? .txt : .a) }
        let replay = try ZoneFileResolver(zoneFiles: recorder.zoneFiles())
        #expect(await replay.lookup("a b.acme.test", .a).records == [.a("127.0.0.2")])
        #expect(await replay.lookup("c(d);é.acme.test", .a).records == [.a("127.0.0.3")])
    }
}
