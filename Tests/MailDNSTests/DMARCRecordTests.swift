import Testing
@testable import MailDNS

@Suite("DMARC record parsing (RFC 9989)")
struct DMARCRecordTests {
    @Test func fullRecordParses() throws {
        let record = try DMARCRecord.parse(
            "v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s; aspf=r; rua=mailto:a@example.com, mailto:b@example.net; ruf=mailto:f@example.com; fo=1:d")
        #expect(record.policy == .reject)
        #expect(record.subdomainPolicy == .quarantine)
        #expect(record.nonexistentSubdomainPolicy == .reject)
        #expect(record.psd == .no)
        #expect(record.testing)
        #expect(record.dkimAlignment == .strict)
        #expect(record.spfAlignment == .relaxed)
        #expect(record.aggregateReportURIs == ["mailto:a@example.com", "mailto:b@example.net"])
        #expect(record.failureReportOptions == ["1", "d"])
        #expect(record.tagErrors.isEmpty)
    }

    @Test func defaultsAndFallbacks() throws {
        let record = try DMARCRecord.parse("v=DMARC1; p=quarantine")
        #expect(record.effectiveSubdomainPolicy == .quarantine)
        #expect(record.effectiveNonexistentPolicy == .quarantine)
        #expect(record.psd == .unknown)
        #expect(!record.testing)
        #expect(record.dkimAlignment == .relaxed)
        let withSP = try DMARCRecord.parse("v=DMARC1; p=reject; sp=none")
        #expect(withSP.effectiveNonexistentPolicy == .none)
    }

    @Test(arguments: [
        ("v=DMARC1; p=bogus", "p"),
        ("v=DMARC1; p=none; adkim=x", "adkim"),
        ("v=DMARC1; p=none; psd=maybe", "psd"),
        ("v=DMARC1; p=none; t=1", "t"),
        ("v=DMARC1; p=none; fo=2", "fo"),
        ("v=DMARC1; p=none; rua=dmarc@example.com", "rua"),
        ("v=DMARC1; p=none; p=reject", "p"),
    ])
    func tagErrorsNameTheTag(_ text: String, _ tag: String) throws {
        let record = try DMARCRecord.parse(text)
        #expect(record.tagErrors.map(\.tag) == [tag])
    }

    @Test func missingOrInvalidPolicyMeansNone() throws {
        let missing = try DMARCRecord.parse("v=DMARC1; rua=mailto:d@example.com")
        #expect(missing.effectivePolicy == .none)
        #expect(missing.tagErrors.first?.reason == .missing)
        #expect(try DMARCRecord.parse("v=DMARC1; p=bogus").effectivePolicy == .none)
    }

    @Test func unknownAndObsoleteTagsAreIgnored() throws {
        let record = try DMARCRecord.parse("v=DMARC1; p=reject; pct=50; rf=afrf; ri=3600; foo=bar")
        #expect(record.unknownTags == ["foo"])
        #expect(record.obsoleteTags == ["pct", "rf", "ri"])
        #expect(!record.testing)
        #expect(record.tagErrors.isEmpty)
    }

    @Test func leftoverPctZeroMeansTesting() throws {
        #expect(try DMARCRecord.parse("v=DMARC1; p=reject; pct=0").testing)
    }

    @Test(arguments: ["v=spf1 -all", "p=reject; v=DMARC1", "v=DMARC2; p=none", ""])
    func nonDMARCTextIsRejected(_ text: String) {
        #expect(throws: DMARCRecordError.notDMARCRecord(text)) { try DMARCRecord.parse(text) }
    }
}
