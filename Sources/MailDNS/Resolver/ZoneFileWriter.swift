import Foundation

/// Writes DNS records as RFC 1035 zone-file text with absolute names, for `ZoneFileResolver` to read back.
enum ZoneFileWriter {
    /// A private-use type (RFC 6895 §3.1) with empty data: it makes a name exist, so a NODATA answer replays as
    /// NODATA rather than NXDOMAIN. No lookup ever asks for it.
    static let existenceMarkerType: UInt16 = 65280

    static func absolute(_ name: String) -> String { name == "." ? "." : name + "." }

    static func line(owner: String, ttl: UInt32, record: DNSRecord) -> String {
        "\(absolute(owner))\t\(ttl)\tIN\t\(typeAndData(record))"
    }

    static func existenceMarker(owner: String, ttl: UInt32) -> String {
        "\(absolute(owner))\t\(ttl)\tIN\tTYPE\(existenceMarkerType)\t\\# 0"
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
