import Foundation

/// Percent-encoding with RFC 3986's unreserved set only (ALPHA DIGIT - . _ ~): every other byte of the UTF-8 text is
/// encoded, so `&`, `=`, `+`, `#`, `%` and quotes in a query or a form value can never change the request's shape.
enum PercentEncoding {
    static func strict(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// An application/x-www-form-urlencoded body. Values that are secrets are revealed here, for the wire only.
    static func formBody(_ fields: [(String, String)]) -> Data {
        Data(fields.map { strict($0.0) + "=" + strict($0.1) }.joined(separator: "&").utf8)
    }
}
