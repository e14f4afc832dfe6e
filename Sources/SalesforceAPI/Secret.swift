/// A value that must never reach output, logs or bundles: access tokens, passwords, security tokens, client secrets,
/// the temporary password a reset returns. Printing, interpolating, dumping or encoding it shows "[redacted]";
/// only `revealForTransport()` gives the text, for the one place that puts it on the wire.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func revealForTransport() -> String { value }
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    public var customMirror: Mirror { Mirror(self, children: []) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("[redacted]")
    }
}
