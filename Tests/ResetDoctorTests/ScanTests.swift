import Foundation
import Testing
@testable import ResetDoctor
@testable import Salesforce

/// The scan over the demo org and hand-made org bundles: statuses, the same verdicts as one diagnosis per user,
/// selection, and damaged org bundles refused.
struct ScanTests {
    static func rules() throws -> RuleBook { try RuleBook.builtIn() }

    static func scan(_ bundle: OrgBundle, purpose: ScanPurpose = .all, selection: UserSelection = UserSelection()) async throws -> ScanReport {
        let (users, notes) = selection.apply(to: bundle.users)
        return await ScanEngine(rules: try rules(), purpose: purpose).run(org: bundle.org, users: users, notes: notes)
    }

    static func status(_ report: ScanReport, _ username: String) -> ScanUser? {
        report.users.first { $0.username == username }
    }

    @Test("the demo org: each user's status and codes")
    func demoStatuses() async throws {
        let report = try await Self.scan(try DemoCatalog.org(named: "acme"))
        let expected: [String: (ScanStatus, [FindingCode])] = [
            "priya.natarajan@acme.example": (.ok, []),
            "tom.baker@acme.example": (.blocked, [.userFrozen]),
            "lena.fischer@acme.example": (.warning, [.userEmailDomainTypo]),
            "omar.haddad@acme.example": (.blocked, [.userEmailNullMX]),
            "integration@acme.example": (.ok, [.userIntegrationUser]),
            "kenji.sato@acme.example": (.blocked, [.userSSODelegated]),
            "maria.garcia@acme.example": (.warning, [.dnsRecipientLinkScanner]),
            "jo.lee@acme.example": (.blocked, [.userEmailDomainMissing]),
            "ruth.klein@acme.example": (.warning, [.userPasswordLocked]),
        ]
        for (username, (status, codes)) in expected {
            let user = try #require(Self.status(report, username), "\(username) is scanned")
            #expect(user.status == status, "\(username): \(user.codes)")
            #expect(user.codes == codes, "\(username)")
        }
        #expect(Self.status(report, "ex.employee@acme.example") == nil, "inactive users are left out by default")
        #expect(report.summary.users == 11 && report.summary.blocked == 4)
        #expect(report.exitCode() == 1 && report.exitCode(failOn: .error) == 1)
        #expect(report.domains.first?.status == .blocked)
    }

    /// One pipeline: a scan says of each user what a diagnosis of that user says, minus the ticket's own checks.
    @Test("each user's codes equal a diagnosis of that user by the same org and user checks")
    func scanAgreesWithDiagnosis() async throws {
        let bundle = try DemoCatalog.org(named: "acme")
        let report = try await Self.scan(bundle, selection: UserSelection(includeInactive: true))
        let checks = CheckRegistry.all.filter { $0.scope != .ticket }
        for part in bundle.users {
            let evidence = Evidence(org: bundle.org, user: part)
            let diagnosis = await Diagnosis.run(evidence, rules: try Self.rules(), engine: Engine(checks: checks, timeLimit: .seconds(120)))
            let causes = Set(diagnosis.findings.filter(\.isCause).map(\.code))
            let scanned = try #require(Self.status(report, part.subject))
            let scannedCauses = Set(scanned.codes.filter { $0.defaultRole == .cause })
            #expect(scannedCauses == causes, "\(part.subject)")
        }
    }

    @Test("without the deliverability setting no user is ok: unknown is never pass")
    func orgUnknownMakesUsersUnknown() async throws {
        var bundle = try DemoCatalog.org(named: "acme")
        bundle.org.orgSettings = .missing(reason: "org-settings.json is not in the bundle")
        bundle.org.auditTrail = .missing(reason: "neither audit-trail.json nor audit-trail.csv is in the bundle")
        let report = try await Self.scan(bundle)
        #expect(!report.orgUnknown.isEmpty)
        #expect(!report.users.contains { $0.status == .ok }, "\(report.users.map(\.status))")
        #expect(Self.status(report, "priya.natarajan@acme.example")?.status == .unknown)
        #expect(Self.status(report, "tom.baker@acme.example")?.status == .blocked, "a found blocker stands")
    }

    @Test("the JSON has the same keys whatever the outcome")
    func jsonShapeIsStable() async throws {
        let full = try await Self.scan(try DemoCatalog.org(named: "acme"), purpose: .expireAll)
        let empty = try await Self.scan(try DemoCatalog.org(named: "acme"), selection: UserSelection(names: ["nobody@nowhere.example"]))
        func keys(_ report: ScanReport) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Data(ScanRenderer.render(report, format: .json).utf8)) as? [String: Any]
            return (object?.keys.sorted()) ?? []
        }
        #expect(try keys(full) == keys(empty))
        #expect(try keys(full) == ["asOf", "dnsSource", "domains", "groups", "notes", "org", "orgFindings", "orgUnknown", "purpose",
                                   "remedies", "schema", "summary", "users"])
        #expect(empty.users.isEmpty && empty.notes.contains { $0.contains("nobody@nowhere.example") })
        let decoded = try ScanReport.fromJSON(Data(ScanRenderer.render(full, format: .json).utf8))
        #expect(decoded == full)
    }

    @Test("a big scan's JSON, its users encoded in parts on all cores, is the text of encoding it whole")
    func jsonInPartsIsTheSameText() async throws {
        var report = try await Self.scan(try DemoCatalog.org(named: "acme"), purpose: .expireAll)
        let demoUsers = report.users
        report.users = (0..<1_000).map { number in
            var user = demoUsers[number % demoUsers.count]
            user.username = number % 7 == 0 ? "quote\"back\\slash \u{E9}\u{1F600}\(number)@acme.example" : "\(number)-\(user.username)"
            return user
        }
        let whole = JSONReportFormatter.encoded(report, schema: ScanReport.currentSchema)
        for usersPerPart in [1, 7, 64, 999] {
            #expect(ScanJSONFormatter.encoded(report, usersPerPart: usersPerPart) == whole, "\(usersPerPart) users a part")
        }
    }

    @Test("purposes: the expire-all and onboarding groups")
    func purposes() async throws {
        let bundle = try DemoCatalog.org(named: "acme")
        let expire = try await Self.scan(bundle, purpose: .expireAll)
        func members(_ report: ScanReport, _ id: String) -> Set<String> {
            let ids = Set(report.groups.first { $0.id == id }?.users ?? [])
            return Set(report.users.filter { ids.contains($0.id) }.map(\.username))
        }
        #expect(members(expire, "integration-users") == ["integration@acme.example"])
        #expect(members(expire, "password-never-expires") == ["integration@acme.example"])
        #expect(members(expire, "delegated-sso") == ["kenji.sato@acme.example"])
        #expect(members(expire, "cannot-receive") == ["tom.baker@acme.example", "omar.haddad@acme.example", "jo.lee@acme.example"])
        let onboarding = try await Self.scan(bundle, purpose: .onboarding)
        #expect(members(onboarding, "never-logged-in-blocked") == ["jo.lee@acme.example"])
        #expect(members(onboarding, "never-logged-in-warning") == ["maria.garcia@acme.example"])
        #expect(members(onboarding, "never-logged-in-ok") == ["sam.okafor@acme.example"])
    }

    @Test("selection by username, email and 15- or 18-character Id; inactive users named in a list are scanned")
    func selection() async throws {
        let bundle = try DemoCatalog.org(named: "acme")
        let names = ["TOM.BAKER@acme.example", "lena.fischer@gmial.com", "0055e0000000004", "0055e0000000011QAA", "who@nowhere.example"]
        let (users, notes) = UserSelection(names: names).apply(to: bundle.users)
        #expect(users.map(\.subject) == ["tom.baker@acme.example", "lena.fischer@acme.example", "omar.haddad@acme.example", "ex.employee@acme.example"])
        #expect(notes == ["1 entry of the user list matches no user: who@nowhere.example"])
    }

    @Test("user lists: one a line, or a CSV naming its column")
    func userListFile() throws {
        #expect(try UserListFile.parse(Data("# ticket 4711\na@x.example\n\n 005000000000001 \n".utf8), path: "u.txt") == ["a@x.example", "005000000000001"])
        #expect(try UserListFile.parse(Data("Name,Email\n\"Lee, Jo\",jo@x.example\nAda,ada@x.example\n".utf8), path: "u.csv") == ["jo@x.example", "ada@x.example"])
        #expect(throws: BundleError.self) { try UserListFile.parse(Data("a,b\n1,2\n".utf8), path: "u.csv") }
        #expect(throws: BundleError.self) { try UserListFile.parse(Data("\n# nothing\n".utf8), path: "u.txt") }
        #expect(throws: BundleError.self) { try UserListFile.parse(Data([0xff, 0xfe, 0x41]), path: "u.txt") }
    }

    @Test("names reach SOQL quoted: quotes and backslashes are data, not syntax")
    func soqlEscaping() throws {
        let query = OrgUserQuery(names: ["o'brien@x.example", "back\\slash@x.example", "x' OR Name != '"])
        let soql = try #require(try query.soql().first)
        #expect(soql.contains(#"Username IN ('o\'brien@x.example', 'back\\slash@x.example', 'x\' OR Name != \'')"#), "\(soql)")
        #expect(!soql.contains("IsActive = true"), "named users are scanned active or not")
        let many = OrgUserQuery(names: (1...250).map { "u\($0)@x.example" })
        #expect(try many.soql().count == 3)
        #expect(try OrgUserQuery().soql() == ["SELECT \(LiveQueries.userFields), CreatedDate FROM User WHERE IsActive = true ORDER BY Id"])
    }

    @Test("--where must be one condition", arguments: [
        "Name = 'x'; DELETE", "IsActive = true LIMIT 1", "true) OR (Id != null", "Name = 'unclosed", "(Name = 'x'",
        "Id != null ORDER BY Name", "", "Id IN (SELECT Id FROM User)",
    ])
    func whereConditionRefused(_ condition: String) {
        #expect(throws: SOQLConditionError.self) { try OrgUserQuery(condition: condition).soql() }
    }

    @Test("--where conditions that are one condition pass unchanged, in parentheses")
    func whereConditionAccepted() throws {
        let condition = #"Profile.Name = 'Sales (EMEA)' AND (Name LIKE 'O\'B%' OR Email = 'a;b@x.example') AND CreatedDate = LAST_N_DAYS:30"#
        let soql = try #require(try OrgUserQuery(condition: condition).soql().first)
        #expect(soql.contains("WHERE (\(condition)) AND IsActive = true ORDER BY Id"))
    }

    @Test("org bundles and ticket bundles are not mistaken for each other")
    func scopeMismatch() throws {
        #expect(throws: BundleError.self) { try OrgBundleLoader.load(files: try DemoCatalog.files(named: "in-spam")) }
        #expect(throws: BundleError.self) { try BundleLoader.load(files: try DemoCatalog.orgFiles(named: "acme")) }
        var files = try DemoCatalog.orgFiles(named: "acme")
        files.files["manifest.json"] = Data(#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","scope":"org","subject":"a@x.example"}"#.utf8)
        #expect(throws: BundleError.self) { try OrgBundleLoader.load(files: files) }
    }

    @Test("an assignment without AssigneeId cannot be given to a user: exit 65, not a guess")
    func assignmentWithoutAssignee() throws {
        var files = try DemoCatalog.orgFiles(named: "acme")
        let text = String(decoding: try #require(files.files["permissions.json"]), as: UTF8.self)
        files.files["permissions.json"] = Data(text.replacingOccurrences(of: "\"AssigneeId\": \"0055e0000000001QAA\",", with: "").utf8)
        let error = #expect(throws: BundleError.self) { try OrgBundleLoader.load(files: files) }
        #expect(error?.problem.contains("AssigneeId") == true)
    }
}
