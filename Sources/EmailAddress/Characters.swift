/// Character classes shared by the local-part and domain scanners, on Unicode scalars (no Foundation).
extension Unicode.Scalar {
    /// RFC 5322 atext (ASCII part): ALPHA / DIGIT / "!#$%&'*+-/=?^_`{|}~".
    var isASCIIAtext: Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C,
            0x7D, 0x7E: true
        default: false
        }
    }

    /// Letter, digit or hyphen: what an ASCII domain label may hold.
    var isLDH: Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D: true
        default: false
        }
    }

    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }

    var isASCIIHexDigit: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x46, 0x61...0x66: true
        default: false
        }
    }

    /// C0/C1 controls and DEL: never part of an address, not even quoted.
    var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// Invisible format characters that arrive by copy and paste (zero width space, BOM, bidi marks, soft hyphen).
    /// The joiners U+200C/U+200D are left to IDNA's CONTEXTJ rules and RFC 6531's UTF-8 local parts.
    var isInvisibleFormat: Bool {
        value >= 0xAD && value != 0x200C && value != 0x200D && properties.generalCategory == .format
    }

    /// Full stops UTS #46 treats as label separators: ".", "。", "．", "｡".
    var isLabelSeparator: Bool { value == 0x2E || value == 0x3002 || value == 0xFF0E || value == 0xFF61 }

    /// "U+0009 (tab)" for messages about characters that cannot be shown.
    var codePointDescription: String {
        var hex = String(value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        let name: String? = switch value {
        case 0x00: "null"
        case 0x09: "tab"
        case 0x0A: "line feed"
        case 0x0D: "carriage return"
        case 0x7F: "delete"
        case 0xA0: "no-break space"
        case 0xAD: "soft hyphen"
        case 0x200B: "zero width space"
        case 0x200E: "left-to-right mark"
        case 0x200F: "right-to-left mark"
        case 0x2060: "word joiner"
        case 0xFEFF: "byte order mark"
        default: nil
        }
        return name.map { "U+\(hex) (\($0))" } ?? "U+\(hex)"
    }
}

extension String {
    /// Lowercases ASCII letters only (domains and literal tags); leaves every other scalar alone.
    var asciiLowercased: String {
        let lowered: String? = withUTF8Bytes { bytes in
            guard bytes.contains(where: ASCIIByte.isUppercase) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for index in bytes.indices {
                    out[index] = ASCIIByte.isUppercase(bytes[index]) ? bytes[index] | 0x20 : bytes[index]
                }
                return bytes.count
            }
        }
        return lowered ?? self
    }
}

/// The character classes above on single UTF-8 bytes, for the byte-level fast paths (every byte of a multi-byte
/// scalar is 0x80 or more, so none of these can match part of one).
enum ASCIIByte {
    static let dot = UInt8(ascii: ".")
    static let hyphen = UInt8(ascii: "-")

    static func isUppercase(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }

    /// Letter, digit or hyphen (Unicode.Scalar.isLDH).
    static func isLDH(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == hyphen
    }

    /// RFC 5322 atext, ASCII part (Unicode.Scalar.isASCIIAtext), as two 64-bit masks indexed by the byte.
    static func isAtext(_ byte: UInt8) -> Bool {
        byte < 64 ? atextBelow64 >> byte & 1 == 1 : byte < 128 && atextFrom64 >> (byte - 64) & 1 == 1
    }

    /// Bits 33...63 of ! # $ % & ' * + - / 0-9 = ? (the ByteClassTests prove both masks against isASCIIAtext).
    static let atextBelow64: UInt64 = 0xA3FF_ACFA_0000_0000
    /// Bits 64...127 of A-Z ^ _ ` a-z { | } ~, shifted down by 64.
    static let atextFrom64: UInt64 = 0x7FFF_FFFF_C7FF_FFFE
}

extension StringProtocol {
    /// Runs `body` over the UTF-8 bytes in place (native strings are contiguous), copying only if they are not.
    /// The byte-level fast paths use it: indexing a buffer is far cheaper than walking a String.UTF8View.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension String {
    /// Every scalar is ASCII (one UTF-8 octet each). Public because reports ask it of `AddressCheck.localPart`.
    public var isASCII: Bool { withUTF8Bytes { bytes in bytes.allSatisfy { $0 < 0x80 } } }
}
