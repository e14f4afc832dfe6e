import Foundation
import Testing
@testable import ResetDoctor

/// The parts of the live layer that need no org: login choice, the bundle writer, the reset ledger and guard.
@Suite("Live layer, offline")
struct LiveLocalTests {
    static func scratch(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rd-unit-\(label)-\(UUID().uuidString.prefix(8))")
    }

    @Test("the login flow follows the documented order and never takes a secret from options")
    func flowOrder() throws {
        let secrets = ["SF_CLIENT_SECRET": "s", "SF_PASSWORD": "p", "SF_ACCESS_TOKEN": "t", "SF_INSTANCE_URL": "https://a.my.salesforce.com"]
        #expect(try LiveAuthRequest(orgAlias: "prod", clientId: "c").flow(environment: secrets) == .salesforceCLI(alias: "prod"))
        #expect(try LiveAuthRequest(jwtKeyFile: "k.pem", clientId: "c", username: "u").flow(environment: secrets)
                == .jwtBearer(keyFile: "k.pem", clientId: "c", username: "u", loginURL: URL(string: "https://login.salesforce.com")!))
        #expect(try LiveAuthRequest(clientId: "c", username: "u").flow(environment: secrets)
                == .password(username: "u", clientId: "c", loginURL: URL(string: "https://login.salesforce.com")!))
        #expect(try LiveAuthRequest(clientId: "c", instanceURL: "https://a.my.salesforce.com").flow(environment: secrets)
                == .clientCredentials(clientId: "c", tokenURL: URL(string: "https://a.my.salesforce.com")!))
        #expect(try LiveAuthRequest().flow(environment: secrets) == .environmentToken)
        #expect(throws: LiveAuthError.notConfigured) { try LiveAuthRequest().flow(environment: [:]) }
        #expect(throws: LiveAuthError.self) { try LiveAuthRequest(clientId: "c", instanceURL: "https://a.my.salesforce.com").flow(environment: [:]) }
        #expect(throws: LiveAuthError.self) { try LiveAuthRequest(jwtKeyFile: "k.pem").flow(environment: [:]) }
        #expect(LiveAuthError.notConfigured.description.contains("never from the command line"))
    }

    @Test("a bundle is written as a directory or a .tar.gz, reads back the same, and never over an existing path")
    func writerRoundTrip() throws {
        let bundle = try DemoCatalog.files(named: "in-spam")
        let folder = Self.scratch("writer")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["ticket", "ticket.tar.gz"] {
            let path = folder.appendingPathComponent(name).path
            try BundleWriter.write(bundle, to: path, modified: Date())
            let replay = try BundleLoader.load(path: path)
            let original = try BundleLoader.load(files: bundle)
            #expect(replay.user == original.user && replay.auditTrail == original.auditTrail && replay.now == original.now)
            #expect(throws: LiveError.targetExists(path: path)) { try BundleWriter.write(bundle, to: path, modified: Date()) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["ticket", "ticket.tar.gz"])
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("ticket/user.json").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the ledger keeps ids and times, mode 0600, written atomically; its place follows the environment")
    func ledger() throws {
        let folder = Self.scratch("ledger")
        let ledger = ResetLedger(file: ResetLedger.defaultFile(environment: ["RESETDOCTOR_STATE_DIR": folder.path]))
        #expect(ledger.file.path == folder.appendingPathComponent("resets.json").path)
        #expect(ResetLedger.defaultFile(environment: ["XDG_STATE_HOME": "/x"]).path == "/x/resetdoctor/resets.json")
        #expect(ResetLedger.defaultFile(environment: ["HOME": "/h"]).path == "/h/.local/state/resetdoctor/resets.json")
        #expect(try ledger.entries().isEmpty)
        let at = Date(timeIntervalSince1970: 1_795_340_000)
        try ledger.record(.init(orgId: "00D1", userId: "005000000000001AAA", at: at))
        try ledger.record(.init(orgId: "00D1", userId: "005000000000002AAA", at: at.addingTimeInterval(60)))
        #expect(try ledger.lastReset(orgId: "00D1", userId: "005000000000001")?.at == at, "15- and 18-character Ids match")
        #expect(try ledger.lastReset(orgId: "00D2", userId: "005000000000001AAA") == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: ledger.file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["resets.json"], "no temporary file left")
        try Data("not json".utf8).write(to: ledger.file)
        #expect(throws: LedgerError.self) { try ledger.entries() }
    }

    @Test("the ledger's lock is exclusive: a second holder waits, then gives up with a busy error (exit 75)")
    func ledgerLock() async throws {
        let folder = Self.scratch("lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = ResetLedger(file: folder.appendingPathComponent("resets.json"))
        let inner: Result<Int, LedgerError> = try await ledger.exclusively(wait: 5) {
            // flock(2) locks belong to the open file: a second open in this process contends like another process.
            do { return .success(try await ledger.exclusively(wait: 0.2) { 1 }) }
            catch let error as LedgerError { return .failure(error) }
        }
        guard case .failure(let busy) = inner else { Issue.record("the lock was taken twice"); return }
        #expect(busy.isBusy && busy.exitCode == 75)
        #expect(busy.description.contains("nothing was sent") && busy.description.contains(ledger.lockFile.path))
        #expect(try await ledger.exclusively(wait: 0.2) { 2 } == 2, "released when the holder returns")
        let mode = try FileManager.default.attributesOfItem(atPath: ledger.lockFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the guard refuses on a blocker and on a reset within 15 minutes, and warns for an integration user")
    func guardDecisions() async throws {
        let evidence = try DemoCatalog.evidence(named: "inactive-user")
        let report = await Diagnosis.run(evidence, rules: try RuleBook.builtIn())
        let ledger = ResetLedger(file: Self.scratch("guard").appendingPathComponent("resets.json"))
        let blocked = try ResetGuard.assess(report: report, evidence: evidence, ledger: ledger, now: evidence.now)
        #expect(blocked.blockers.map(\.code).contains(.userInactive))
        #expect(!blocked.allows(force: false) && blocked.allows(force: true))

        let healthy = try DemoCatalog.evidence(named: "in-spam")
        let healthyReport = await Diagnosis.run(healthy, rules: try RuleBook.builtIn())
        let userId = try #require(healthy.user.value??.id)
        let clear = try ResetGuard.assess(report: healthyReport, evidence: healthy, ledger: ledger, now: healthy.now)
        #expect(clear.blockers.isEmpty && clear.recentReset == nil && clear.allows(force: false))
        try ledger.record(.init(orgId: healthy.org?.id ?? "", userId: userId, at: healthy.now.addingTimeInterval(-300)))
        let repeated = try ResetGuard.assess(report: healthyReport, evidence: healthy, ledger: ledger, now: healthy.now)
        #expect(repeated.recentReset != nil && !repeated.allows(force: false) && repeated.allows(force: true))
        let later = try ResetGuard.assess(report: healthyReport, evidence: healthy, ledger: ledger, now: healthy.now.addingTimeInterval(16 * 60))
        #expect(later.recentReset == nil)
    }
}
