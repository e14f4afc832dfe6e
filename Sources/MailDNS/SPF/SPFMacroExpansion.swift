/// The values macros expand to (RFC 7208 §7.3). Pure: the evaluator fills `validatedName` (%{p}) before expanding.
public struct SPFMacroContext: Sendable, Equatable {
    /// The full sender, already "postmaster@helo" when the envelope sender was empty.
    public var sender: String
    /// The domain whose record is being evaluated (%{d}).
    public var domain: String
    /// The client address, IPv4-mapped IPv6 already turned into IPv4.
    public var ip: IPAddress
    public var helo: String
    /// %{p}: a validated reverse name, or nil for "unknown".
    public var validatedName: String?
    public var receivingHost: String
    /// %{t}: seconds since the epoch.
    public var timestamp: Int

    public init(
        sender: String, domain: String, ip: IPAddress, helo: String, validatedName: String? = nil,
        receivingHost: String = "resetdoctor.invalid", timestamp: Int = 0
    ) {
        self.sender = sender
        self.domain = domain
        self.ip = ip
        self.helo = helo
        self.validatedName = validatedName
        self.receivingHost = receivingHost
        self.timestamp = timestamp
    }

    /// The local-part, "postmaster" when the sender has none (§4.3).
    public var localPart: String {
        guard let at = sender.lastIndex(of: "@") else { return "postmaster" }
        let local = sender[..<at]
        return local.isEmpty ? "postmaster" : String(local)
    }

    /// The sender's domain (%{o}).
    public var senderDomain: String {
        guard let at = sender.lastIndex(of: "@") else { return sender }
        return String(sender[sender.index(after: at)...])
    }

    func value(of letter: Character) -> String {
        switch letter {
        case "s": return "\(localPart)@\(senderDomain)"
        case "l": return localPart
        case "o": return senderDomain
        case "d": return domain
        case "i": return ip.spfDottedForm
        case "p": return validatedName ?? "unknown"
        case "v": return ip.family == .v4 ? "in-addr" : "ip6"
        case "h": return helo
        case "c": return ip.description
        case "r": return receivingHost
        case "t": return String(timestamp)
        default: return ""
        }
    }
}

extension SPFMacroString {
    /// Whether expanding needs %{p}, which costs PTR and address lookups.
    public var usesValidatedName: Bool {
        pieces.contains { if case .macro(let letter, _, _, _) = $0 { return letter == "p" || letter == "P" } else { return false } }
    }

    /// Expands every macro (§7.3): split on the delimiters, reverse with r, keep the rightmost N parts, join with
    /// ".", and URL-escape the value of an uppercase macro letter.
    public func expand(in context: SPFMacroContext) -> String {
        // No macro (most domain-specs): the text is its own expansion.
        if pieces.count == 1, case .literal(let text) = pieces[0] { return text }
        var output = ""
        for piece in pieces {
            switch piece {
            case .literal(let text):
                output += text
            case .macro(let letter, let digits, let reverse, let delimiters):
                let lower = Character(letter.lowercased())
                let separators = Set(delimiters.isEmpty ? "." : delimiters)
                var parts = context.value(of: lower).split(omittingEmptySubsequences: false) { separators.contains($0) }
                if reverse { parts.reverse() }
                if let digits, digits < parts.count { parts = Array(parts.suffix(digits)) }
                let value = parts.joined(separator: ".")
                output += letter.isUppercase ? Self.urlEscaped(value) : value
            }
        }
        return output
    }

    /// Percent-encodes all but RFC 3986 unreserved characters.
    static func urlEscaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            let isUnreserved =
                (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte)
                || "-._~".unicodeScalars.contains(scalar)
            if isUnreserved {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
