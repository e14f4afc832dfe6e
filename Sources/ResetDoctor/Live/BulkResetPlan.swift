import Foundation
import Salesforce

/// Who a bulk reset resets and who it refuses, decided user by user with the single reset's policy (`ResetGuard`)
/// on a scan made just before from the live org: a blocker refuses, a reset within the window skips, an integration
/// user is flagged. A list entry that matches nobody, or several users, resets nobody.
public struct BulkResetPlan: Sendable {
    public enum Decision: Sendable, Equatable {
        case reset
        /// Findings that would stop the new email too (`ResetGuard.blockingCodes`), in the scan's order.
        case refused(blockers: [FindingCode])
        /// Reset within `ResetGuard.repeatWindow`: done already (an earlier, perhaps interrupted, run).
        case recentlyReset(ResetGuard.RecentReset)
    }

    public struct Entry: Sendable {
        public var target: ResetTarget
        public var decision: Decision
        /// The live scan's status and codes for the user.
        public var status: ScanStatus
        public var codes: [FindingCode]
        /// `user.integration-user`: the reset changes the password and security token integrations use.
        public var isIntegrationUser: Bool
        /// `--force` let a reset through that a blocker or the window would have refused.
        public var forced: Bool
        /// The user's evidence, to check the window again under the ledger's lock just before sending.
        var evidence: Evidence
    }

    public var orgId: String
    /// In the scan's order.
    public var entries: [Entry]
    /// List entries that match no user in the org.
    public var unmatched: [String]
    /// List entries that match several users (an email address several users share): name them by username or Id.
    public var ambiguous: [String]

    public var toReset: [Entry] { entries.filter { $0.decision == .reset } }

    /// - Parameters:
    ///   - names: the list as given (usernames, email addresses, Ids): every user of `users` matched by one name
    ///     alone is planned; users matched only by a shared name are not.
    public init(
        names: [String], scan: ScanReport, org: OrgEvidence, users: [UserEvidence], ledger: ResetLedger, now: Date,
        force: Bool
    ) throws(LedgerError) {
        orgId = ResetGuard.orgId(of: org)
        let records = users.compactMap { part in (part.user.value ?? nil).map { (record: $0, part: part) } }
        var byKey: [String: [Int]] = [:]
        for (index, entry) in records.enumerated() {
            for key in Set([entry.record.username, entry.record.email, entry.record.id].map(UserSelection.key)) {
                byKey[key, default: []].append(index)
            }
        }
        var wanted = Set<Int>()
        var unmatched: [String] = []
        var ambiguous: [String] = []
        for name in names {
            let hits = byKey[UserSelection.key(name)] ?? []
            switch hits.count {
            case 0: unmatched.append(name)
            case 1: wanted.insert(hits[0])
            default: ambiguous.append(name)
            }
        }
        self.unmatched = unmatched
        self.ambiguous = ambiguous
        let scanned = Dictionary(scan.users.map { (UserSelection.key($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        for index in wanted.sorted() {
            let (record, part) = records[index]
            let result = scanned[UserSelection.key(record.id)]
            let status = result?.status ?? .unknown
            let codes = result?.codes ?? []
            let evidence = Evidence(org: org, user: part)
            let blockers = codes.filter(ResetGuard.isBlocking)
            let recent = try ResetGuard.recentReset(of: record, orgId: orgId, evidence: evidence, ledger: ledger, now: now)
            let decision: Decision
            if ResetGuard.allows(blocked: !blockers.isEmpty, recentReset: recent, force: force) {
                decision = .reset
            } else if !blockers.isEmpty {
                decision = .refused(blockers: blockers)
            } else {
                decision = recent.map(Decision.recentlyReset) ?? .reset
            }
            entries.append(Entry(
                target: ResetTarget(record), decision: decision, status: status, codes: codes,
                isIntegrationUser: codes.contains(.userIntegrationUser),
                forced: decision == .reset && (!blockers.isEmpty || recent != nil), evidence: evidence))
        }
        self.entries = entries
    }
}
