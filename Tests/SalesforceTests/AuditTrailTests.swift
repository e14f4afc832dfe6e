import Foundation
import Testing
@testable import Salesforce

@Suite("Audit trail")
struct AuditTrailTests {
    @Test func queryRecordsNewestFirstWithCreatedByAndNulls() throws {
        let json = """
        {"totalSize":3,"done":true,"records":[
         {"attributes":{"type":"SetupAuditTrail","url":"/a/0YaA"},"Id":"0YaA","Action":"resetpassword","Section":"Manage Users",
          "Display":"Reset password for user Ana Ruiz","CreatedDate":"2026-11-21T08:00:00.000+0000",
          "CreatedBy":{"attributes":{"type":"User","url":"/u"},"Username":"admin@acme.com"},"DelegateUser":null},
         {"attributes":{"type":"SetupAuditTrail","url":"/a/0YaB"},"Id":"0YaB","Action":"useremailchangesent","Section":"Manage Users",
          "Display":"Email change attempted for user Ana Ruiz","CreatedDate":"2026-11-22T09:00:00.000+0000",
          "CreatedBy":null,"DelegateUser":"support@acme.com"},
         {"attributes":{"type":"SetupAuditTrail","url":"/a/0YaC"},"Id":"0YaC","Action":"sendEmailAccessControl","Section":null,
          "Display":null,"CreatedDate":"2026-11-20T10:00:00Z","CreatedBy":{"Username":"admin@acme.com"}}
        ]}
        """
        let entries = try AuditTrailQuery.parse(data(json), file: "audit-trail.json")
        #expect(entries == [
            AuditTrailEntry(
                id: "0YaB", action: "useremailchangesent", section: "Manage Users", display: "Email change attempted for user Ana Ruiz",
                createdDate: utc("2026-11-22T09:00:00Z"), createdByUsername: nil, delegateUser: "support@acme.com",
                origin: "audit-trail.json record 2"),
            AuditTrailEntry(
                id: "0YaA", action: "resetpassword", section: "Manage Users", display: "Reset password for user Ana Ruiz",
                createdDate: utc("2026-11-21T08:00:00Z"), createdByUsername: "admin@acme.com", origin: "audit-trail.json record 1"),
            AuditTrailEntry(
                id: "0YaC", action: "sendEmailAccessControl", section: nil, display: "sendEmailAccessControl",
                createdDate: utc("2026-11-20T10:00:00Z"), createdByUsername: "admin@acme.com", origin: "audit-trail.json record 3"),
        ])
    }

    @Test func queryRecordWithoutCreatedDate() {
        let error = parseError {
            try AuditTrailQuery.parse(data(#"{"done":true,"records":[{"Id":"0YaA","Action":"resetpassword"}]}"#), file: "audit-trail.json")
        }
        #expect(error?.problem == "record 1 (Id 0YaA) has no CreatedDate (the field is missing or null)")
    }

    /// US locale, CRLF, a multi-line quoted sentence, a missing Delegate User cell and an extra column.
    static let usDownload = "\u{FEFF}Date,User,Source Namespace Prefix,Action,Section,Delegate User,Extra\r\n"
        + "\"9/10/2026, 4:21:14 AM PDT\",admin@acme.com,,Reset password for user Ana Ruiz,Manage Users,,x\r\n"
        + "\"9/11/2026, 1:05:00 PM PDT\",admin@acme.com,,\"Changed email for user Ana Ruiz\r\nfrom ana@old.example to ana@acme.com\",Manage Users\r\n"
        + "\"9/9/2026, 11:59:59 PM PDT\",support@acme.com,,\"Organization setup \"\"Deliverability\"\" changed\",Email Administration,admin@acme.com\r\n"

    @Test func usDownloadNewestFirst() throws {
        let entries = try AuditTrailCSV.parse(data(Self.usDownload), file: "audit-trail.csv")
        #expect(entries == [
            AuditTrailEntry(
                action: nil, section: "Manage Users",
                display: "Changed email for user Ana Ruiz\r\nfrom ana@old.example to ana@acme.com",
                createdDate: utc("2026-09-11T20:05:00Z"), createdByUsername: "admin@acme.com", origin: "audit-trail.csv line 3"),
            AuditTrailEntry(
                action: nil, section: "Manage Users", display: "Reset password for user Ana Ruiz",
                createdDate: utc("2026-09-10T11:21:14Z"), createdByUsername: "admin@acme.com", origin: "audit-trail.csv line 2"),
            AuditTrailEntry(
                action: nil, section: "Email Administration", display: "Organization setup \"Deliverability\" changed",
                createdDate: utc("2026-09-10T06:59:59Z"), createdByUsername: "support@acme.com", delegateUser: "admin@acme.com",
                origin: "audit-trail.csv line 5"),
        ])
    }

    @Test func europeanDownloadIsDayFirst() throws {
        let csv = """
        date,user,source namespace prefix,action,section
        "12/8/2025, 11:54:14 CEST",admin@acme.eu,,Reset password for user Jan de Vries,Manage Users
        "3/8/2025, 09:00:00 CEST",admin@acme.eu,,Froze user Jan de Vries,Manage Users

        """
        let entries = try AuditTrailCSV.parse(data(csv), file: "audit-trail.csv")
        #expect(entries.map(\.createdDate) == [utc("2025-08-12T09:54:14Z"), utc("2025-08-03T07:00:00Z")])
        #expect(entries.map(\.origin) == ["audit-trail.csv line 2", "audit-trail.csv line 3"])
        #expect(entries.allSatisfy { $0.delegateUser == nil && $0.action == nil })
    }

    @Test func headerOnlyIsEmpty() throws {
        #expect(try AuditTrailCSV.parse(data("Date,User,Source Namespace Prefix,Action,Section,Delegate User\n"), file: "audit-trail.csv").isEmpty)
    }

    @Test func equalDatesKeepFileOrder() throws {
        let csv = "Date,User,Action,Section\n\"1/2/2026, 1:00:00 AM GMT\",a,first,S\n\"1/2/2026, 1:00:00 AM GMT\",b,second,S\n"
        #expect(try AuditTrailCSV.parse(data(csv), file: "a.csv").map(\.display) == ["first", "second"])
    }

    @Test("bad downloads", arguments: [
        ("Foo,Bar\n1,2\n", 1, "the header is not a Setup Audit Trail download: expected Date, User, Action, Section; found Foo, Bar"),
        ("Date,User,Action,Section\n\"9/10/2026, 4:21:14 AM PDT\",a,b,c\n\"9/10/2026, 4:21:14 AM QQT\",a,b,c\n", 3, "unknown time-zone abbreviation \"QQT\""),
        ("Date,User,Action,Section\n\"13/10/2026, 10:00 CET\",a,b,c\n\"10/13/2026, 10:00 CET\",a,b,c\n", 3, "mixes date orders"),
        ("Date,User,Action,Section\n\"9/10/2026, 4:21:14 AM PDT\",a,\"Reset password\nfor user,c\n", 2, "unterminated quote"),
        ("Date,User,Action,Section\n,a,b,c\n", 2, "the row has no Date"),
        ("", nil, "empty"),
    ] as [(String, Int?, String)])
    func badDownload(_ csv: String, _ line: Int?, _ expected: String) {
        let error = parseError { try AuditTrailCSV.parse(data(csv), file: "audit-trail.csv") }
        #expect(error?.file == "audit-trail.csv")
        #expect(error?.line == line)
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
    }

    @Test func wrongHeaderHintSaysWhereToDownload() {
        let error = parseError { try AuditTrailCSV.parse(data("Foo,Bar\n"), file: "audit-trail.csv") }
        #expect(error?.hint == "download it again from Setup > View Setup Audit Trail > Download setup audit trail for last six months")
        #expect(error?.description.hasPrefix("audit-trail.csv line 1: the header is not a Setup Audit Trail download") == true)
    }

    @Test func binaryAndHugeLines() {
        let binary = parseError { try AuditTrailCSV.parse(Data([0x1F, 0x8B, 0x08, 0x00, 0x00]), file: "audit-trail.csv") }
        #expect(binary?.problem.contains("is not a text CSV file (it contains binary data)") == true)
        let huge = "Date,User,Action,Section\n\"" + String(repeating: "a", count: 2 << 20) + "\"\n"
        let error = parseError { try AuditTrailCSV.parse(data(huge), file: "audit-trail.csv") }
        #expect(error?.line == 2)
        #expect(error?.problem.contains("longer than 1 MiB") == true)
    }
}
