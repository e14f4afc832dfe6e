import Foundation
import Salesforce
import Testing
@testable import ResetDoctor

/// The built-in demo tickets load like any bundle and hold the evidence their stories need.
@Suite struct DemoTests {
    static let capturedAt = Date(timeIntervalSince1970: 1_795_339_800)  // 2026-11-22T09:30:00Z

    @Test func catalogueListsEveryDemoWithTheDefaultFirst() {
        #expect(DemoCatalog.names.first == DemoCatalog.defaultName)
        #expect(Set(DemoCatalog.names) == [
            "in-spam", "inactive-user", "domain-typo", "pending-email-change", "bounced", "no-reset",
            "frozen-sso", "relay-misconfigured", "link-scanner", "sandbox-suffix",
        ])
    }

    @Test(arguments: DemoCatalog.names)
    func demoLoads(name: String) throws {
        let evidence = try DemoCatalog.evidence(named: name)
        let user = try #require(try evidence.user.require())
        #expect(user.username == evidence.subject)
        #expect(evidence.now == Self.capturedAt)
        #expect(evidence.window?.to == Self.capturedAt)
        #expect(evidence.window?.from == Self.capturedAt.addingTimeInterval(-7 * 86_400))
        #expect(evidence.org?.id?.hasPrefix("00D") == true)
        #expect(evidence.userLogin.value??.userId == user.id)
        #expect(evidence.permissions.value?.contains { $0.isOwnedByProfile } == true)
        #expect(evidence.auditTrail.source != nil && evidence.loginHistory.source != nil)
        #expect((evidence.emailLog.value?.rowCount ?? 0) > 0)
        #expect(evidence.emailRelays.source == "email-relays.json")
        #expect(evidence.emailDomainFilters.source == "email-domain-filters.json")
        #expect(evidence.emailDomainKeys.source == "email-domain-keys.json")
        #expect(evidence.orgSettings.value?.deliverabilityLevel == .all)
        // Every timed record falls in the window, so a replay on any day tells the same story.
        for entry in evidence.auditTrail.value ?? [] { #expect(entry.createdDate <= Self.capturedAt && entry.createdDate >= Self.capturedAt.addingTimeInterval(-7 * 86_400)) }
        for entry in evidence.emailLog.value ?? [] { #expect(entry.date <= Self.capturedAt) }
        #expect(DemoCatalog.summary(of: name)?.isEmpty == false)
        #expect(try BundleLoader.inspect(files: DemoCatalog.files(named: name)).notes.isEmpty)
    }

    @Test func unknownDemoListsTheNames() throws {
        let error = try expectBundleError(in: "demo \"nope\"") { try DemoCatalog.files(named: "nope") }
        #expect(error.hint.contains("in-spam") && error.hint.contains("relay-misconfigured"))
        #expect(DemoCatalog.summary(of: "nope") == nil)
    }

    @Test func oneDemoUsesTheAuditTrailCSVAndOneTheLoginHistoryCSV() throws {
        #expect(try DemoCatalog.evidence(named: "no-reset").auditTrail.source == "audit-trail.csv")
        #expect(try DemoCatalog.evidence(named: "frozen-sso").loginHistory.source == "login-history.csv")
    }

    // The evidence each story rests on; the checks that read it are tested with their own examples.

    @Test func inSpam() throws {
        let evidence = try DemoCatalog.evidence(named: "in-spam")
        let user = try evidence.requireUser()
        #expect(user.isActive && evidence.userLogin.value??.isFrozen == false)
        let reset = try #require(evidence.auditTrail.value?.first { $0.action == "resetpassword" })
        #expect(reset.createdDate == Self.capturedAt.addingTimeInterval(-40 * 60))
        let delivered = try #require(evidence.emailLog.value?.first { $0.recipient == user.email })
        #expect(delivered.mailEvent == .delivery && delivered.tlsVerified == "Verified")
        #expect(delivered.date == reset.createdDate.addingTimeInterval(60))
    }

    @Test func inactiveUser() throws {
        let evidence = try DemoCatalog.evidence(named: "inactive-user")
        #expect(try evidence.requireUser().isActive == false)
        #expect(evidence.auditTrail.value?.contains { $0.action == "deactivateduser" } == true)
    }

    @Test func domainTypo() throws {
        let evidence = try DemoCatalog.evidence(named: "domain-typo")
        let user = try evidence.requireUser()
        #expect(user.email == "maria.garcia@gmial.com")
        let bounce = try #require(evidence.emailLog.value?.first { $0.recipient == user.email })
        #expect(bounce.mailEvent == .permanentFailure && bounce.deliveryStage == "during RCPT TO")
    }

    @Test func pendingEmailChange() throws {
        let evidence = try DemoCatalog.evidence(named: "pending-email-change")
        let user = try evidence.requireUser()
        let change = try #require(evidence.auditTrail.value?.first { $0.action == "useremailchangesent" })
        #expect(change.display.contains("from \(user.email) to jonas.weber@acme.example"))
        #expect(evidence.auditTrail.value?.contains { $0.action == "changedemail" } == false)
        #expect(evidence.emailLog.value?.contains { $0.recipient == user.email && $0.mailEvent == .delivery } == true)
    }

    @Test func bounced() throws {
        let evidence = try DemoCatalog.evidence(named: "bounced")
        let user = try evidence.requireUser()
        let rows = try #require(evidence.emailLog.value?.filter { $0.recipient == user.email })
        #expect(rows.map(\.mailEventRaw) == ["T", "T", "T", "P"])
        #expect(rows.last?.deliveryStage == "during DATA")
    }

    @Test func noReset() throws {
        let evidence = try DemoCatalog.evidence(named: "no-reset")
        let user = try evidence.requireUser()
        let name = try #require(user.name)
        #expect(evidence.auditTrail.value?.contains { $0.display.contains(name) } == false)
        #expect(evidence.emailLog.value?.contains { $0.recipient == user.email } == false)
    }

    @Test func frozenSSO() throws {
        let evidence = try DemoCatalog.evidence(named: "frozen-sso")
        #expect(evidence.userLogin.value??.isFrozen == true)
        #expect(evidence.permissions.value?.contains { $0.isOwnedByProfile && $0.isSsoEnabled } == true)
    }

    @Test func relayMisconfigured() throws {
        let evidence = try DemoCatalog.evidence(named: "relay-misconfigured")
        let relay = try #require(evidence.emailRelays.value?.first)
        #expect(relay.host == "203.0.113.25" && relay.tlsSetting == "RequiredVerify" && relay.isRequireAuth)
        let filter = try #require(evidence.emailDomainFilters.value?.first)
        #expect(filter.emailRelayId == relay.id && filter.toDomain == "acmecorp.example")
        #expect(evidence.orgSettings.value?.bounceManagement == true)
    }

    @Test func sandboxSuffix() throws {
        let evidence = try DemoCatalog.evidence(named: "sandbox-suffix")
        let user = try evidence.requireUser()
        #expect(evidence.org?.isSandbox == true)
        #expect(user.email == "lena.fischer@acme.example.invalid")
        #expect(evidence.auditTrail.value?.contains { $0.action == "resetpassword" } == true)
        #expect(evidence.emailLog.value?.contains { $0.recipient == user.email } == false)
        // The loader keeps only the user's rows; the span is the whole file's.
        #expect(try #require(evidence.emailLog.value?.span).end > evidence.now.addingTimeInterval(-20 * 60), "the log covers the reset")
    }

    // What each demo's report puts first: the real cause, never context or a caution.

    static let firstFindings: [(demo: String, code: FindingCode, verdict: Verdict)] = [
        ("in-spam", .generalCheckSpam, .noCauseFound),
        ("inactive-user", .userInactive, .causeFound),
        ("domain-typo", .userEmailDomainTypo, .causeFound),
        ("pending-email-change", .userEmailChangePending, .causeFound),
        ("bounced", .logBounced, .causeFound),
        ("no-reset", .auditNoReset, .causeFound),
        ("frozen-sso", .userFrozen, .causeFound),
        // The relay cannot work, but the reset went straight from Salesforce and was delivered: no cause there.
        ("relay-misconfigured", .generalCheckSpam, .noCauseFound),
        ("link-scanner", .dnsRecipientLinkScanner, .causeFound),
        ("sandbox-suffix", .userEmailSandboxSuffix, .causeFound),
    ]

    @Test func everyDemoHasAFirstFindingExpectation() {
        #expect(Set(Self.firstFindings.map(\.demo)) == Set(DemoCatalog.names))
    }

    @Test(arguments: firstFindings.map(\.demo))
    func theFirstFindingIsTheRealCause(demo: String) async throws {
        let expected = try #require(Self.firstFindings.first { $0.demo == demo })
        let report = await Diagnosis.run(try DemoCatalog.evidence(named: demo), rules: try RuleBook.builtIn())
        #expect(report.findings.first?.code == expected.code, "\(report.findings.map(\.code))")
        #expect(report.findings.first?.role == .cause)
        #expect(report.verdict == expected.verdict)
        if expected.verdict == .causeFound { #expect(report.topFinding?.code == expected.code) }
        // No context or caution outranks a cause that is not moot.
        let live = report.findings.filter { !$0.moot }
        if let lastCause = live.lastIndex(where: { $0.role == .cause }) {
            #expect(live[...lastCause].allSatisfy { $0.role == .cause })
        }
    }
}
