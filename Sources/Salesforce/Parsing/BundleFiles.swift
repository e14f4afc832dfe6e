import Foundation

/// `org-settings.json`: `{"deliverability":{"level":"all|system|none|unknown","source":"declared|audit-trail|apex-probe"},
/// "bounceManagement":true|false|null,"emailSecurityCompliance":true|false|null}`. Every member is optional.
public enum OrgSettingsFile {
    static let hint = "write it as {\"deliverability\":{\"level\":\"all\",\"source\":\"declared\"},\"bounceManagement\":false,\"emailSecurityCompliance\":null}; every member may be left out"

    public static func parse(_ data: Data, file: String) throws -> OrgSettings {
        let root = try BundleJSON(data, file: file, hint: hint)
        let deliverability = try root.object("deliverability")
        return OrgSettings(
            deliverabilityLevel: try deliverability?.choice("level", DeliverabilityLevel.self),
            deliverabilitySource: try deliverability?.choice("source", DeliverabilitySource.self),
            bounceManagement: try root.bool("bounceManagement"),
            emailSecurityCompliance: try root.bool("emailSecurityCompliance"))
    }
}

/// `manifest.json`: `{"format":"resetdoctor-bundle/1","capturedAt":"…","subject":"…","window":{"from":"…","to":"…"},"org":{…}}`.
public enum ManifestFile {
    static let hint = "every bundle starts with a manifest like {\"format\":\"resetdoctor-bundle/1\",\"capturedAt\":\"2026-11-22T09:30:00Z\",\"subject\":\"user@example.com\"}; `resetdoctor bundle` writes one"

    public static func parse(_ data: Data, file: String) throws -> BundleManifest {
        let root = try BundleJSON(data, file: file, hint: hint)
        let format = try root.requiredString("format")
        guard format == BundleManifest.currentFormat else {
            throw ExportParseError(
                file: file, problem: "unsupported bundle format \(format); this resetdoctor reads \(BundleManifest.currentFormat)",
                hint: "capture the bundle again with this version of resetdoctor, or use the version that wrote it")
        }
        let window = try root.object("window").map { window in
            BundleManifest.Window(from: try window.requiredDate("from"), to: try window.requiredDate("to"))
        }
        if let window, window.from > window.to {
            throw ExportParseError(
                file: file,
                problem: "\"window.from\" (\(window.from.formatted(.iso8601))) is after \"window.to\" (\(window.to.formatted(.iso8601))): the window runs backwards",
                hint: "set \"from\" to the start of the period the evidence covers and \"to\" to its end (usually capturedAt)")
        }
        let org = try root.object("org").map { org in
            BundleManifest.Org(
                id: try org.string("id"), name: try org.string("name"),
                isSandbox: try org.bool("isSandbox"), instanceUrl: try org.string("instanceUrl"))
        }
        // An org bundle names no subject: it holds every user in scope.
        let scope = try root.choice("scope", BundleManifest.Scope.self) ?? .ticket
        let subject = scope == .org ? "" : try root.requiredString("subject")
        if scope == .org, try root.string("subject") != nil {
            throw ExportParseError(
                file: file, problem: "\"scope\" is \"org\" and a \"subject\" is named too: an org bundle holds every user in scope, a ticket bundle one",
                hint: "remove \"subject\" to scan the org, or remove \"scope\" to diagnose that one user")
        }
        return BundleManifest(
            format: format, capturedAt: try root.requiredDate("capturedAt"),
            subject: subject, window: window, org: org, scope: scope)
    }
}

/// Typed, path-named access to the members of a small JSON object file (manifest, org settings).
private struct BundleJSON {
    var members: [String: JSONValue]
    var path: String
    var file: String
    var hint: String

    init(_ data: Data, file: String, hint: String) throws {
        let root = try JSONValue.parse(data, file: file, hint: hint)
        guard case .object(let members) = root else {
            throw ExportParseError(file: file, problem: "the file holds \(root.kind), expected a JSON object", hint: hint)
        }
        self.init(members: members, path: "", file: file, hint: hint)
    }

    private init(members: [String: JSONValue], path: String, file: String, hint: String) {
        self.members = members; self.path = path; self.file = file; self.hint = hint
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func wrongType(_ key: String, _ expected: String, _ found: JSONValue) -> ExportParseError {
        ExportParseError(file: file, problem: "\"\(name(key))\" is \(found.kind), expected \(expected)", hint: hint)
    }

    private func missing(_ key: String) -> ExportParseError {
        ExportParseError(file: file, problem: "\"\(name(key))\" is missing", hint: hint)
    }

    func object(_ key: String) throws -> BundleJSON? {
        switch members[key] {
        case nil, .null?: return nil
        case .object(let inner)?: return BundleJSON(members: inner, path: name(key), file: file, hint: hint)
        case let other?: throw wrongType(key, "an object", other)
        }
    }

    func string(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw wrongType(key, "text", other)
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw missing(key) }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ExportParseError(file: file, problem: "\"\(name(key))\" is empty", hint: hint)
        }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw wrongType(key, "true, false or null", other)
        }
    }

    func requiredDate(_ key: String) throws -> Date {
        let text = try requiredString(key)
        guard let date = SalesforceDate.parse(text) else {
            throw ExportParseError(
                file: file, problem: "\"\(name(key))\" is \"\(text)\", not an ISO 8601 date-time like 2026-11-22T09:30:00Z",
                hint: hint)
        }
        return date
    }

    /// A string that must be one of `Choice`'s raw values.
    func choice<Choice: RawRepresentable & CaseIterableNames>(_ key: String, _ type: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw ExportParseError(
                file: file, problem: "\"\(name(key))\" is \"\(text)\", expected one of \(Choice.allNames.joined(separator: ", "))",
                hint: hint)
        }
        return value
    }
}

/// The raw values an enum accepts, listed in error messages.
protocol CaseIterableNames { static var allNames: [String] { get } }
extension DeliverabilityLevel: CaseIterableNames { static var allNames: [String] { allCases.map(\.rawValue) } }
extension DeliverabilitySource: CaseIterableNames {
    static var allNames: [String] { [Self.declared, .auditTrail, .apexProbe].map(\.rawValue) }
}
extension BundleManifest.Scope: CaseIterableNames { static var allNames: [String] { [Self.org, .ticket].map(\.rawValue) } }
