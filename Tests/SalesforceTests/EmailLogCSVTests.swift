import Foundation
import Testing
@testable import Salesforce

@Suite("Email log")
struct EmailLogCSVTests {
    /// BOM, documented columns in Salesforce's order, an undocumented column, rows with missing and extra trailing cells.
    static let log = "\u{FEFF}Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Remote Host,Bytes Transferred,User ID,"
        + "Message ID Header,Retry Count,Seconds in Queue,Delivery Stage,Relay Address,Bounce Reason,TLS_Cipher,TLS_Verified\n"
        + "11/22/2026 09:31,16/A4-20983-88E21E84,T,ana@acme.com,noreply@acme.bnc.salesforce.com,10.0.0.1,11856,005Hs00000AbCdE,"
        + "<abc.JavaMail.sfdc@ops.sfdc.net>,1,300,during RCPT TO,,\"451 4.7.1 greylisted, try later\",:,\n"
        + "11/22/2026 09:41:05,16/A4-20983-88E21E84,D,ana@acme.com,noreply@acme.bnc.salesforce.com,10.0.0.1,11856,005Hs00000AbCdE,"
        + "<abc.JavaMail.sfdc@ops.sfdc.net>,2,900,,,,TLSv1.2:AES256-GCM-SHA384,Verified,surplus\n"
        + "11/22/2026 09:30,16/A4-20983-88E21E84,R,ana@acme.com,ana@acme.com\n"

    @Test func parsesByHeaderNameOldestFirst() throws {
        let entries = try EmailLogCSV.parse(data(Self.log), file: "email-log.csv")
        #expect(entries.map(\.origin) == ["email-log.csv line 4", "email-log.csv line 2", "email-log.csv line 3"])
        #expect(entries.map(\.mailEvent) == [.reception, .transientFailure, .delivery])
        #expect(entries[0] == EmailLogEntry(
            date: utc("2026-11-22T09:30:00Z"), internalMessageId: "16/A4-20983-88E21E84", mailEventRaw: "R",
            recipient: "ana@acme.com", sender: "ana@acme.com", origin: "email-log.csv line 4"))
        #expect(entries[1] == EmailLogEntry(
            date: utc("2026-11-22T09:31:00Z"), internalMessageId: "16/A4-20983-88E21E84", mailEventRaw: "T",
            recipient: "ana@acme.com", sender: "noreply@acme.bnc.salesforce.com", remoteHost: "10.0.0.1",
            bytesTransferred: 11856, userId: "005Hs00000AbCdE", messageIdHeader: "<abc.JavaMail.sfdc@ops.sfdc.net>",
            retryCount: 1, secondsInQueue: 300, deliveryStage: "during RCPT TO", tlsCipher: ":",
            extra: ["Bounce Reason": "451 4.7.1 greylisted, try later"], origin: "email-log.csv line 2"))
        #expect(entries[2].date == utc("2026-11-22T09:41:05Z"))
        #expect(entries[2].tlsCipher == "TLSv1.2:AES256-GCM-SHA384")
        #expect(entries[2].tlsVerified == "Verified")
        #expect(entries[2].extra == ["column 17": "surplus"])
    }

    @Test("header names ignore case, spaces and underscores; ISO dates; unknown events kept raw")
    func tolerantHeader() throws {
        let csv = "DATE_TIME,mail_event,RECIPIENT,tls cipher\r\n2026-11-22T09:30:00Z,x,ana@acme.com,None\r\n"
        let entries = try EmailLogCSV.parse(data(csv), file: "email-log.csv")
        #expect(entries == [EmailLogEntry(
            date: utc("2026-11-22T09:30:00Z"), mailEventRaw: "x", recipient: "ana@acme.com", tlsCipher: "None",
            origin: "email-log.csv line 2")])
        #expect(entries[0].mailEvent == nil)
    }

    @Test func theSampleFromTheReference() throws {
        let csv = "Date/Time,Mail Event,Recipient\n3/06/2009 13:37,P,admin@acme.com\n"
        #expect(try EmailLogCSV.parse(data(csv), file: "email-log.csv").map(\.date) == [utc("2009-03-06T13:37:00Z")])
    }

    @Test func headerOnlyIsEmpty() throws {
        #expect(try EmailLogCSV.parse(data("Date/Time,Mail Event,Recipient\n"), file: "email-log.csv").isEmpty)
    }

    @Test("bad logs", arguments: [
        ("Date,User,Action,Section\n", 1, "the header is not an Email Log File: expected columns Date/Time, Mail Event, Recipient"),
        ("Date/Time,Mail Event,Recipient,Bytes Transferred\n11/22/2026 09:30,D,a@b.c,many\n", 2, "the Bytes Transferred \"many\" is not a whole number"),
        ("Date/Time,Mail Event,Recipient\n22/11/2026 09:30,D,a@b.c\n", 2, "is not a real date"),
        ("Date/Time,Mail Event,Recipient\n11/22/2026 09:30 XST,D,a@b.c\n", 2, "unknown time-zone abbreviation \"XST\""),
        ("Date/Time,Mail Event,Recipient\n11/22/2026 09:30,D,\"a@b.c\n", 2, "unterminated quote"),
    ] as [(String, Int?, String)])
    func badLog(_ csv: String, _ line: Int?, _ expected: String) {
        let error = parseError { try EmailLogCSV.parse(data(csv), file: "email-log.csv") }
        #expect(error?.file == "email-log.csv")
        #expect(error?.line == line)
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
    }

    @Test func wrongHeaderHint() {
        let error = parseError { try EmailLogCSV.parse(data("a,b\n"), file: "email-log.csv") }
        #expect(error?.hint == "Setup > Email Log Files > Request an Email Log, then download the CSV")
    }

    @Test func binaryGarbage() {
        var bytes = [UInt8](repeating: 0, count: 64)
        for index in bytes.indices { bytes[index] = UInt8((index * 37) % 256) }
        let error = parseError { try EmailLogCSV.parse(Data(bytes), file: "email-log.csv") }
        #expect(error?.problem.hasPrefix("the file is not a text CSV file (it contains binary data") == true)
    }
}
