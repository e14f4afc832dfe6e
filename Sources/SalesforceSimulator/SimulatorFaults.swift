/// Failures the simulator injects so clients can be tested against a misbehaving org. Counted faults ("the next N
/// calls") apply to `/services/data` calls only, never to the token endpoint, and count down as calls arrive.
public struct SimulatorFaults: Sendable, Equatable {
    /// Added before every answer (token endpoint included).
    public var latencyMilliseconds: Int
    /// The next N data calls get 401 INVALID_SESSION_ID and the token they carried is revoked; a new token works.
    public var expiredSessionCalls: Int
    /// sObjects whose queries (and sobjects/… calls) get 403 INSUFFICIENT_ACCESS; "*" forbids every data call.
    public var forbiddenObjects: Set<String>
    /// The next N data calls get 429 REQUEST_LIMIT_EXCEEDED with `Retry-After: 1`.
    public var rateLimitedCalls: Int
    /// The next N data calls get 500 UNKNOWN_EXCEPTION.
    public var serverErrorCalls: Int
    /// The next N data calls that would succeed send a Content-Length larger than the body, half the body, then close.
    public var cutBodyCalls: Int
    /// The password grant answers invalid_grant "IP restricted" (login from an IP outside the trusted ranges
    /// without the right security token).
    public var ipRestricted: Bool
    /// `Sforce-Limit-Info`: the daily API limit, and the requests already used when the simulator starts.
    public var apiLimit = SalesforceSimulator.apiLimit
    public var apiUsedAtStart = 0

    public init(
        latencyMilliseconds: Int = 0, expiredSessionCalls: Int = 0, forbiddenObjects: Set<String> = [],
        rateLimitedCalls: Int = 0, serverErrorCalls: Int = 0, cutBodyCalls: Int = 0, ipRestricted: Bool = false
    ) {
        self.latencyMilliseconds = latencyMilliseconds; self.expiredSessionCalls = expiredSessionCalls
        self.forbiddenObjects = forbiddenObjects; self.rateLimitedCalls = rateLimitedCalls
        self.serverErrorCalls = serverErrorCalls; self.cutBodyCalls = cutBodyCalls; self.ipRestricted = ipRestricted
    }

    public static let none = SimulatorFaults()

    /// Whether a data call on `object` (nil: not about one object) is forbidden.
    func forbids(object: String?) -> Bool {
        if forbiddenObjects.contains("*") { return true }
        guard let object else { return false }
        return forbiddenObjects.contains { $0.caseInsensitiveCompare(object) == .orderedSame }
    }
}

/// `--fault` values of `resetdoctor-sim`: `token-expired[=N]`, `forbidden[=OBJECT]` (no object: every call),
/// `rate-limited[=N]`, `server-error[=N]`, `cut-body[=N]`, `ip-restricted`. N defaults to 1.
public enum SimulatorFaultFlag {
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var flag: String
        public var description: String {
            "--fault \(flag) is not understood. Use token-expired[=N], forbidden[=OBJECT], rate-limited[=N], server-error[=N], cut-body[=N] or ip-restricted."
        }
    }

    public static func apply(_ flag: String, to faults: inout SimulatorFaults) throws(Invalid) {
        let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1] : nil
        func count() throws(Invalid) -> Int {
            guard let argument else { return 1 }
            guard let value = Int(argument), value >= 0 else { throw Invalid(flag: flag) }
            return value
        }
        switch name {
        case "token-expired": faults.expiredSessionCalls = try count()
        case "rate-limited": faults.rateLimitedCalls = try count()
        case "server-error": faults.serverErrorCalls = try count()
        case "cut-body": faults.cutBodyCalls = try count()
        case "forbidden": faults.forbiddenObjects.insert(argument ?? "*")
        case "ip-restricted" where argument == nil: faults.ipRestricted = true
        default: throw Invalid(flag: flag)
        }
    }
}
