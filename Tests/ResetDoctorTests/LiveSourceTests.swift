import Foundation
import Salesforce
import SalesforceAPI
import Testing
@testable import ResetDoctor

/// The live evidence source against a recorded HTTP table (the `HTTPClient` seam): query shapes, lookups, refusals.
@Suite("Live evidence source")
struct LiveSourceTests {
    /// Answers GET …/query?q=SOQL from a table keyed by the object queried; records every SOQL it was asked.
    final class TableHTTP: HTTPClient, @unchecked Sendable {
        let lock = NSLock()
        var asked: [String] = []
        let answer: @Sendable (String) -> HTTPResponse
        init(_ answer: @escaping @Sendable (String) -> HTTPResponse) { self.answer = answer }
        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
            let soql = components?.queryItems?.first { $0.name == "q" }?.value ?? request.url.path
            lock.withLock { asked.append(soql) }
            return answer(soql)
        }
    }

    struct FixedToken: AccessTokenProvider {
        var flowName: String { "test token" }
        func session() async throws(SalesforceAPIError) -> SalesforceSession {
            SalesforceSession(instanceURL: URL(string: "https://acme.my.salesforce.com")!, accessToken: Secret("00Dtest!token"))
        }
        func renew() async throws(SalesforceAPIError) -> SalesforceSession? { nil }
    }

    static func demoFile(_ name: String) -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? Data(contentsOf: root.appendingPathComponent("demos/in-spam/\(name)"))) ?? Data()
    }

    static let empty = Data(#"{"totalSize":0,"done":true,"records":[]}"#.utf8)

    static func demoAnswer(_ soql: String) -> HTTPResponse {
        let files = ["FROM User ": "user.json", "FROM UserLogin": "user-login.json", "FROM PermissionSetAssignment": "permissions.json",
                     "FROM SetupAuditTrail": "audit-trail.json", "FROM LoginHistory": "login-history.json",
                     "FROM EmailRelay": "email-relays.json", "FROM EmailDomainFilter": "email-domain-filters.json",
                     "FROM EmailDomainKey": "email-domain-keys.json"]
        if soql.contains("FROM User WHERE Username") { return HTTPResponse(status: 200, body: demoFile("user.json")) }
        for (marker, file) in files where soql.contains(marker) && !marker.hasPrefix("FROM User ") {
            return HTTPResponse(status: 200, body: demoFile(file))
        }
        if soql.contains("FROM Organization") {
            return HTTPResponse(status: 200, body: Data(#"{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Organization"},"Id":"00D5e000000HkZ2EAK","Name":"Acme Corporation","IsSandbox":false,"InstanceName":"NA1"}]}"#.utf8))
        }
        return HTTPResponse(status: 200, body: empty)
    }

    func source(_ http: TableHTTP, probe: Bool = false) -> LiveEvidenceSource {
        let client = SalesforceClient(http: http, auth: FixedToken())
        let fixed = Date(timeIntervalSince1970: 1_795_340_000.75)
        return LiveEvidenceSource(client: client, probeDeliverability: probe, instanceURL: { "https://acme.my.salesforce.com" }, clock: { fixed })
    }

    @Test("gathers every bundle part with design.md's queries, and the capture replays to the same evidence")
    func gathersEverything() async throws {
        let http = TableHTTP(Self.demoAnswer)
        let capture = try await source(http).gather(subject: "priya.natarajan@acme.example")
        #expect(capture.evidence.user.value??.id == "0055e000009Ab01QAA")
        #expect(capture.evidence.auditTrail.source == "audit-trail.json")
        #expect(Set(capture.files.files.keys) == ["manifest.json", "user.json", "user-login.json", "permissions.json", "audit-trail.json",
                                                 "login-history.json", "email-relays.json", "email-domain-filters.json", "email-domain-keys.json"])
        #expect(capture.manifest.org?.name == "Acme Corporation" && capture.manifest.org?.instanceUrl == "https://acme.my.salesforce.com")
        #expect(capture.evidence.now.timeIntervalSince1970 == 1_795_340_000, "whole seconds, as the manifest stores them")
        #expect(capture.rounds == 2)
        #expect(http.asked.contains { $0.hasPrefix("SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username, DelegateUser FROM SetupAuditTrail WHERE CreatedDate >= ") && $0.hasSuffix("ORDER BY CreatedDate DESC") })
        let replay = try BundleLoader.load(files: capture.files)
        #expect(replay.user == capture.evidence.user && replay.auditTrail == capture.evidence.auditTrail && replay.now == capture.evidence.now)
    }

    @Test("the subject is quoted: a quote and a backslash cannot break out of the literal")
    func quotesSubject() async throws {
        let http = TableHTTP { _ in HTTPResponse(status: 200, body: Self.empty) }
        let capture = try await source(http).gather(subject: #"o'brien\x@acme.example"#)
        #expect(http.asked.first == LiveQueries.user(where: .username, is: #"o'brien\x@acme.example"#))
        #expect(http.asked.first?.hasSuffix(#"WHERE Username = 'o\'brien\\x@acme.example'"#) == true)
        #expect(http.asked.contains { $0.contains("WHERE Email = ") }, "falls back to Email")
        #expect(capture.evidence.user.value == .some(nil), "no match is user.not-found, not an error")
    }

    @Test("an Id is looked up by Id only")
    func idLookup() {
        #expect(LiveQueries.userKeys(for: "0055e000009Ab01QAA") == [.id])
        #expect(LiveQueries.userKeys(for: "0055e000009Ab01") == [.id])
        #expect(LiveQueries.userKeys(for: "0065e000009Ab01QAA") == [.username])
        #expect(LiveQueries.userKeys(for: "a@b.example") == [.username, .email])
    }

    @Test("403 on SetupAuditTrail: that part is missing with the permission; the rest is there")
    func forbiddenPart() async throws {
        let http = TableHTTP { soql in
            soql.contains("SetupAuditTrail")
                ? HTTPResponse(status: 403, body: Data(#"[{"errorCode":"INSUFFICIENT_ACCESS","message":"no"}]"#.utf8))
                : Self.demoAnswer(soql)
        }
        let capture = try await source(http).gather(subject: "priya.natarajan@acme.example")
        #expect(capture.evidence.auditTrail.missingReason?.contains("View Setup and Configuration") == true)
        #expect(capture.files.files["audit-trail.json"] == nil)
        #expect(capture.evidence.userLogin.source == "user-login.json")
    }

    @Test("several users by email: a typed error listing them, exit 64")
    func ambiguous() async throws {
        let two = #"{"totalSize":2,"done":true,"records":[{"attributes":{"type":"User"},"Id":"005000000000001AAA","Username":"a@x.example","Email":"t@x.example","Name":"A","IsActive":true},{"attributes":{"type":"User"},"Id":"005000000000002AAA","Username":"b@x.example","Email":"t@x.example","Name":"B","IsActive":false}]}"#
        let http = TableHTTP { soql in HTTPResponse(status: 200, body: soql.contains("Email =") ? Data(two.utf8) : Self.empty) }
        await #expect(throws: LiveError.ambiguousUser(subject: "t@x.example", candidates: [
            .init(username: "a@x.example", name: "A", id: "005000000000001AAA", isActive: true),
            .init(username: "b@x.example", name: "B", id: "005000000000002AAA", isActive: false),
        ])) { try await source(http).gather(subject: "t@x.example") }
        #expect(LiveError.ambiguousUser(subject: "t", candidates: []).exitCode == 64)
    }

    @Test("the probe: success is All email; NoAccessException is unknown from apex-probe")
    func probe() throws {
        let success = DeliverabilityProbe.interpret(ExecuteAnonymousResult(compiled: true, success: true))
        #expect(success.settings == OrgSettings(deliverabilityLevel: .all, deliverabilitySource: .apexProbe))
        let denied = DeliverabilityProbe.interpret(ExecuteAnonymousResult(
            compiled: true, success: false, exceptionMessage: "System.NoAccessException: The organization is not permitted to send email."))
        #expect(denied.settings == OrgSettings(deliverabilityLevel: .unknown, deliverabilitySource: .apexProbe))
        #expect(denied.note.contains("System email only") && denied.note.contains("No access"))
        let file = DeliverabilityProbe.file(try #require(denied.settings))
        #expect((try? OrgSettingsFile.parse(file, file: "org-settings.json")) == denied.settings)
    }
}
