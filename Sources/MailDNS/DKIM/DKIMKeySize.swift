import Foundation

/// The strength of a published DKIM key.
public struct DKIMKeySize: Sendable, Codable, Equatable {
    public enum Method: String, Sendable, Codable {
        /// The RSA modulus was read from the DER structure.
        case decodedModulus
        /// The DER could not be read; bits estimated from its length.
        case estimatedFromLength
        /// ed25519 keys are always 256 bits.
        case fixedEd25519
    }
    public var bits: Int
    public var method: Method

    /// nil when `publicKey` is empty or not base64.
    public static func of(_ record: DKIMKeyRecord) -> DKIMKeySize? {
        guard !record.isRevoked, let der = Data(base64Encoded: record.publicKey) else { return nil }
        let bytes = [UInt8](der)
        if record.keyType == .ed25519 { return DKIMKeySize(bits: 256, method: .fixedEd25519) }
        if let bits = rsaModulusBits(bytes) { return DKIMKeySize(bits: bits, method: .decodedModulus) }
        // SubjectPublicKeyInfo adds about 38 bytes around the modulus (for 1024 to 4096-bit keys).
        return DKIMKeySize(bits: max(0, bytes.count - 38) * 8, method: .estimatedFromLength)
    }

    /// Reads SubjectPublicKeyInfo { AlgorithmIdentifier, BIT STRING { RSAPublicKey } } or a bare RSAPublicKey
    /// { INTEGER modulus, INTEGER exponent } and returns the modulus length in bits.
    static func rsaModulusBits(_ bytes: [UInt8]) -> Int? {
        var reader = DERReader(bytes: bytes[...])
        guard let outer = reader.read(tag: 0x30) else { return nil }
        var inner = DERReader(bytes: outer)
        if let first = inner.peekTag, first == 0x30 {
            // SubjectPublicKeyInfo: skip the algorithm, open the bit string (first byte: unused bits).
            guard inner.read(tag: 0x30) != nil, let bitString = inner.read(tag: 0x03), bitString.first == 0 else { return nil }
            var keyReader = DERReader(bytes: bitString.dropFirst())
            guard let rsaKey = keyReader.read(tag: 0x30) else { return nil }
            inner = DERReader(bytes: rsaKey)
        }
        guard var modulus = inner.read(tag: 0x02) else { return nil }
        while modulus.first == 0 { modulus = modulus.dropFirst() }
        guard let top = modulus.first else { return nil }
        return (modulus.count - 1) * 8 + (8 - top.leadingZeroBitCount)
    }
}

/// Just enough DER to walk SEQUENCE / INTEGER / BIT STRING.
struct DERReader {
    var bytes: ArraySlice<UInt8>

    var peekTag: UInt8? { bytes.first }

    /// Reads one element of `tag` and returns its contents; nil when the tag differs or lengths do not fit.
    mutating func read(tag: UInt8) -> ArraySlice<UInt8>? {
        guard bytes.first == tag else { return nil }
        var index = bytes.index(after: bytes.startIndex)
        guard index < bytes.endIndex else { return nil }
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count >= 1, count <= 4, index + count <= bytes.endIndex else { return nil }
            length = 0
            for byte in bytes[index..<(index + count)] { length = length << 8 | Int(byte) }
            index += count
        }
        guard length <= bytes.endIndex - index else { return nil }
        let contents = bytes[index..<(index + length)]
        bytes = bytes[(index + length)...]
        return contents
    }
}
