/// The verdict on one email address. Every field is present whatever the outcome (optionals are nil when the
/// address did not get far enough to have that part), so reports and JSON keep one shape.
public struct AddressCheck: Sendable, Equatable, Codable {
    /// Exactly what was checked, before trimming.
    public var input: String
    public var valid: Bool
    /// Local part as given (case kept) + "@" + domain lowercased in A-label form; nil unless valid.
    public var normalized: String?
    /// The local part as given, quotes included when quoted; set whenever the address splits at its @.
    public var localPart: String?
    /// The domain as typed (Unicode if typed so), lowercased; an address literal keeps its brackets.
    public var domain: String?
    /// The A-label form of the domain, for DNS; nil for an address literal or a domain that failed IDNA.
    public var asciiDomain: String?
    /// The domain in Unicode (A-labels decoded), for display; nil when not known.
    public var unicodeDomain: String?
    /// Non-ASCII local part or domain as typed (a non-ASCII local part needs SMTPUTF8 end to end).
    public var isInternationalized: Bool
    /// The local part is not ASCII: every server on the way must support SMTPUTF8 (RFC 6531).
    public var needsSMTPUTF8: Bool
    /// The domain is an address literal such as [192.0.2.1] or [IPv6:2001:db8::1].
    public var isAddressLiteral: Bool
    /// Nil when valid; otherwise what is wrong, precisely, quoting the part at fault.
    public var reason: String?
    /// Valid but noteworthy: trimmed whitespace, quoted local part, IP literal, SMTPUTF8 needed, IDN.
    public var notes: [String]

    public init(
        input: String, valid: Bool, normalized: String? = nil, localPart: String? = nil, domain: String? = nil,
        asciiDomain: String? = nil, unicodeDomain: String? = nil, isInternationalized: Bool = false,
        needsSMTPUTF8: Bool = false, isAddressLiteral: Bool = false, reason: String? = nil, notes: [String] = []
    ) {
        self.input = input
        self.valid = valid
        self.normalized = normalized
        self.localPart = localPart
        self.domain = domain
        self.asciiDomain = asciiDomain
        self.unicodeDomain = unicodeDomain
        self.isInternationalized = isInternationalized
        self.needsSMTPUTF8 = needsSMTPUTF8
        self.isAddressLiteral = isAddressLiteral
        self.reason = reason
        self.notes = notes
    }
}

/// Why a part of an address is not acceptable; the message is the `reason` shown to the admin.
struct AddressRejection: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
