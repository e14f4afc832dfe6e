#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its network-order bytes, with the prefix matching SPF's ip4/ip6/a/mx need.
/// The bytes live inline (two words, big-endian) rather than in an array: check_host() makes addresses for every
/// ip4/ip6 term and A record, and a heap allocation each showed up in profiles.
public struct IPAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Family: String, Sendable, Codable { case v4, v6 }

    /// IPv6: the first 8 bytes; IPv4: zero.
    private let high: UInt64
    /// IPv6: the last 8 bytes; IPv4: the address in the low 32 bits.
    private let low: UInt64
    public let family: Family

    /// 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch family {
        case .v4: return (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * UInt64($0))) }
        case .v6:
            return (0..<16).map { index in
                let word = index < 8 ? high : low
                return UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64(index % 8)))
            }
        }
    }

    private init(v4 value: UInt32) { high = 0; low = UInt64(value); family = .v4 }
    private init(v6High: UInt64, low: UInt64) { high = v6High; self.low = low; family = .v6 }

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (via inet_pton, so no leading zeros, no zone ids).
    public init?(_ text: String) {
        // IPv4, the common case (A records, ip4:), parsed on bytes without building a C string.
        let hasColonByte =
            text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: ":")) }
            ?? text.utf8.contains(UInt8(ascii: ":"))
        if !hasColonByte, let parsed = text.utf8.withContiguousStorageIfAvailable(Self.parseIPv4) {
            guard let parsed else { return nil }
            self.init(v4: parsed)
        } else if hasColonByte && ASCII.isASCII(text.utf8) || text.contains(":") {  // Foundation only for non-ASCII
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            guard let address = withUnsafeBytes(of: &storage, { IPAddress(bytes: $0) }) else { return nil }
            self = address
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            guard let address = withUnsafeBytes(of: &storage, { IPAddress(bytes: $0) }) else { return nil }
            self = address
        }
    }

    /// `IPAddress(text)` for ASCII bytes, without building a String for IPv4 (the parser meets one per ip4 term).
    init?(ascii bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.contains(UInt8(ascii: ":")) else {
            guard let parsed = Self.parseIPv4(bytes) else { return nil }
            self.init(v4: parsed)
            return
        }
        self.init(String(decoding: bytes, as: UTF8.self))
    }

    private static func bigEndianWord<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        switch bytes.count {
        case 4: self.init(v4: UInt32(Self.bigEndianWord(bytes)))
        case 16:
            self.init(v6High: Self.bigEndianWord(bytes.prefix(8)), low: Self.bigEndianWord(bytes.dropFirst(8)))
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey { case bytes }
    /// The same JSON as when `bytes` was the stored array: {"bytes":[192,0,2,3]}.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bytes = try container.decode([UInt8].self, forKey: .bytes)
        guard let address = IPAddress(bytes: bytes) else {
            throw DecodingError.dataCorruptedError(
                forKey: .bytes, in: container, debugDescription: "an address has 4 or 16 bytes, not \(bytes.count)")
        }
        self = address
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bytes, forKey: .bytes)
    }

    /// glibc's inet_pton4 over bytes: four decimal parts 0–255 without leading zeros, joined by dots; like the C
    /// call, it reads only up to the first NUL.
    private static func parseIPv4(_ text: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var address: UInt32 = 0
        var current = 0  // the part being written
        var sawDigit = false
        var octets = 0
        for character in text {
            if character == 0 { break }
            if character &- UInt8(ascii: "0") < 10 {
                let value = current * 10 + Int(character - UInt8(ascii: "0"))
                if sawDigit && current == 0 { return nil }
                if value > 255 { return nil }
                current = value
                if !sawDigit {
                    octets += 1
                    if octets > 4 { return nil }
                    sawDigit = true
                }
            } else if character == UInt8(ascii: "."), sawDigit {
                if octets == 4 { return nil }
                address = address << 8 | UInt32(current)
                current = 0
                sawDigit = false
            } else {
                return nil
            }
        }
        guard octets == 4 else { return nil }
        return address << 8 | UInt32(current)
    }

    /// 0.0.0.0, a placeholder where an address is required but never read.
    public static let unspecifiedV4 = IPAddress(v4: 0)

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.init(bytes: bytes[...])
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), which SPF treats as IPv4 (RFC 7208 §5).
    public var ipv4Mapped: IPAddress? {
        guard family == .v6, high == 0, low >> 32 == 0xffff else { return nil }
        return IPAddress(v4: UInt32(truncatingIfNeeded: low))
    }

    /// IPv4 for mapped addresses, the address itself otherwise.
    public var unmapped: IPAddress { ipv4Mapped ?? self }

    /// Whether this address lies in `network`/`prefixLength`; addresses of different families never match.
    public func isIn(_ network: IPAddress, prefixLength: Int) -> Bool {
        guard family == network.family else { return false }
        switch family {
        case .v4:
            let bits = max(0, min(prefixLength, 32))
            let mask: UInt64 = bits == 0 ? 0 : (0xffff_ffff << UInt64(32 - bits)) & 0xffff_ffff
            return low & mask == network.low & mask
        case .v6:
            let bits = max(0, min(prefixLength, 128))
            let highMask: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : .max << UInt64(64 - bits))
            let lowMask: UInt64 = bits <= 64 ? 0 : (bits == 128 ? .max : .max << UInt64(128 - bits))
            return high & highMask == network.high & highMask && low & lowMask == network.low & lowMask
        }
    }

    /// The compressed presentation form (inet_ntop): "192.0.2.3", "2001:db8::cb01".
    public var description: String {
        // IPv4: what inet_ntop writes, without the C buffer round trip.
        if family == .v4 {
            let bytes = self.bytes
            return "\(bytes[0]).\(bytes[1]).\(bytes[2]).\(bytes[3])"
        }
        var buffer = [CChar](repeating: 0, count: 64)
        var copy = bytes
        let family = self.family == .v4 ? AF_INET : AF_INET6
        let ok = copy.withUnsafeMutableBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// SPF's %{i} form: dotted quad for IPv4, 32 dot-separated nibbles for IPv6 (RFC 7208 §7.3).
    public var spfDottedForm: String {
        switch family {
        case .v4: return bytes.map(String.init).joined(separator: ".")
        case .v6: return nibbles.map { String($0, radix: 16) }.joined(separator: ".")
        }
    }

    /// The name to ask PTR for: "3.2.0.192.in-addr.arpa" or the ip6.arpa nibble name.
    public var reverseLookupName: String {
        switch family {
        case .v4: return bytes.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa"
        case .v6: return nibbles.reversed().map { String($0, radix: 16) }.joined(separator: ".") + ".ip6.arpa"
        }
    }

    private var nibbles: [UInt8] { bytes.flatMap { [$0 >> 4, $0 & 0x0f] } }
}
