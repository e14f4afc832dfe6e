import Foundation
import MailDNS
import Testing
@testable import ResetDoctor

/// A bundle's dns/*.zone files become the DNS context its checks replay; a malformed one is a BundleError.
@Suite struct BundleDNSTests {
    static let zone = """
        $ORIGIN acme.example.
        acme.example.\t3600\tIN\tMX\t10 mx1.acme.example.
        mx1.acme.example.\t3600\tIN\tA\t192.0.2.25
        """

    func bundle(dns: [String: String]) throws -> BundleFiles {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files = files.files.filter { !$0.key.hasPrefix("dns/") }
        for (name, text) in dns { files.files["dns/" + name] = Data(text.utf8) }
        files.origin = "tickets/4711"
        return files
    }

    @Test func zoneFilesGiveAZoneFileResolverContext() async throws {
        let evidence = try BundleLoader.load(files: bundle(dns: ["acme.example.zone": Self.zone]))
        let context = try #require(evidence.dns.value)
        #expect(evidence.dns.source == "dns/")
        #expect(context.description == "dns/ zone files of the bundle")
        #expect(context.resolver is ZoneFileResolver)
        #expect(context.source == DNSSource(kind: .bundle, description: "recorded in the bundle's dns/ (1 zone file)"))
        #expect(await context.resolver.lookup("acme.example", .mx).records == [.mx(preference: 10, exchange: "mx1.acme.example")])
    }

    @Test func aBundleDirectoryOnDiskReadsItsDNSFolder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-dns-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("dns"), withIntermediateDirectories: true)
        for (name, data) in try DemoCatalog.files(named: "in-spam").files where !name.hasPrefix("dns/") {
            try data.write(to: directory.appendingPathComponent(name))
        }
        try Data(Self.zone.utf8).write(to: directory.appendingPathComponent("dns/acme.example.zone"))
        let evidence = try BundleLoader.load(path: directory.path)
        let context = try #require(evidence.dns.value)
        #expect(await context.resolver.lookup("mx1.acme.example", .a).records == [.a("192.0.2.25")])
    }

    @Test func noDNSFolderLeavesDNSMissing() throws {
        let evidence = try BundleLoader.load(files: bundle(dns: [:]))
        #expect(evidence.dns.value == nil)
        #expect(evidence.dns.missingReason == "the bundle holds no DNS answers; --live-dns looks them up now")
    }

    @Test func aMalformedZoneIsABundleErrorWithFileAndLine() throws {
        let broken = Self.zone + "\nmx2.acme.example.\t3600\tIN\tA\tnot-an-address\n"
        let error = try expectBundleError(in: "tickets/4711/dns/acme.example.zone") {
            try BundleLoader.load(files: bundle(dns: ["acme.example.zone": broken]))
        }
        #expect(error.problem.hasPrefix("line "))
        #expect(error.hint.contains("zone file"))
    }

    @Test(arguments: DemoCatalog.names)
    func everyDemoHasADNSContext(name: String) throws {
        let evidence = try DemoCatalog.evidence(named: name)
        #expect(evidence.dns.value?.resolver is ZoneFileResolver, "\(name)")
        #expect(evidence.dns.source == "dns/")
    }
}
