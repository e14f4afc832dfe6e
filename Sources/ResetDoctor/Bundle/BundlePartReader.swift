import Foundation
import Salesforce

/// Reads the parts of one bundle through the Salesforce parsers, turning their errors into `BundleError`s
/// that name the file inside the bundle and collecting notes on the choices it makes.
struct BundlePartReader {
    var bundle: BundleFiles
    var notes: [String] = []

    typealias Parse<Record> = (Data, String) throws -> Record

    func manifest() throws -> BundleManifest {
        guard let data = bundle.files["manifest.json"] else {
            throw BundleError(
                path: bundle.origin,
                problem: "there is no manifest.json, so this is not a ResetDoctor evidence bundle"
                    + (bundle.files.isEmpty ? " (the bundle is empty)" : ""),
                hint: "make a bundle with `resetdoctor bundle USER --out DIR`, or write manifest.json by hand: "
                    + #"{"format":"resetdoctor-bundle/1","capturedAt":"2026-11-22T09:30:00Z","subject":"USERNAME"}"#)
        }
        // The parser also rejects any format but resetdoctor-bundle/1.
        return try parse("manifest.json", data, ManifestFile.parse)
    }

    /// The user the manifest's subject names. No records means "no such user" (`.found(nil)`), not an error.
    mutating func user(subject: String) throws -> Gathered<SalesforceUser?> {
        guard let data = bundle.files["user.json"] else {
            throw BundleError(
                path: bundle.path(of: "user.json"),
                problem: "the bundle has no user.json, and every diagnosis starts from the user record",
                hint: "capture it with `resetdoctor bundle USER --out DIR`, or save the result of `sf data query --json --query \"SELECT Id, Username, Email, Name, IsActive, UserType, ProfileId, Profile.Name, ContactId, IsPortalEnabled, FederationIdentifier, LastLoginDate, LastPasswordChangeDate FROM User WHERE Username = 'USERNAME'\"` as user.json")
        }
        let users = try parse("user.json", data, UserQuery.parse)
        if users.count <= 1 {
            // A bundle about someone else is not evidence about the subject: refuse it rather than diagnose the wrong user.
            if let only = users.first, !SubjectMatch.matches(only, subject) {
                throw BundleError(
                    path: bundle.path(of: "user.json"),
                    problem: "user.json holds one user, \(only.username) (email \(only.email), Id \(only.id)), but manifest.json names the subject \"\(subject)\", which is none of these",
                    hint: "set \"subject\" in manifest.json to the username, email or Id of the user the ticket is about, or put that user's record in user.json")
            }
            return .found(users.first, source: "user.json")
        }
        // Usernames and Ids are unique in an org, emails are not: a username or Id match settles it.
        let exact = users.filter { SubjectMatch.matchesUsernameOrId($0, subject) }
        let matching = exact.isEmpty ? users.filter { SubjectMatch.matches($0, subject) } : exact
        guard matching.count == 1, let user = matching.first else {
            let candidates = (matching.isEmpty ? users : matching).map(\.username).joined(separator: ", ")
            throw BundleError(
                path: bundle.path(of: "user.json"),
                problem: "user.json holds \(users.count) users and \(matching.isEmpty ? "none" : "\(matching.count)") of them match the subject \"\(subject)\" (candidates: \(candidates))",
                hint: "set \"subject\" in manifest.json to the username of the user the ticket is about, or keep only that user's record in user.json")
        }
        return .found(user, source: "user.json")
    }

    /// An optional file: missing says so; present is parsed and shaped by `select`.
    func optional<Record, Value>(_ name: String, _ parse: Parse<Record>, _ select: (Record) -> Value) throws -> Gathered<Value> {
        guard let data = bundle.files[name] else { return .missing(reason: "\(name) is not in the bundle") }
        return .found(select(try self.parse(name, data, parse)), source: name)
    }

    /// A part that may come as the API's JSON or the Setup CSV download: JSON wins when both are there.
    mutating func preferJSON<Value>(
        json: String, _ parseJSON: Parse<[Value]>, csv: String, _ parseCSV: Parse<[Value]>, _ select: ([Value]) -> [Value]
    ) throws -> Gathered<[Value]> {
        if bundle.files[json] != nil {
            if bundle.files[csv] != nil {
                notes.append("both \(json) and \(csv) are in the bundle; using \(json) and ignoring \(csv)")
            }
            return try optional(json, parseJSON, select)
        }
        if bundle.files[csv] != nil { return try optional(csv, parseCSV, select) }
        return .missing(reason: "neither \(json) nor \(csv) is in the bundle")
    }

    /// email-log.csv, read as a stream (from disk for a folder bundle), keeping the rows to the user's address:
    /// the checks read no other row, and a log may hold millions.
    func emailLog(for user: SalesforceUser?) throws -> Gathered<EmailLog> {
        let name = "email-log.csv"
        let rows: EmailLogRows = user.map { .to($0.email) } ?? .none
        if let path = bundle.onDisk[name] {
            let stream = try BundleReader.stream(at: path, expected: name)
            return .found(try parse(name, Data()) { _, file in try EmailLogCSV.scan(stream, file: file, keeping: rows) }, source: name)
        }
        guard let data = bundle.files[name] else { return .missing(reason: "\(name) is not in the bundle") }
        return .found(try parse(name, data) { data, file in try EmailLogCSV.scan(data, file: file, keeping: rows) }, source: name)
    }

    func parse<Record>(_ name: String, _ data: Data, _ parse: Parse<Record>) throws -> Record {
        do {
            return try parse(data, name)
        } catch let error as ExportParseError {
            throw BundleError(error, origin: bundle.origin)
        } catch {
            throw BundleError(
                path: bundle.path(of: name), problem: "the file could not be read (\(error))",
                hint: "export it again from Salesforce, or leave it out of the bundle")
        }
    }
}
