import Foundation

/// A nameserver given as `host[:port]`: an IPv4 literal (`192.0.2.1`, `192.0.2.1:5353`) or an IPv6 literal
/// (`::1`, `[::1]`, `[::1]:53`). Names are not accepted: resolving the resolver would need a resolver.
public struct NameserverAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16
    public var isIPv6: Bool { host.contains(":") }

    public init(host: String, port: UInt16 = 53) throws(LdnsResolverError) {
        guard Self.isIPv4(host) || Self.isIPv6(host) else { throw .invalidNameserver(host, problem: Self.notAnIP) }
        self.host = host
        self.port = port
    }

    /// Parses `host[:port]`.
    public init(parsing text: String) throws(LdnsResolverError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw .invalidNameserver(text, problem: "an IPv6 address opened with [ needs a closing ]")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .invalidNameserver(text, problem: "expected :PORT after ]") }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        var port: UInt16 = 53
        if let portText {
            guard let parsed = UInt16(portText), parsed > 0 else {
                throw .invalidNameserver(text, problem: "the port must be a number from 1 to 65535")
            }
            port = parsed
        }
        guard Self.isIPv4(host) || Self.isIPv6(host) else { throw .invalidNameserver(text, problem: Self.notAnIP) }
        self.host = host
        self.port = port
    }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static let notAnIP = "give an IP address (192.0.2.1, 192.0.2.1:5353 or [2001:db8::1]:53), not a host name"

    private static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    private static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}

/// Why an `LdnsResolver` could not be set up.
public enum LdnsResolverError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidNameserver(String, problem: String)
    /// /etc/resolv.conf (or the given file) could not be read or named no nameserver.
    case systemConfigurationUnreadable(path: String, problem: String)
    case resolverSetupFailed(String)

    public var description: String {
        switch self {
        case .invalidNameserver(let text, let problem): return "invalid nameserver '\(text)': \(problem)"
        case .systemConfigurationUnreadable(let path, let problem):
            return "cannot use the system resolver from \(path): \(problem); pass --nameserver HOST[:PORT]"
        case .resolverSetupFailed(let problem): return "cannot set up the DNS resolver: \(problem)"
        }
    }
}
