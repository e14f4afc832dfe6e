import Foundation
import Salesforce
import Testing
@testable import ResetDoctor

/// Fake check results, so ranking is tested without the real checks.
enum FakeResults {
    static func result(_ id: String, _ status: CheckStatus, _ findings: [Finding] = [], reason: String = "reason",
                       matters: Bool = true, durationMs: Int = 3) -> CheckResult {
        CheckResult(id: id, title: "Check \(id)", status: status, reason: reason, durationMs: durationMs,
                    findings: findings.map { var finding = $0; finding.check = id; return finding }, matters: matters)
    }

    static func finding(_ code: FindingCode, _ confidence: Confidence = .confirmed, severity: Severity? = nil) -> Finding {
        Finding(code, severity: severity, confidence: confidence, title: "title of \(code.rawValue)",
                evidence: [EvidenceLine("test.json", "evidence for \(code.rawValue)")])
    }

    static func report(_ results: [CheckResult], evidence: Evidence = .healthyExample) throws -> Report {
        Diagnosis.report(evidence: evidence, results: results, rules: try RuleBook.builtIn())
    }
}

struct RankingTests {
    typealias F = FakeResults

    @Test func noResetOutranksSpamAndMakesItMoot() throws {
        let report = try F.report([
            F.result("spam", .pass, [F.finding(.generalCheckSpam)]),
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
        ])
        #expect(report.findings.map(\.code) == [.auditNoReset, .generalCheckSpam])
        #expect(report.findings.map(\.rank) == [1, 2])
        #expect(report.findings[1].moot && report.findings[1].mootBecause == .auditNoReset)
        #expect(report.verdict == .causeFound)
        #expect(report.topFinding?.code == .auditNoReset)
    }

    @Test func orderIsSeverityThenConfidenceThenImpactOverEffort() throws {
        let report = try F.report([F.result("many", .fail, [
            F.finding(.dnsSenderSPFTempError, .likely),      // warning, likely, impact 2 / effort 2
            F.finding(.relayTLSMismatch, .possible),         // warning, possible
            F.finding(.dnsSenderDMARCUnaligned, .likely),    // warning, likely, 4 / 3
            F.finding(.userFrozen, .likely),                 // blocker, likely
            F.finding(.userEmailNullMX),                     // blocker, confirmed
            F.finding(.auditResetFound),                     // info
        ])])
        #expect(report.findings.map(\.code) == [
            .userEmailNullMX, .userFrozen, .dnsSenderDMARCUnaligned, .dnsSenderSPFTempError, .relayTLSMismatch, .auditResetFound,
        ])
        #expect(report.findings.allSatisfy { !$0.moot })
    }

    @Test func inactiveUserMakesDeliveryFindingsMootAndSortsThemAfter() throws {
        let report = try F.report([
            F.result("log", .pass, [F.finding(.logDelivered)]),
            F.result("relay", .warn, [F.finding(.relayFilterUnmatched)]),
            F.result("scanner", .warn, [F.finding(.dnsRecipientLinkScanner)]),
            F.result("active", .fail, [F.finding(.userInactive)]),
            F.result("spam", .pass, [F.finding(.generalCheckSpam)]),
        ])
        #expect(report.findings.map(\.code) == [.userInactive, .dnsRecipientLinkScanner, .relayFilterUnmatched, .logDelivered, .generalCheckSpam])
        #expect(report.findings.map(\.moot) == [false, true, true, true, true])
        #expect(report.findings.map(\.mootBecause) == [nil, .userInactive, .logDelivered, .userInactive, .userInactive],
                "the delivery refutes the relay finding: that mail got past the relay")
        #expect(report.findings.last?.code == .generalCheckSpam)
    }

    @Test func deliveredSupersedesNothingAndContextNeverOutranksTheSpamAdvice() throws {
        let report = try F.report([
            F.result("spam", .pass, [F.finding(.generalCheckSpam)]),
            F.result("log", .pass, [F.finding(.logDelivered)]),
            F.result("audit", .pass, [F.finding(.auditResetFound)]),
        ])
        // The spam advice is a (possible) cause, last of the causes; context follows, furthest along first.
        #expect(report.findings.map(\.code) == [.generalCheckSpam, .logDelivered, .auditResetFound])
        #expect(report.findings.map(\.role) == [.cause, .context, .context])
        #expect(report.findings.allSatisfy { !$0.moot })
        #expect(report.topFinding == nil, "an info cause is not a headline")
        #expect(report.verdict == .noCauseFound)
        #expect(report.exitCode(failOn: .warning) == 0)
    }

    // MARK: roles and the journey

    @Test func aSelfServiceResetTheLogShowsDeliveredRefutesNoResetInTheAuditTrail() throws {
        // Forgot Password leaves no audit row; the email log shows the reset went out and arrived.
        let report = try F.report([
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
            F.result("log", .pass, [F.finding(.logDelivered)]),
            F.result("scanner", .warn, [F.finding(.dnsRecipientLinkScanner, .likely)]),
            F.result("spam", .pass, [F.finding(.generalCheckSpam, .possible)]),
        ])
        #expect(report.findings.map(\.code) == [.dnsRecipientLinkScanner, .generalCheckSpam, .logDelivered, .auditNoReset])
        #expect(report.topFinding?.code == .dnsRecipientLinkScanner)
        let noReset = try #require(report.findings.last)
        #expect(noReset.role == .context && noReset.moot && noReset.mootBecause == .logDelivered)
        #expect(!report.findings[1].moot, "a refuted finding makes nothing moot")
    }

    @Test func aSelfServiceDeliveryAloneIsNoCause() throws {
        let report = try F.report([
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
            F.result("log", .pass, [F.finding(.logDelivered)]),
        ])
        #expect(report.findings.map(\.code) == [.logDelivered, .auditNoReset])
        #expect(report.verdict == .noCauseFound)
        #expect(report.topFinding == nil)
        #expect(report.exitCode(failOn: .warning) == 0)
        #expect(report.headline.hasPrefix("No cause found in Salesforce: title of log.delivered"))
    }

    @Test func aBounceTheLogShowsRefutesNoResetAndHeadsTheReport() throws {
        let report = try F.report([
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
            F.result("log", .fail, [F.finding(.logBounced)]),
        ])
        #expect(report.topFinding?.code == .logBounced)
        #expect(report.findings.map(\.code) == [.logBounced, .auditNoReset])
        #expect(report.findings[1].mootBecause == .logBounced)
    }

    @Test func aCauseThatWouldStopTheMailBeforeItLeftIsRefutedByTheLog() throws {
        // The log shows Salesforce tried to deliver, so deliverability did not stop this mail; a relay's failure
        // would look like this deferral, so only a delivery refutes the relay finding.
        let report = try F.report([
            F.result("org", .warn, [F.finding(.orgDeliverabilityNoAccess)]),
            F.result("relay", .warn, [F.finding(.relayTLSMismatch)]),
            F.result("log", .warn, [F.finding(.logDeferred)]),
        ])
        #expect(report.findings.map(\.code) == [.relayTLSMismatch, .logDeferred, .orgDeliverabilityNoAccess])
        #expect(report.findings.map(\.mootBecause) == [nil, nil, .logDeferred])
        #expect(report.findings.allSatisfy { $0.role == .cause })
        let delivered = try F.report([
            F.result("relay", .warn, [F.finding(.relayTLSMismatch)]),
            F.result("log", .pass, [F.finding(.logDelivered)]),
        ])
        #expect(delivered.findings.map(\.mootBecause) == [nil, .logDelivered])
        #expect(delivered.verdict == .noCauseFound)
        // An admin reset in the audit trail says nothing about sending: it refutes neither.
        let sent = try F.report([
            F.result("org", .warn, [F.finding(.orgDeliverabilityNoAccess)]),
            F.result("audit", .pass, [F.finding(.auditResetFound)]),
        ])
        #expect(sent.topFinding?.code == .orgDeliverabilityNoAccess)
        #expect(sent.findings.allSatisfy { !$0.moot })
        // Nor do user-side causes fall to a delivery: an inactive or frozen user still cannot log in.
        let frozen = try F.report([F.result("frozen", .fail, [F.finding(.userFrozen)]), F.result("log", .pass, [F.finding(.logDelivered)])])
        #expect(frozen.topFinding?.code == .userFrozen)
    }

    @Test func theIntegrationCautionTravelsWithTheResetRemedyAndNeverHeadlines() throws {
        let report = try F.report([
            F.result("integration", .warn, [F.finding(.userIntegrationUser, .likely)]),
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
        ])
        #expect(report.findings.map(\.code) == [.auditNoReset, .userIntegrationUser])
        #expect(report.topFinding?.code == .auditNoReset)
        #expect(report.findings[0].cautions == [.userIntegrationUser], "send-the-reset re-sends the reset")
        #expect(report.findings[1].role == .caution && !report.findings[1].moot && report.findings[1].cautions.isEmpty)

        let inactive = try F.report([
            F.result("integration", .warn, [F.finding(.userIntegrationUser, .likely)]),
            F.result("active", .fail, [F.finding(.userInactive)]),
        ])
        #expect(inactive.findings.first?.code == .userInactive)
        #expect(inactive.findings.first?.cautions == [.userIntegrationUser], "reactivating ends with a reset")
    }

    @Test func aCautionAloneIsNoCauseAndDoesNotFailTheRun() throws {
        let report = try F.report([
            F.result("integration", .warn, [F.finding(.userIntegrationUser, .likely)]),
            F.result("audit", .pass, [F.finding(.auditResetFound)]),
            F.result("log", .pass, [F.finding(.logDelivered)]),
        ])
        #expect(report.findings.map(\.code) == [.logDelivered, .auditResetFound, .userIntegrationUser])
        #expect(report.verdict == .noCauseFound)
        #expect(report.topFinding == nil)
        #expect(report.exitCode(failOn: .warning) == 0)
        #expect(!report.headline.contains("title of user.integration-user"))
    }

    @Test func aCheckCanGiveAFindingAnotherRole() throws {
        let context = Finding(.orgDeliverabilityUnknown, title: "level not captured", role: .context)
        let report = try F.report([F.result("org", .warn, [context])])
        #expect(report.findings.first?.role == .context)
        #expect(report.verdict == .noCauseFound)
    }

    @Test func everyCodeHasARoleAndAStageAndOnlyEvidenceOfTheJourneyCarriesIt() {
        let reached = FindingCode.allCases.filter { if case .reached = $0.profile.journey { true } else { false } }
        #expect(Set(reached) == [.auditResetFound, .logDelivered, .logDeferred, .logBounced, .logTLSFailed])
        let refutable = FindingCode.allCases.filter { if case .stopsBefore = $0.profile.journey { true } else { false } }
        #expect(refutable.allSatisfy { $0.stage <= .received && $0.defaultRole == .cause })
        #expect(refutable.contains(.auditNoReset) && refutable.contains(.logNotAttempted) && refutable.contains(.relayTLSMismatch))
        #expect(!refutable.contains(.userInactive) && !refutable.contains(.userEmailSandboxSuffix))
        #expect(FindingCode.allCases.filter { $0.defaultRole == .caution } == [.userIntegrationUser])
        #expect(Set(FindingCode.allCases.filter { $0.defaultRole == .context }) == [.auditResetFound, .logDelivered])
        #expect(FindingCode.userEmailSandboxSuffix.stage == .user)
        #expect(JourneyStage.allCases == [.user, .org, .resetSent, .received, .delivery, .recipient])
    }

    @Test func withEveryRealCheckASelfServiceDeliveryNeverHeadlinesNoReset() async throws {
        // The user used Forgot Password: no admin reset row, and the email log shows the mail delivered.
        var evidence = Evidence.healthyExample
        evidence.auditTrail = .found([], source: "audit-trail.json")
        let report = await Diagnosis.run(evidence, rules: try RuleBook.builtIn())
        #expect(report.findings.first?.code != .auditNoReset)
        let noReset = try #require(report.findings.first { $0.code == .auditNoReset })
        #expect(noReset.moot && noReset.mootBecause == .logDelivered && noReset.role == .context)
        #expect(report.verdict == .noCauseFound, "\(report.findings.map(\.code))")
        #expect(ReportRenderer.render(report, format: .text).hasPrefix("No cause found in Salesforce: Salesforce delivered"))
    }

    @Test func withEveryRealCheckAnIntegrationUserIsACautionNotTheHeadline() async throws {
        var evidence = Evidence.healthyExample
        evidence.auditTrail = .found([], source: "audit-trail.json")
        evidence.emailLog = .found([], source: "email-log.csv")
        evidence.loginHistory = .found([
            LoginHistoryEntry(userId: "005000000000001AAA", loginTime: Evidence.exampleNow.addingTimeInterval(-3_600),
                              loginType: "Partner Product", status: "Success", application: "Dataloader Bulk",
                              apiType: "SOAP Partner", origin: "login-history.json record 1"),
        ], source: "login-history.json")
        let report = await Diagnosis.run(evidence, rules: try RuleBook.builtIn())
        #expect(report.topFinding?.code == .auditNoReset, "\(report.findings.map(\.code))")
        #expect(report.findings.first?.cautions == [.userIntegrationUser])
        let text = ReportRenderer.render(report, format: .text)
        #expect(text.hasPrefix("Cause found: No admin password reset"))
        #expect(text.contains("Caution: "))
    }

    @Test func equalPriorityBlockersStillMootWhatTheySupersede() throws {
        // audit.no-reset and user.inactive tie on everything but code, so audit.no-reset ranks first; still,
        // user.inactive supersedes it (and not the other way round), so audit.no-reset is moot.
        let report = try F.report([
            F.result("audit", .fail, [F.finding(.auditNoReset)]),
            F.result("active", .fail, [F.finding(.userInactive)]),
            F.result("spf", .warn, [F.finding(.dnsSenderSPFFail)]),
        ])
        #expect(report.findings.map(\.code) == [.userInactive, .dnsSenderSPFFail, .auditNoReset])
        #expect(report.findings[2].mootBecause == .userInactive)
    }

    @Test func aCauseThatExplainsABlockerOutranksIt() throws {
        // The bounce is a symptom of the misspelt domain: the typo's rule supersedes log.bounced, so the
        // bounce is moot and the typo heads the report although it is only a likely warning.
        let report = try F.report([
            F.result("log", .fail, [F.finding(.logBounced)]),
            F.result("typo", .warn, [F.finding(.userEmailDomainTypo, .likely)]),
        ])
        #expect(report.findings.map(\.code) == [.userEmailDomainTypo, .logBounced])
        #expect(report.findings[1].mootBecause == .userEmailDomainTypo)
        #expect(report.topFinding?.code == .userEmailDomainTypo)
        #expect(report.exitCode(failOn: .error) == 0, "a moot blocker does not fail --fail-on error")
        #expect(report.exitCode(failOn: .warning) == 1)
    }

    @Test func aMootFindingMakesNothingElseMoot() throws {
        let yaml = """
            - {id: a, codes: [user.frozen], title: A, impact: 5, effort: 1, steps: [a], supersedes: [user.password-locked]}
            - {id: b, codes: [user.password-locked], title: B, impact: 5, effort: 1, steps: [b], supersedes: [dns.sender.spf-fail]}
            """
        let rules = try RuleBook.builtIn().merging(RuleBook.load([("chain.yaml", yaml)]))
        let report = Diagnosis.report(evidence: .healthyExample, results: [
            F.result("x", .fail, [F.finding(.dnsSenderSPFFail), F.finding(.userPasswordLocked), F.finding(.userFrozen)]),
        ], rules: rules)
        #expect(report.findings.map(\.code) == [.userFrozen, .dnsSenderSPFFail, .userPasswordLocked])
        #expect(report.findings.map(\.moot) == [false, false, true])
    }

    @Test func cyclesResolveInFavourOfTheHigherRanked() throws {
        let yaml = """
            - {id: a, codes: [user.frozen], title: A, impact: 5, effort: 1, steps: [a], supersedes: [user.password-locked]}
            - {id: b, codes: [user.password-locked], title: B, impact: 5, effort: 1, steps: [b], supersedes: [user.frozen]}
            """
        let rules = try RuleBook.builtIn().merging(RuleBook.load([("cycle.yaml", yaml)]))
        let report = Diagnosis.report(evidence: .healthyExample, results: [
            F.result("x", .fail, [F.finding(.userPasswordLocked), F.finding(.userFrozen)]),
        ], rules: rules)
        #expect(report.findings.map(\.code) == [.userFrozen, .userPasswordLocked])
        #expect(report.findings.map(\.moot) == [false, true])
    }

    // MARK: verdicts

    @Test func blockerMeansCauseFoundEvenWithUnknownChecks() throws {
        let report = try F.report([
            F.result("active", .fail, [F.finding(.userInactive)]),
            F.result("log", .unknown, reason: "no email log file"),
        ])
        #expect(report.verdict == .causeFound)
        #expect(report.unknownChecks.map(\.id) == ["log"])
    }

    @Test func unknownCheckThatMattersMakesItIncomplete() throws {
        let report = try F.report([
            F.result("active", .pass),
            F.result("log", .unknown, reason: "no email log file"),
        ])
        #expect(report.verdict == .incomplete)
        #expect(report.exitCode(failOn: .warning) == 2)
        #expect(report.exitCode(failOn: .error) == 2)
    }

    @Test func unknownCheckThatDoesNotMatterLeavesNoCauseFound() throws {
        let report = try F.report([
            F.result("active", .pass),
            F.result("optional", .unknown, matters: false),
            F.result("relay", .skipped),
        ])
        #expect(report.verdict == .noCauseFound)
        #expect(report.exitCode() == 0)
        #expect(report.summary == StatusCounts([.pass, .unknown, .skipped]))
    }

    @Test func onlyMootWarningsAreNotACause() throws {
        // Info findings never make a cause; a warning made moot by an info rule (a user rule) does not either.
        let yaml = "- {id: s, codes: [log.delivered], title: S, impact: 1, effort: 1, steps: [s], supersedes: [dns.recipient.link-scanner]}"
        let rules = try RuleBook.builtIn().merging(RuleBook.load([("mine.yaml", yaml)]))
        let report = Diagnosis.report(evidence: .healthyExample, results: [
            F.result("log", .warn, [F.finding(.logDelivered), F.finding(.dnsRecipientLinkScanner, .possible)]),
        ], rules: rules)
        #expect(report.findings.map(\.moot) == [false, true])
        #expect(report.verdict == .noCauseFound)
        #expect(report.exitCode() == 0)
    }

    // MARK: exit codes

    @Test func exitCodesFollowFailOn() throws {
        let warningOnly = try F.report([F.result("spf", .warn, [F.finding(.dnsSenderSPFFail)]), F.result("log", .unknown)])
        #expect(warningOnly.verdict == .causeFound)
        #expect(warningOnly.exitCode(failOn: .warning) == 1)
        #expect(warningOnly.exitCode(failOn: .error) == 0, "a warning is below --fail-on error and the verdict is not incomplete")

        let blocker = try F.report([F.result("active", .fail, [F.finding(.userInactive)])])
        #expect(blocker.exitCode(failOn: .warning) == 1)
        #expect(blocker.exitCode(failOn: .error) == 1)

        let clean = try F.report([F.result("active", .pass)])
        #expect(clean.exitCode(failOn: .warning) == 0)
        #expect(clean.exitCode(failOn: .error) == 0)
    }

    @Test func reportCarriesRemediationAndContext() throws {
        let report = try F.report([F.result("active", .fail, [F.finding(.userInactive)])])
        let finding = try #require(report.findings.first)
        #expect(finding.remediation?.id == "reactivate-user")
        #expect(finding.remediation?.action == .reset)
        #expect(finding.check == "active")
        #expect(report.user == UserSummary(id: "005000000000001AAA", username: "ada@acme.example",
                                           email: "ada.lovelace@acme.example", name: "Ada Lovelace"))
        #expect(report.org == OrgSummary(id: "00D000000000001EAA", name: "Acme", isSandbox: false))
        #expect(report.generatedFor == Evidence.exampleNow)
        #expect(report.personalData.contains("admin@acme.example"))
    }

    @Test func runsTheEngine() async throws {
        struct Fixed: Check {
            var id: String { "fixed" }
            var title: String { "Fixed" }
            var scope: CheckScope { .user }
            var codes: [FindingCode] { [.userFrozen] }
            var examples: [CheckExample] { [] }
            func run(_ evidence: Evidence) async throws -> CheckOutcome { .found(Finding(.userFrozen, title: "Frozen")) }
        }
        let report = await Diagnosis.run(.healthyExample, rules: try RuleBook.builtIn(), engine: Engine(checks: [Fixed()]))
        #expect(report.findings.map(\.code) == [.userFrozen])
        #expect(report.findings.first?.check == "fixed")
        #expect(report.checks.map(\.status) == [.fail])
    }
}
