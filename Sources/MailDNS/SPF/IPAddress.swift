#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its network-order bytes, with the prefix matching SPF's ip4/ip6/a/mx need.
public struct IPAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Family: String, Sendable, Codable { case v4, v6 }

    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    public var family: Family { bytes.count == 4 ? .v4 : .v6 }

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (via inet_pton, so no leading zeros, no zone ids).
    public init?(_ text: String) {
        // IPv4, the common case (A records, ip4:), parsed on bytes without building a C string.
        let hasColonByte =
            text.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: ":")) }
            ?? text.utf8.contains(UInt8(ascii: ":"))
        if !hasColonByte, let parsed = text.utf8.withContiguousStorageIfAvailable(Self.parseIPv4) {
            guard let parsed else { return nil }
            bytes = parsed
        } else if hasColonByte && ASCII.isASCII(text.utf8) || text.contains(":") {  // Foundation only for non-ASCII
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &storage) { Array($0) }
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &storage) { Array($0) }
        }
    }

    /// glibc's inet_pton4 over bytes: four decimal parts 0–255 without leading zeros, joined by dots; like the C
    /// call, it reads only up to the first NUL.
    private static func parseIPv4(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var parts: [UInt8] = [0, 0, 0, 0]
        var part = 0  // the part being written: dots seen so far
        var sawDigit = false
        var octets = 0
        for character in text {
            if character == 0 { break }
            if character &- UInt8(ascii: "0") < 10 {
                let value = Int(parts[part]) * 10 + Int(character - UInt8(ascii: "0"))
                if sawDigit && parts[part] == 0 { return nil }
                if value > 255 { return nil }
                parts[part] = UInt8(value)
                if !sawDigit {
                    octets += 1
                    if octets > 4 { return nil }
                    sawDigit = true
                }
            } else if character == UInt8(ascii: "."), sawDigit {
                if octets == 4 { return nil }
                part += 1
                sawDigit = false
            } else {
                return nil
            }
        }
        return octets < 4 ? nil : parts
    }

    /// 0.0.0.0, a placeholder where an address is required but never read.
    public static let unspecifiedV4 = IPAddress(checkedBytes: [0, 0, 0, 0])

    private init(checkedBytes: [UInt8]) { bytes = checkedBytes }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), which SPF treats as IPv4 (RFC 7208 §5).
    public var ipv4Mapped: IPAddress? {
        guard family == .v6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// IPv4 for mapped addresses, the address itself otherwise.
    public var unmapped: IPAddress { ipv4Mapped ?? self }

    /// Whether this address lies in `network`/`prefixLength`; addresses of different families never match.
    public func isIn(_ network: IPAddress, prefixLength: Int) -> Bool {
        guard family == network.family else { return false }
        let bits = max(0, min(prefixLength, bytes.count * 8))
        let fullBytes = bits / 8
        for index in 0..<fullBytes where bytes[index] != network.bytes[index] { return false }
        let rest = bits % 8
        if rest == 0 { return true }
        let mask = UInt8(0xff) << UInt8(8 - rest)
        return bytes[fullBytes] & mask == network.bytes[fullBytes] & mask
    }

    /// The compressed presentation form (inet_ntop): "192.0.2.3", "2001:db8::cb01".
    public var description: String {
        // IPv4: what inet_ntop writes, without the C buffer round trip.
        if bytes.count == 4 { return "\(bytes[0]).\(bytes[1]).\(bytes[2]).\(bytes[3])" }
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
