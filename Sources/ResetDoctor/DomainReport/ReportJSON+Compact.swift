/// Compact rendering written out by hand: JSONEncoder costs more than the whole check of an address, and `email
/// check -` renders one record per input line. The bytes are JSONEncoder's on Linux with sorted keys and unescaped
/// slashes (keys in UTF-8 byte order; `"` `\` and control characters escaped, \b \t \n \f \r by name, the others as
/// \u00xx; everything else as it is), which ReportJSONCompactTests proves against JSONEncoder.
extension ReportJSON {
    /// The compact text, appended to `out`.
    public func appendCompact(to out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.appendCompact(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.appendCompact(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text): Self.appendString(text, to: &out)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal of `text`, quotes included.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Most strings need no escape: copied whole.
            if needsNoEscape(bytes) { out.append(contentsOf: bytes) } else { appendEscaped(bytes, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// No control character, quote or backslash. Looks at every byte without branching, which the compiler turns
    /// into vector instructions: cheaper than stopping early on strings as short as addresses.
    private static func needsNoEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var special: UInt8 = 0
        for byte in bytes {
            special |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        return special == 0
    }

    /// Runs of plain bytes are copied whole; quote, backslash and control characters escaped one by one.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var plainStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
            plainStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0..<0x20:
                out.append(contentsOf: "u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)  // " and \ stand for themselves after the backslash
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart...]))
    }
}
