import Testing
@testable import MailDNS

@Suite("DKIM key lookups")
struct DKIMKeyLookupTests {
    static let rsa1024 = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC2yrPYVAxXk/MTzXwhYq/8dHM/855cu5+ML/5ILZNgVVNVHHquQaVTYNvrUhAhgJ6Cuw53BedO/jTTAV2v9loJtL1d956R3HgJTlraAdeFcrKcbgkxmyn014FU0EJmyTwdg4Ri+x6vB14NjMobCiO3imwSvIAkplmQbRk1zvkgZQIDAQAB"
    static let rsa2048 = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA45bdmEPqhtdIJg1utg5vmHLX6xP4INT4Ek3n6h2ElrsFRQo8keUHecq2qv7xG8+p0u8D65xFmnLPu3wXyw8UOYJP1Cr2L3KpXHtKX29nkQBQ7AsWHpZuu7+1dNRq7J1RNQaamAyn5rw7bDcUTnZ8lRthMmVxGMx2OIw4xqxrO3loEqk7k8VVs1dlpdil8zt7qKrCrdn/IAf7I4zKKohTJ8nR2ZKWo4rVnT/A2XAqi3LbPHDRmUFYLANzODzPQv7UzAXTNBM99RSswX6DerVLac/lpbCzlCjNOyvPjzCFfIFQIrlcH3g2/3i/M//CY3Tcf6RCZkmpaszZrpDjJ8ERGQIDAQAB"
    /// A bare PKCS#1 RSAPublicKey (2048-bit), which some publishers use instead of SubjectPublicKeyInfo.
    static let pkcs1RSA2048 = "MIIBCgKCAQEA03KAc5DBN6U8rEff74ToXdRrTt+0E90N3DTsm0/av0Scd97diMaH9UM3/CAtn3c+gMDaXWBCWI/RyZ/6Hd3nSixiJ/BheeW2jAjnSJVEmWLg/KR057LNnmLGs4WnsajimDoD6yKubUd1H4PB77URLNVrTX407wRkt70541oYSkBPERIqmacCaU4PCAZ8MBQxZU+3rbgqZSTznkYCNJXYh4moZFVyYyVWbidnV5SQeRiPJi/IsJR74GZFL5Gy1Y5PyxftTa0vOGqdlQksqZ0rLUCGazeS5RmxldK4qhgYjwCHsPmcCvST0GSCijx4JW95vE7fg0ZOGHp65GNXfUngLwIDAQAB"

    static func lookup(_ zone: SPFTestZone, selector: String = "sel1", domain: String = "example.com") async -> DKIMKeyLookup {
        await DKIMKeyLookupService(resolver: zone.resolver).lookup(selector: selector, domain: domain)
    }

    @Test func foundKeyReportsTypeAndDecodedSize() async {
        // Long keys arrive as several character-strings; they are joined.
        let half = Self.rsa2048.count / 2
        let zone = SPFTestZone().txtStrings(
            "sel1._domainkey.example.com",
            ["v=DKIM1; k=rsa; p=" + String(Self.rsa2048.prefix(half)), String(Self.rsa2048.dropFirst(half))])
        let result = await Self.lookup(zone)
        #expect(result.status == .found)
        #expect(result.record?.keyType == .rsa)
        #expect(result.keySize == DKIMKeySize(bits: 2048, method: .decodedModulus))
        #expect(!result.isSalesforceHosted)
        #expect(result.summary.contains("2048-bit"))
    }

    @Test(arguments: [(rsa1024, 1024), (rsa2048, 2048), (pkcs1RSA2048, 2048)])
    func rsaModulusIsDecoded(_ key: String, _ bits: Int) throws {
        let record = try DKIMKeyRecord.parse("v=DKIM1; p=\(key)")
        #expect(DKIMKeySize.of(record) == DKIMKeySize(bits: bits, method: .decodedModulus))
    }

    @Test func undecodableKeyIsEstimatedFromItsLength() throws {
        let record = try DKIMKeyRecord.parse("p=" + String(repeating: "A", count: 392))
        let size = DKIMKeySize.of(record)
        #expect(size?.method == .estimatedFromLength)
        #expect(size?.bits == (294 - 38) * 8)
    }

    @Test func ed25519IsFixedSize() throws {
        let record = try DKIMKeyRecord.parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        #expect(record.keyType == .ed25519)
        #expect(DKIMKeySize.of(record) == DKIMKeySize(bits: 256, method: .fixedEd25519))
    }

    @Test func salesforceCNAMEIsRecognized() async {
        let target = "sel1.x1a2b3.custdkim.salesforce.com"
        let zone = SPFTestZone().answer(
            "sel1._domainkey.example.com", .txt,
            .records([.txt(["v=DKIM1; k=rsa; p=" + Self.rsa2048])], ttl: 300, cnameChain: [target]))
        let result = await Self.lookup(zone)
        #expect(result.status == .found)
        #expect(result.cnameChain == [target])
        #expect(result.isSalesforceHosted)
        #expect(result.summary.contains("hosted by Salesforce"))
    }

    @Test func salesforceCNAMEWithoutPublishedKeyIsMissingNotAbsent() async {
        let target = "sel1.x1a2b3.custdkim.salesforce.com"
        let zone = SPFTestZone()
            .answer("sel1._domainkey.example.com", .txt, .nxDomain)
            .answer("sel1._domainkey.example.com", .cname, .records([.cname(target)], ttl: 300, cnameChain: []))
        let result = await Self.lookup(zone)
        #expect(result.status == .missing)
        #expect(result.isSalesforceHosted)
        #expect(result.summary.contains("activate the key"))
    }

    @Test func revokedMissingAndNXDOMAINAreDistinct() async {
        let zone = SPFTestZone()
            .txt("old._domainkey.example.com", "v=DKIM1; k=rsa; p=")
            .exists("empty._domainkey.example.com")
            .txt("junk._domainkey.example.com", "v=DKIM2; p=abc")
        #expect(await Self.lookup(zone, selector: "old").status == .revoked)
        #expect(await Self.lookup(zone, selector: "empty").status == .missing)
        #expect(await Self.lookup(zone, selector: "none").status == .noSuchName)
        let junk = await Self.lookup(zone, selector: "junk")
        #expect(junk.status == .invalidRecord)
        #expect(junk.recordError == .badVersion("DKIM2"))
        let failing = SPFTestZone().answer("sel1._domainkey.example.com", .txt, .timeout("5 s"))
        let failed = await Self.lookup(failing)
        #expect(failed.status == .dnsFailure)
        #expect(failed.dnsFailure == "5 s")
    }

    @Test func recordTagsAreParsed() throws {
        let record = try DKIMKeyRecord.parse("v=DKIM1; h=sha256; s=email; t=y:s; n=note; p=" + Self.rsa1024)
        #expect(record.hashAlgorithms == ["sha256"])
        #expect(record.serviceTypes == ["email"])
        #expect(record.flags == ["y", "s"])
        #expect(record.isTesting)
        #expect(throws: DKIMKeyRecordError.missingPublicKey) { try DKIMKeyRecord.parse("v=DKIM1; k=rsa") }
        #expect(throws: DKIMKeyRecordError.publicKeyNotBase64) { try DKIMKeyRecord.parse("v=DKIM1; p=not*base64") }
    }
}
