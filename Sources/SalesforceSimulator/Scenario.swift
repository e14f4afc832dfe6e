import Foundation
import Salesforce

/// The org the simulator pretends to be, read from a `resetdoctor-bundle/1` directory. The REST query result files
/// hold what Salesforce returned, so the simulator answers a query by filtering their `records`.
struct Scenario: Sendable {
    typealias Record = [String: JSONValue]

    struct Org: Sendable {
        var id: String
        var name: String
        var isSandbox: Bool
        var instanceName: String
    }

    /// Records per sObject name (as the query names it: "User", "LoginHistory", …).
    var records: [String: [Record]]
    /// Filter values a record does not carry but belongs to: permissions.json rows have no `AssigneeId` because the
    /// bundle's query selected only `PermissionSet.*` for the subject user. Used for matching only, never returned.
    var implicitFields: [String: Record]
    var org: Org
    /// `org-settings.json` deliverability level ("all", "system", "none", "unknown"), nil when the file is missing.
    var deliverabilityLevel: String?
    /// PEM of `jwt-public-key.pem` in the scenario directory, if there is one.
    var jwtPublicKeyPEM: String?
    /// Generated users served after the file's records (`GeneratedUsers`), if any.
    var generated: GeneratedOrg?
    /// The manifest's `capturedAt`, the default "now" of generated users.
    var capturedAt: Date?

    /// The rows a query on `object` reads.
    func table(_ object: String) -> RecordTable {
        RecordTable(
            object: object, fileRecords: object == "Organization" ? [organizationRecord] : records[object] ?? [],
            implicit: implicitFields[object] ?? [:], generated: GeneratedOrg.objects.contains(object) ? generated : nil)
    }

    /// An org with no scenario files: the default org, deliverability "all", no users until some are generated.
    static func empty() -> Scenario {
        Scenario(records: [:], implicitFields: [:], org: org(from: [:]), deliverabilityLevel: "all", jwtPublicKeyPEM: nil)
    }

    /// Adds generated users; their dates count back from `spec.asOf`, else `capturedAt`, else `defaultAsOf`.
    mutating func generate(_ spec: GeneratedUsers) {
        generated = GeneratedOrg(spec: spec, asOf: spec.asOf ?? capturedAt ?? GeneratedUsers.defaultAsOf)
    }

    /// The bundle file each queryable sObject comes from.
    static let files: [String: String] = [
        "User": "user.json",
        "UserLogin": "user-login.json",
        "PermissionSetAssignment": "permissions.json",
        "SetupAuditTrail": "audit-trail.json",
        "LoginHistory": "login-history.json",
        "EmailRelay": "email-relays.json",
        "EmailDomainFilter": "email-domain-filters.json",
        "EmailDomainKey": "email-domain-keys.json",
    ]

    /// The Id of a user in `user.json` equal to `id` (15- or 18-character forms), if any.
    func userId(matching id: String) -> String? {
        if let generated, let index = GeneratedIds.index(id, prefix: "005"), index < generated.spec.count {
            return GeneratedUsers.userId(index)
        }
        return (records["User"] ?? []).compactMap { $0["Id"]?.stringValue }.first { SalesforceId.same($0, id) }
    }

    var usernames: [String] { (records["User"] ?? []).compactMap { $0["Username"]?.stringValue } }

    /// The Organization row, answered from the manifest.
    var organizationRecord: Record {
        [
            "attributes": .object(["type": .string("Organization"), "url": .string("/services/data/v62.0/sobjects/Organization/\(org.id)")]),
            "Id": .string(org.id), "Name": .string(org.name), "IsSandbox": .bool(org.isSandbox),
            "InstanceName": .string(org.instanceName),
        ]
    }
}

/// Why a scenario directory could not be loaded.
public enum ScenarioLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notADirectory(path: String)
    case missingFile(path: String)
    case unreadable(path: String, detail: String)
    case notQueryResult(path: String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            "\(path) is not a directory. Pass a resetdoctor-bundle/1 directory (for example demos/bounced)."
        case .missingFile(let path):
            "\(path) is missing. A scenario needs at least manifest.json and user.json."
        case .unreadable(let path, let detail):
            "\(path) is not valid JSON (\(detail)). Fix the file or remove it (a missing file answers with no records)."
        case .notQueryResult(let path):
            "\(path) is not a REST query result: expected {\"totalSize\":…,\"done\":…,\"records\":[…]}."
        }
    }
}

extension Scenario {
    static func load(from directory: URL) throws(ScenarioLoadError) -> Scenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notADirectory(path: directory.path)
        }
        let manifest = try readObject(directory.appendingPathComponent("manifest.json"), required: true) ?? [:]
        var records: [String: [Record]] = [:]
        for (object, file) in files {
            let url = directory.appendingPathComponent(file)
            guard let body = try readObject(url, required: object == "User") else { continue }
            guard let rows = body["records"]?.arrayValue else { throw .notQueryResult(path: url.path) }
            records[object] = try rows.map { row throws(ScenarioLoadError) in
                guard let record = row.objectValue else { throw .notQueryResult(path: url.path) }
                return record
            }
        }
        let settings = try readObject(directory.appendingPathComponent("org-settings.json"), required: false)
        let keyURL = directory.appendingPathComponent("jwt-public-key.pem")
        var scenario = Scenario(
            records: records, implicitFields: [:], org: org(from: manifest),
            deliverabilityLevel: settings?["deliverability"]?.objectValue?["level"]?.stringValue,
            jwtPublicKeyPEM: try? String(contentsOf: keyURL, encoding: .utf8))
        scenario.capturedAt = manifest["capturedAt"]?.stringValue.flatMap(SOQLDate.parse)
        if let subjectId = scenario.subjectUserId(subject: manifest["subject"]?.stringValue) {
            scenario.implicitFields = [
                "PermissionSetAssignment": ["AssigneeId": .string(subjectId)],
                "UserLogin": ["UserId": .string(subjectId)],
                "LoginHistory": ["UserId": .string(subjectId)],
            ]
        }
        return scenario
    }

    /// The user the bundle was captured for: the one whose Username, Email or Id is the manifest subject, else the
    /// only user.
    private func subjectUserId(subject: String?) -> String? {
        let users = records["User"] ?? []
        if let subject {
            for user in users {
                let keys = ["Username", "Email", "Id"].compactMap { user[$0]?.stringValue }
                if keys.contains(where: { $0.caseInsensitiveCompare(subject) == .orderedSame || SalesforceId.same($0, subject) }) {
                    return user["Id"]?.stringValue
                }
            }
        }
        return users.count == 1 ? users[0]["Id"]?.stringValue : nil
    }

    fileprivate static func org(from manifest: Record) -> Org {
        let org = manifest["org"]?.objectValue ?? [:]
        return Org(
            id: org["id"]?.stringValue ?? "00DSIM000000001AAA",
            name: org["name"]?.stringValue ?? "Simulated Org",
            isSandbox: org["isSandbox"]?.boolValue ?? false,
            instanceName: org["instanceName"]?.stringValue ?? "SIM1")
    }

    private static func readObject(_ url: URL, required: Bool) throws(ScenarioLoadError) -> Record? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { throw .missingFile(path: url.path) }
            return nil
        }
        let value: JSONValue
        do {
            value = try JSONValue.read(Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, detail: String(describing: error).prefix(200).description)
        }
        guard let object = value.objectValue else {
            throw .unreadable(path: url.path, detail: "the top level is not an object")
        }
        return object
    }
}
