import Foundation
import MailDNS
import Testing

@Suite struct ResolverDebugTests {
    @Test func probe() async throws {
        let server = try await NSDServer.start(zones: NSDZone.standard)
        print("started")
        server.stop()
    }
    @Test func direct() async throws {
        let dns = try resolver(for: try NameserverAddress(parsing: "127.0.0.1:15353"), timeout: 1)
        print("RESULT", await dns.lookup("example.test", .soa))
    }
}
