import Foundation

/// A DKIM public key record (RFC 6376 §3.6.1, RFC 8463 for ed25519).
public struct DKIMKeyRecord: Sendable, Codable, Equatable {
    public enum KeyType: Sendable, Codable, Equatable {
        case rsa, ed25519
        case other(String)
    }

    /// k=, rsa when absent.
    public var keyType: KeyType
    /// p= with whitespace removed; empty means the key was revoked.
    public var publicKey: String
    /// h=: acceptable hash algorithms; empty means all.
    public var hashAlgorithms: [String]
    /// s=: service types; empty means "*".
    public var serviceTypes: [String]
    /// t=: flags such as y (testing) and s (no subdomains).
    public var flags: [String]
    public var tags: [DMARCRecord.Tag]
    public var text: String

    public var isRevoked: Bool { publicKey.isEmpty }
    public var isTesting: Bool { flags.contains("y") }

    public static func parse(_ text: String) throws(DKIMKeyRecordError) -> DKIMKeyRecord {
        let tags = DMARCRecord.splitTags(text)
        if let version = tags.first(where: { $0.name == "v" }) {
            guard tags.first?.name == "v", version.value == "DKIM1" else { throw .badVersion(version.value) }
        }
        guard let key = tags.first(where: { $0.name == "p" }) else { throw .missingPublicKey }
        func list(_ name: String) -> [String] {
            guard let value = tags.first(where: { $0.name == name })?.value else { return [] }
            return value.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        }
        let keyType: KeyType
        switch tags.first(where: { $0.name == "k" })?.value.lowercased() ?? "rsa" {
        case "rsa": keyType = .rsa
        case "ed25519": keyType = .ed25519
        case let other: keyType = .other(other)
        }
        let publicKey = String(key.value.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        guard publicKey.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else {
            throw .publicKeyNotBase64
        }
        return DKIMKeyRecord(
            keyType: keyType, publicKey: publicKey, hashAlgorithms: list("h"), serviceTypes: list("s"), flags: list("t"),
            tags: tags, text: text)
    }
}

public enum DKIMKeyRecordError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    case badVersion(String)
    case missingPublicKey
    case publicKeyNotBase64

    public var description: String {
        switch self {
        case .badVersion(let value): return "DKIM key record has v=\(value); it must be v=DKIM1 and come first"
        case .missingPublicKey: return "DKIM key record has no p= tag"
        case .publicKeyNotBase64: return "DKIM key record's p= is not base64"
        }
    }
}
