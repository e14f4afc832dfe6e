import Foundation
import Testing
@testable import Salesforce

@Suite("Bundle files")
struct BundleFilesTests {
    @Test func fullManifest() throws {
        let json = """
        {"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00.123Z","subject":"ana@acme.com",
         "window":{"from":"2026-11-15T09:30:00Z","to":"2026-11-22T09:30:00+00:00"},
         "org":{"id":"00DHs000000AbCd","name":"Acme","isSandbox":false,"instanceUrl":"https://acme.my.salesforce.com"}}
        """
        let manifest = try ManifestFile.parse(data(json), file: "manifest.json")
        #expect(manifest == BundleManifest(
            capturedAt: utc("2026-11-22T09:30:00Z").addingTimeInterval(0.123), subject: "ana@acme.com",
            window: .init(from: utc("2026-11-15T09:30:00Z"), to: utc("2026-11-22T09:30:00Z")),
            org: .init(id: "00DHs000000AbCd", name: "Acme", isSandbox: false, instanceUrl: "https://acme.my.salesforce.com")))
    }

    @Test func minimalManifest() throws {
        let json = #"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"005A","org":null}"#
        #expect(try ManifestFile.parse(data(json), file: "manifest.json")
            == BundleManifest(capturedAt: utc("2026-11-22T09:30:00Z"), subject: "005A"))
    }

    @Test("bad manifests", arguments: [
        (#"{"format":"resetdoctor-bundle/2","capturedAt":"2026-11-22T09:30:00Z","subject":"a"}"#,
         "unsupported bundle format resetdoctor-bundle/2; this resetdoctor reads resetdoctor-bundle/1"),
        (#"{"capturedAt":"2026-11-22T09:30:00Z","subject":"a"}"#, "\"format\" is missing"),
        (#"{"format":"resetdoctor-bundle/1","subject":"a"}"#, "\"capturedAt\" is missing"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z"}"#, "\"subject\" is missing"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"22/11/2026","subject":"a"}"#, "\"capturedAt\" is \"22/11/2026\", not an ISO 8601 date-time"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"a","window":{"from":"2026-11-15T09:30:00Z"}}"#, "\"window.to\" is missing"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"a","org":{"isSandbox":"no"}}"#, "\"org.isSandbox\" is the text \"no\", expected true, false or null"),
        (#"["resetdoctor-bundle/1"]"#, "expected a JSON object"),
        (#"{"format":"#, "not valid JSON"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"a","window":{"from":"2026-11-22T09:30:00Z","to":"2026-11-15T09:30:00Z"}}"#,
         "\"window.from\" (2026-11-22T09:30:00Z) is after \"window.to\" (2026-11-15T09:30:00Z): the window runs backwards"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"a","subject":"b"}"#, "the key \"subject\" appears twice in the top-level object"),
        (#"{"format":"resetdoctor/1","capturedAt":"2026-11-22T09:30:00Z","subject":"a"}"#, "unsupported bundle format resetdoctor/1"),
    ])
    func badManifest(_ json: String, _ expected: String) {
        let error = parseError { try ManifestFile.parse(data(json), file: "manifest.json") }
        #expect(error?.file == "manifest.json")
        // Only reading errors (syntax, duplicate keys) carry a line.
        #expect((error?.line != nil) == (expected.contains("not valid JSON") || expected.contains("appears twice")))
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
    }

    @Test("org settings", arguments: [
        (#"{"deliverability":{"level":"system","source":"audit-trail"},"bounceManagement":true,"emailSecurityCompliance":null}"#,
         OrgSettings(deliverabilityLevel: .system, deliverabilitySource: .auditTrail, bounceManagement: true)),
        ("{}", OrgSettings()),
        (#"{"deliverability":null,"emailSecurityCompliance":false}"#, OrgSettings(emailSecurityCompliance: false)),
        (#"{"deliverability":{"level":"none"}}"#, OrgSettings(deliverabilityLevel: DeliverabilityLevel.none)),
    ])
    func orgSettings(_ json: String, _ expected: OrgSettings) throws {
        #expect(try OrgSettingsFile.parse(data(json), file: "org-settings.json") == expected)
    }

    @Test("bad org settings", arguments: [
        (#"{"deliverability":{"level":"everything"}}"#, "\"deliverability.level\" is \"everything\", expected one of all, system, none, unknown"),
        (#"{"deliverability":{"source":"guess"}}"#, "expected one of declared, audit-trail, apex-probe"),
        (#"{"deliverability":"all"}"#, "\"deliverability\" is the text \"all\", expected an object"),
        (#"{"bounceManagement":"yes"}"#, "\"bounceManagement\" is the text \"yes\", expected true, false or null"),
        ("", "the file is empty"),
    ])
    func badOrgSettings(_ json: String, _ expected: String) {
        let error = parseError { try OrgSettingsFile.parse(data(json), file: "org-settings.json") }
        #expect(error?.file == "org-settings.json")
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
    }
}
