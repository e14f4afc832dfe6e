import Foundation
import SalesforceAPI
import Testing
@testable import ResetDoctor

/// The bulk reset's arithmetic and ledger bookkeeping, without an org.
@Suite struct BulkResetPolicyTests {
    @Test("the reserve is 5% of the daily limit, at least 100 requests")
    func reserve() {
        #expect(BulkResetRun.reserve(limit: 15_000) == 750)
        #expect(BulkResetRun.reserve(limit: 1_000) == 100)
        #expect(!BulkResetRun.nearLimit(APIUsage(used: 14_000, limit: 15_000), inFlight: 3))
        #expect(BulkResetRun.nearLimit(APIUsage(used: 14_250, limit: 15_000), inFlight: 0))
        #expect(BulkResetRun.nearLimit(APIUsage(used: 14_248, limit: 15_000), inFlight: 2), "those in flight count as spent")
    }

    @Test("remove takes out the one entry (to the second) and keeps the others")
    func ledgerRemove() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rd-ledger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = ResetLedger(file: folder.appendingPathComponent(ResetLedger.fileName))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let kept = ResetLedger.Entry(orgId: "00D1", userId: "0051", at: now)
        let claimed = ResetLedger.Entry(orgId: "00D1", userId: "0052", at: now)
        try ledger.record(kept)
        try ledger.record(claimed)
        try ledger.remove(ResetLedger.Entry(orgId: "00D1", userId: "0052", at: now.addingTimeInterval(0.4)))
        #expect(try ledger.entries() == [kept])
    }

    @Test("the guard's pieces: --force overrides a blocker and the window, nothing else does")
    func allows() {
        let recent = ResetGuard.RecentReset(at: Date(), seenIn: "the ledger")
        #expect(ResetGuard.allows(blocked: false, recentReset: nil, force: false))
        #expect(!ResetGuard.allows(blocked: true, recentReset: nil, force: false))
        #expect(!ResetGuard.allows(blocked: false, recentReset: recent, force: false))
        #expect(ResetGuard.allows(blocked: true, recentReset: recent, force: true))
        #expect(ResetGuard.isBlocking(.userFrozen) && !ResetGuard.isBlocking(.userIntegrationUser))
    }
}
