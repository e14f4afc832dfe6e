import CArchive
import Foundation
import Salesforce
import Testing
@testable import ResetDoctor

/// Loading evidence bundles from directories and .tar.gz files, and every way a bundle can be bad.
@Suite struct BundleLoaderTests {
    // MARK: Directory and archive

    @Test func directoryAndArchiveGiveEqualEvidence() throws {
        let temp = try TemporaryDirectory()
        let directory = try temp.writeBundle(DemoCatalog.files(named: "in-spam").files, named: "ticket")
        let archive = temp.path + "/ticket.tar.gz"
        try runTar(["czf", archive, "-C", directory, "."])

        let fromDirectory = try BundleLoader.load(path: directory)
        let fromArchive = try BundleLoader.load(path: archive)
        expectSameEvidence(fromDirectory, fromArchive)
        expectSameEvidence(fromDirectory, try DemoCatalog.evidence(named: "in-spam"))
    }

    @Test func archiveWithOneTopLevelFolderIsAccepted() throws {
        let temp = try TemporaryDirectory()
        _ = try temp.writeBundle(DemoCatalog.files(named: "bounced").files, named: "bundle")
        let archive = temp.path + "/bundle.tgz"
        try runTar(["czf", archive, "-C", temp.path, "bundle"])
        let evidence = try BundleLoader.load(path: archive)
        #expect(evidence.user.value??.username == "li.wei@acme.example")
    }

    @Test func loadingWritesNothing() throws {
        let temp = try TemporaryDirectory()
        let directory = try temp.writeBundle(DemoCatalog.files(named: "no-reset").files, named: "ticket")
        let archive = temp.path + "/ticket.tar.gz"
        try runTar(["czf", archive, "-C", directory, "."])
        let before = try snapshot(temp.path)
        _ = try BundleLoader.load(path: directory)
        _ = try BundleLoader.load(path: archive)
        #expect(try snapshot(temp.path) == before)
    }

    @Test func extraFilesAndDNSFolderAreAccepted() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["notes.txt"] = Data("customer called twice".utf8)
        files.files["screenshot.png"] = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])
        files.files["dns/acme.example.zone"] = Data("acme.example. 300 IN MX 10 mx1.acme.example.\n".utf8)
        let evidence = try BundleLoader.load(files: files)
        #expect(evidence.user.value??.username == "priya.natarajan@acme.example")
    }

    @Test func onlyManifestAndUserAreRequired() throws {
        let demo = try DemoCatalog.files(named: "in-spam")
        let files = BundleFiles(
            files: ["manifest.json": try #require(demo.files["manifest.json"]), "user.json": try #require(demo.files["user.json"])],
            origin: "minimal")
        let evidence = try BundleLoader.load(files: files)
        #expect(evidence.user.source == "user.json")
        #expect(evidence.userLogin.missingReason == "user-login.json is not in the bundle")
        #expect(evidence.auditTrail.missingReason == "neither audit-trail.json nor audit-trail.csv is in the bundle")
        #expect(evidence.emailLog.missingReason == "email-log.csv is not in the bundle")
        #expect(evidence.orgSettings.missingReason == "org-settings.json is not in the bundle")
    }

    @Test func jsonWinsOverCSVAndSaysSo() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["audit-trail.csv"] = try DemoCatalog.files(named: "no-reset").files["audit-trail.csv"]
        let loaded = try BundleLoader.inspect(files: files)
        #expect(loaded.evidence.auditTrail.source == "audit-trail.json")
        #expect(loaded.notes.contains { $0.contains("audit-trail.json") && $0.contains("audit-trail.csv") })
    }

    // MARK: The user record

    @Test func noUserRecordMeansUserNotFound() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["user.json"] = Data(#"{"totalSize":0,"done":true,"records":[]}"#.utf8)
        let evidence = try BundleLoader.load(files: files)
        #expect(evidence.user == .found(nil, source: "user.json"))
    }

    @Test func severalUsersPickTheSubject() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["user.json"] = usersJSON([
            ("0055e000009Ab99QAA", "priya.n@acme.example.sandbox", "priya.natarajan@acme.example"),
            ("0055e000009Ab01QAA", "Priya.Natarajan@ACME.example", "priya.natarajan@acme.example"),
            ("0055e000009Ab02QAA", "pnatarajan@acme.example", "priya.natarajan@acme.example"),
        ])
        // Both share the email; the username is unique, so it decides.
        files.files["manifest.json"] = manifestJSON(subject: "priya.natarajan@acme.example")
        #expect(try BundleLoader.load(files: files).user.value??.id == "0055e000009Ab01QAA")
        // The subject may also be the 15-character form of the Id.
        files.files["manifest.json"] = manifestJSON(subject: "0055e000009Ab99")
        #expect(try BundleLoader.load(files: files).user.value??.username == "priya.n@acme.example.sandbox")
    }

    @Test func ambiguousSubjectListsTheCandidates() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["manifest.json"] = manifestJSON(subject: "priya.natarajan@acme.example")
        files.files["user.json"] = usersJSON([
            ("0055e000009Ab98QAA", "priya@acme.example.uat", "priya.natarajan@acme.example"),
            ("0055e000009Ab99QAA", "priya@acme.example.dev", "priya.natarajan@acme.example"),
        ])
        let error = try expectBundleError(in: "demos/in-spam/user.json") { try BundleLoader.load(files: files) }
        #expect(error.description.contains("priya@acme.example.uat"))
        #expect(error.description.contains("priya@acme.example.dev"))
        #expect(error.hint.contains("subject"))

        files.files["manifest.json"] = manifestJSON(subject: "nobody@acme.example")
        let none = try expectBundleError(in: "demos/in-spam/user.json") { try BundleLoader.load(files: files) }
        #expect(none.problem.contains("none of them match"))
    }

    @Test func userLoginIsFilteredToTheUser() throws {
        var files = try DemoCatalog.files(named: "frozen-sso")
        files.files["user-login.json"] = Data(#"""
            {"totalSize":2,"done":true,"records":[
             {"attributes":{"type":"UserLogin"},"Id":"0605e000000Mk99AAA","UserId":"0055e000004Lr7QAAS","IsFrozen":false,"IsPasswordLocked":false},
             {"attributes":{"type":"UserLogin"},"Id":"0605e000000Mk07AAA","UserId":"0055e000009Ab07QAA","IsFrozen":true,"IsPasswordLocked":false}]}
            """#.utf8)
        let evidence = try BundleLoader.load(files: files)
        #expect(evidence.userLogin.value??.id == "0605e000000Mk07AAA")
        #expect(evidence.userLogin.value??.isFrozen == true)
    }

    @Test func loginHistoryDownloadIsFilteredToTheUser() throws {
        var files = try DemoCatalog.files(named: "frozen-sso")
        var csv = String(decoding: try #require(files.files["login-history.csv"]), as: UTF8.self)
        csv += "11/21/2026 9:00:00 AM PST,someone.else@acme.example,198.51.100.9,Application,Success,Chrome 131,Mac OSX,Browser,N/A,N/A,N/A,acme.my.salesforce.com\r\n"
        files.files["login-history.csv"] = Data(csv.utf8)
        let entries = try #require(try BundleLoader.load(files: files).loginHistory.value)
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.username == "kenji.sato@acme.example" })
    }

    @Test func aSingleUserWhoIsNotTheSubjectIsRefused() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["manifest.json"] = manifestJSON(subject: "someone.else@acme.example")
        let error = try expectBundleError(in: "demos/in-spam/user.json") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("someone.else@acme.example") && error.problem.contains("priya.natarajan@acme.example"))
        #expect(error.hint.contains("subject"))
    }

    // MARK: Errors: the manifest

    @Test func reversedWindowIsRefused() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["manifest.json"] = Data(#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"priya.natarajan@acme.example","window":{"from":"2026-11-22T09:30:00Z","to":"2026-11-15T09:30:00Z"}}"#.utf8)
        let error = try expectBundleError(in: "demos/in-spam/manifest.json") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("window.from") && error.problem.contains("backwards"))
    }

    @Test(arguments: [
        (#"{"format":"resetdoctor-bundle/1","format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"x"}"#, "the key \"format\" appears twice"),
        (#"{"format":"resetdoctor-bundle","capturedAt":"2026-11-22T09:30:00Z","subject":"x"}"#, "unsupported bundle format resetdoctor-bundle;"),
        (#"{"format":1,"capturedAt":"2026-11-22T09:30:00Z","subject":"x"}"#, "\"format\" is the number 1, expected text"),
        (#"{"capturedAt":"2026-11-22T09:30:00Z","subject":"x"}"#, "\"format\" is missing"),
        (#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"x","window":{"from":"2026-11-22T09:30:00Z","to":42}}"#, "\"window.to\" is the number 42"),
    ])
    func damagedManifestIsRefused(_ json: String, _ expected: String) throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["manifest.json"] = Data(json.utf8)
        let error = try expectBundleError(in: "demos/in-spam/manifest.json") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains(expected), "\(error.problem)")
    }

    // MARK: Errors: the path

    @Test func missingPath() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path + "/no-such-bundle"
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.problem.contains("no such file"))
        #expect(error.hint.contains("resetdoctor bundle"))
    }

    @Test func regularFileThatIsNotAnArchive() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path + "/email-log.csv"
        try Data("Date/Time,Mail Event,Recipient\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.hint.contains("--email-log"))
    }

    @Test(arguments: ["text", "gzip-not-tar", "truncated"])
    func archiveThatIsNotAGzipTar(kind: String) throws {
        let temp = try TemporaryDirectory()
        let path = temp.path + "/bundle.tar.gz"
        switch kind {
        case "text": try Data("manifest.json\n".utf8).write(to: URL(fileURLWithPath: path))
        case "gzip-not-tar":
            try Data(String(repeating: "not a tar file\n", count: 100).utf8).write(to: URL(fileURLWithPath: temp.path + "/plain"))
            try run("/bin/gzip", ["-n", temp.path + "/plain"])
            try FileManager.default.moveItem(atPath: temp.path + "/plain.gz", toPath: path)
        default:
            let directory = try temp.writeBundle(DemoCatalog.files(named: "in-spam").files, named: "ticket")
            try runTar(["czf", temp.path + "/whole.tar.gz", "-C", directory, "."])
            let whole = try Data(contentsOf: URL(fileURLWithPath: temp.path + "/whole.tar.gz"))
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        }
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.hint.contains("tar czf"))
    }

    @Test func directoryWithoutManifest() throws {
        let temp = try TemporaryDirectory()
        var files = try DemoCatalog.files(named: "in-spam").files
        files["manifest.json"] = nil
        let directory = try temp.writeBundle(files, named: "ticket")
        let error = try expectBundleError(in: directory) { try BundleLoader.load(path: directory) }
        #expect(error.problem.contains("manifest.json"))
        #expect(error.hint.contains("resetdoctor bundle USER --out DIR"))
    }

    @Test func missingUserFileSaysHowToMakeIt() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["user.json"] = nil
        let error = try expectBundleError(in: "demos/in-spam/user.json") { try BundleLoader.load(files: files) }
        #expect(error.hint.contains("FROM User"))
    }

    // MARK: Errors: the files

    static let jsonFiles = [
        "manifest.json", "user.json", "user-login.json", "permissions.json", "audit-trail.json", "login-history.json",
        "email-relays.json", "email-domain-filters.json", "email-domain-keys.json", "org-settings.json",
    ]

    @Test(arguments: jsonFiles)
    func malformedJSON(file: String) throws {
        var files = try DemoCatalog.files(named: "relay-misconfigured")
        files.files[file] = Data(#"{"totalSize":1,"done":true,"records":[{"Id":"#.utf8)
        let error = try expectBundleError(in: "demos/relay-misconfigured/\(file)") { try BundleLoader.load(files: files) }
        #expect(!error.hint.isEmpty)
    }

    @Test func wrongFormatVersion() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["manifest.json"] = Data(#"{"format":"resetdoctor-bundle/2","capturedAt":"2026-11-22T09:30:00Z","subject":"x"}"#.utf8)
        let error = try expectBundleError(in: "demos/in-spam/manifest.json") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("resetdoctor-bundle/2"))
    }

    @Test(arguments: ["email-log.csv", "audit-trail.csv", "login-history.csv"])
    func csvThatIsNotTheExpectedExport(file: String) throws {
        var files = try DemoCatalog.files(named: "no-reset")
        files.files["audit-trail.json"] = nil
        files.files["login-history.json"] = nil
        files.files[file] = Data("Id,Name,Amount\n006000000000001,Big deal,1000\n".utf8)
        let error = try expectBundleError(in: "demos/no-reset/\(file)") { try BundleLoader.load(files: files) }
        #expect(error.description.contains("Id, Name, Amount"))
    }

    @Test func binaryGarbageInACSV() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["email-log.csv"] = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        let error = try expectBundleError(in: "demos/in-spam/email-log.csv") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("binary"))
    }

    @Test func hugeLineInACSV() throws {
        var files = try DemoCatalog.files(named: "in-spam")
        var text = "Date/Time,Internal Message ID,Mail Event,Recipient\n11/22/2026 08:51,"
        text += String(repeating: "x", count: 1 << 21) + ",D,a@acme.example\n"
        files.files["email-log.csv"] = Data(text.utf8)
        let error = try expectBundleError(in: "demos/in-spam/email-log.csv") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("line 2"))
    }

    @Test func fileOver64MiB() throws {
        // The email log is exempt: it streams.
        var files = try DemoCatalog.files(named: "in-spam")
        files.files["login-history.json"] = Data(count: BundleFiles.maximumFileBytes + 1)
        let error = try expectBundleError(in: "demos/in-spam/login-history.json") { try BundleLoader.load(files: files) }
        #expect(error.problem.contains("64 MiB"))
    }

    // MARK: Errors: hostile archives

    @Test(arguments: ["../x", "/etc/passwd", "ok/../../x", "symlink", "hardlink", "device"])
    func archiveEntriesThatEscapeAreRejected(entry: String) throws {
        var entries: [(String, CraftedEntry)] = try DemoCatalog.files(named: "in-spam").files.sorted { $0.key < $1.key }
            .map { ($0.key, .file($0.value)) }
        switch entry {
        case "symlink": entries.append(("user-login.json", .symlink("/etc/passwd")))
        case "hardlink": entries.append(("copy.json", .hardlink("user.json")))
        case "device": entries.append(("tty", .characterDevice))
        default: entries.append((entry, .file(Data("x".utf8))))
        }
        let temp = try TemporaryDirectory()
        let path = temp.path + "/hostile.tar.gz"
        try craftArchive(entries).write(to: URL(fileURLWithPath: path))
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.problem.contains("rejected"))
    }

    @Test func archiveThatUnpacksToMoreThan256MiB() throws {
        // Five 60 MiB files of zeros: each under the per-file cap, together over the total; gzip makes them tiny.
        let zeros = Data(count: 60 << 20)
        let entries: [(String, CraftedEntry)] = (1...5).map { ("part\($0).zone", .file(zeros)) }
        let temp = try TemporaryDirectory()
        let path = temp.path + "/bomb.tar.gz"
        try craftArchive(entries).write(to: URL(fileURLWithPath: path))
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.problem.contains("256 MiB"))
    }

    // MARK: --email-log FILE

    @Test func emailLogOnItsOwn() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path + "/export-2026-11-22.csv"
        try #require(try DemoCatalog.files(named: "bounced").files["email-log.csv"]).write(to: URL(fileURLWithPath: path))
        let user = try DemoCatalog.evidence(named: "bounced").requireUser()
        let log = try BundleLoader.loadEmailLog(path: path, for: user)
        #expect(log.source == "export-2026-11-22.csv")
        #expect(log.value?.contains { $0.mailEvent == .permanentFailure } == true)

        let missing = temp.path + "/nope.csv"
        let error = try expectBundleError(in: missing) { try BundleLoader.loadEmailLog(path: missing, for: user) }
        #expect(error.hint.contains("Email Log"))
        try Data("garbage\u{0}".utf8).write(to: URL(fileURLWithPath: missing))
        _ = try expectBundleError(in: missing) { try BundleLoader.loadEmailLog(path: missing, for: user) }
    }
}

// MARK: - Helpers (shared with DemoTests)

/// A directory under the system temp folder, removed with everything in it when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("resetdoctor-bundle-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `files` (relative names, subfolders allowed) into a new folder `name`; returns its path.
    func writeBundle(_ files: [String: Data], named name: String) throws -> String {
        let root = path + "/" + name
        for (file, contents) in files {
            let url = URL(fileURLWithPath: root + "/" + file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url)
        }
        return root
    }
}

/// Runs `/bin/tar` (the brief's way to make test archives) and fails on a non-zero exit.
func runTar(_ arguments: [String]) throws { try run("/bin/tar", arguments) }

func run(_ executable: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(executable) \(arguments) failed")
}

/// Every file under `path` with its size, modification date and contents, to prove nothing changed.
func snapshot(_ path: String) throws -> [String: String] {
    var result: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let name = enumerator?.nextObject() as? String {
        let full = path + "/" + name
        let attributes = try FileManager.default.attributesOfItem(atPath: full)
        let contents = (try? Data(contentsOf: URL(fileURLWithPath: full))).map { "\($0.hashValue)" } ?? "dir"
        result[name] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "") \(contents)"
    }
    return result
}

/// Runs `body`, expects a `BundleError` whose path is `path`, and checks the message is usable.
@discardableResult
func expectBundleError(in path: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) throws -> BundleError {
    do {
        _ = try body()
    } catch let error as BundleError {
        #expect(error.path == path, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
        #expect(!error.problem.isEmpty && !error.hint.isEmpty, sourceLocation: sourceLocation)
        return error
    }
    Issue.record("expected a BundleError for \(path)", sourceLocation: sourceLocation)
    return BundleError(path: "", problem: "", hint: "")
}

func expectSameEvidence(_ a: Evidence, _ b: Evidence, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.subject == b.subject, sourceLocation: sourceLocation)
    #expect(a.now == b.now, sourceLocation: sourceLocation)
    #expect(a.window == b.window && a.org == b.org, sourceLocation: sourceLocation)
    #expect(a.user == b.user && a.userLogin == b.userLogin && a.permissions == b.permissions, sourceLocation: sourceLocation)
    #expect(a.auditTrail == b.auditTrail && a.loginHistory == b.loginHistory && a.emailLog == b.emailLog, sourceLocation: sourceLocation)
    #expect(a.emailRelays == b.emailRelays && a.emailDomainFilters == b.emailDomainFilters, sourceLocation: sourceLocation)
    #expect(a.emailDomainKeys == b.emailDomainKeys && a.orgSettings == b.orgSettings, sourceLocation: sourceLocation)
}

private func manifestJSON(subject: String) -> Data {
    Data(#"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"\#(subject)"}"#.utf8)
}

private func usersJSON(_ users: [(id: String, username: String, email: String)]) -> Data {
    let records = users.map { user in
        #"{"attributes":{"type":"User"},"Id":"\#(user.id)","Username":"\#(user.username)","Email":"\#(user.email)","IsActive":true}"#
    }
    return Data(#"{"totalSize":\#(users.count),"done":true,"records":[\#(records.joined(separator: ","))]}"#.utf8)
}

/// An archive entry the test builds by hand: things /bin/tar will not put in an archive on request.
enum CraftedEntry {
    case file(Data), symlink(String), hardlink(String), characterDevice
}

/// A gzip-compressed pax archive written in memory with libarchive, entries kept exactly as named.
private func craftArchive(_ entries: [(String, CraftedEntry)]) throws -> Data {
    let archive = try #require(archive_write_new())
    defer { archive_write_free(archive) }
    #expect(archive_write_add_filter_gzip(archive) == ARCHIVE_OK)
    #expect(archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK)
    var buffer = [UInt8](repeating: 0, count: 4 << 20)
    var used = 0
    try buffer.withUnsafeMutableBytes { bytes in
        try #require(archive_write_open_memory(archive, bytes.baseAddress, bytes.count, &used) == ARCHIVE_OK)
        for (name, kind) in entries {
            let entry = try #require(archive_entry_new())
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, name)
            archive_entry_set_perm(entry, 0o644)
            var contents = Data()
            switch kind {
            case .file(let data):
                archive_entry_set_filetype(entry, 0o100000); archive_entry_set_size(entry, Int64(data.count)); contents = data
            case .symlink(let target):
                archive_entry_set_filetype(entry, 0o120000); archive_entry_set_symlink(entry, target)
            case .hardlink(let target):
                archive_entry_set_filetype(entry, 0o100000); archive_entry_set_hardlink(entry, target)
            case .characterDevice:
                archive_entry_set_filetype(entry, 0o020000); archive_entry_set_rdev(entry, 0x0501)
            }
            try #require(archive_write_header(archive, entry) == ARCHIVE_OK)
            if !contents.isEmpty {
                let written = contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
                try #require(written == contents.count)
            }
        }
        try #require(archive_write_close(archive) == ARCHIVE_OK)
    }
    return Data(buffer.prefix(used))
}
