import Foundation

/// Writes DNS records as RFC 1035 zone-file text with absolute names, for `ZoneFileResolver` to read back.
enum ZoneFileWriter {
    /// A private-use type (RFC 6895 §3.1) with empty data: it makes a name exist, so a NODATA answer replays as
    /// NODATA rather than NXDOMAIN. No lookup ever asks for it.
    static let existenceMarkerType: UInt16 = 65280

    /// The name with a trailing dot, each label byte other than a letter, digit, `-` or `_` written `\DDD`
    /// (RFC 1035 §5.1), so a name built from any bytes (a space from an SPF macro) reads back as itself.
    static func absolute(_ name: String) -> String {
        guard name != "." else { return "." }
        var text = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                text.append(Character(UnicodeScalar(byte)))
            default:
                text += "\\" + String(format: "%03d", byte)
            }
        }
        return text + "."
    }

    /// A comment line in printable ASCII (other bytes as \DDD): zone files are ASCII, and the reader refuses others.
    static func comment(_ text: String) -> String {
        var line = "; "
        for byte in text.utf8 {
            if (0x20...0x7E).contains(byte) { line.unicodeScalars.append(UnicodeScalar(byte)) } else { line += "\\" + String(format: "%03d", byte) }
        }
        return line
    }

    static func line(owner: String, ttl: UInt32, record: DNSRecord) -> String {
        "\(absolute(owner))\t\(ttl)\tIN\t\(typeAndData(record))"
    }

    static func existenceMarker(owner: String, ttl: UInt32) -> String {
        "\(absolute(owner))\t\(ttl)\tIN\tTYPE\(existenceMarkerType)\t\\# 0"
    }

    /// A private-use type (RFC 6895 §3.1) that records a lookup which got no answer when the bundle was captured:
    /// its data is the asked type (2 bytes), the kind of failure (1 byte: `FailureKind`) and the reason (UTF-8).
    /// `ZoneFileResolver` replays it as that failure, so a replay says unknown for exactly that name and type.
    static let failureMarkerType: UInt16 = 65281

    enum FailureKind: UInt8 {
        case serverFailure = 1, refused, timeout, error, unusable
    }

    static func failureMarker(owner: String, type: DNSRecordType, result: DNSLookupResult) -> String? {
        let kind: FailureKind
        switch result {
        case .serverFailure: kind = .serverFailure
        case .refused: kind = .refused
        case .timeout: kind = .timeout
        case .error: kind = .error
        case .unusable: kind = .unusable
        case .records, .noData, .nxDomain: return nil
        }
        let typeCode = type.typeCode
        let bytes = [UInt8(typeCode >> 8), UInt8(typeCode & 0xFF), kind.rawValue] + Array(result.failureText.utf8.prefix(200))
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return "\(absolute(owner))\t0\tIN\tTYPE\(failureMarkerType)\t\\# \(bytes.count) \(hex)"
    }

    /// The failure a marker's data (ldns's `\# N hex` text) records for `type`, or nil when it is about another type
    /// or unreadable.
    static func replayedFailure(markerText: String, for type: DNSRecordType) -> DNSLookupResult? {
        let parts = markerText.split(separator: " ")
        guard parts.count == 3, parts[0] == "\\#", let hex = parts.last, hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        guard bytes.count >= 3, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == type.typeCode,
            let kind = FailureKind(rawValue: bytes[2])
        else { return nil }
        let reason = "when the bundle was captured: " + String(decoding: bytes[3...], as: UTF8.self)
        switch kind {
        case .serverFailure: return .serverFailure(reason)
        case .refused: return .refused(reason)
        case .timeout: return .timeout(reason)
        case .error: return .error(reason)
        case .unusable: return .unusable(reason)
        }
    }

    static func typeAndData(_ record: DNSRecord) -> String {
        switch record {
        case .a(let address): return "A\t\(address)"
        case .aaaa(let address): return "AAAA\t\(address)"
        case .mx(let preference, let exchange): return "MX\t\(preference) \(absolute(exchange))"
        case .txt(let strings): return "TXT\t" + strings.map(quoted).joined(separator: " ")
        case .cname(let target): return "CNAME\t\(absolute(target))"
        case .ptr(let target): return "PTR\t\(absolute(target))"
        case .ns(let host): return "NS\t\(absolute(host))"
        // Refresh, retry and expire are not in the model; the values here are placeholders.
        case .soa(let mname, let rname, let serial, let minimum):
            return "SOA\t\(absolute(mname)) \(absolute(rname)) \(serial) 3600 600 86400 \(minimum)"
        case .other(let type, let text): return "\(type)\t\(text)"
        }
    }

    /// A TXT character-string in quotes: `"` and `\` escaped, bytes outside printable ASCII as `\DDD`.
    static func quoted(_ string: String) -> String {
        var text = "\""
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E: text += String(UnicodeScalar(byte))
            default: text += "\\" + String(format: "%03d", byte)
            }
        }
        return text + "\""
    }
}
