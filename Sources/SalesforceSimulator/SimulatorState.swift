import Foundation

/// The credentials the simulator accepts. Test-only values, never real ones.
public enum SimulatorCredentials {
    public static let clientId = "sim-consumer-key"
    public static let clientSecret = "sim-client-secret"
    public static let username = "admin@sim.example"
    public static let password = "sim-password"
    public static let securityToken = "SIMTOKEN123"
    /// The Id of the simulated admin user the password and client-credentials grants log in as.
    public static let adminUserId = "005SIM000000001AAA"
}

/// The org's daily API request allocation as `Sforce-Limit-Info` reports it: `used` at start, `daily` the limit.
/// At the limit every data call gets 403 REQUEST_LIMIT_EXCEEDED.
public struct APILimits: Sendable, Equatable {
    public var daily: Int
    public var used: Int

    public init(daily: Int = SalesforceSimulator.apiLimit, used: Int = 0) {
        self.daily = daily; self.used = used
    }
}

/// Everything that changes while the simulator runs.
struct SimulatorState: Sendable {
    var faults: SimulatorFaults
    /// Live access tokens → the username they act as.
    var tokens: [String: String] = [:]
    var apiCalls = 0
    var requests = 0
    var inFlight = 0
    var maxInFlight = 0
    var resets: [String] = []
    /// Users whose password was reset: `GET …/password` answers isExpired true for them.
    var expiredPasswords: Set<String> = []
    /// Query locators → the answer of the query, served a page at a time. The oldest are dropped past
    /// `maximumCursors` (Salesforce too limits open cursors per user).
    var cursors: [String: QueryAnswer] = [:]
    var nextCursorNumber = 1
    static let maximumCursors = 50
    /// Bulk API 2.0 query jobs by Id.
    var bulkJobs: [String: BulkQueryAPI.Job] = [:]
    var nextJobNumber = 1

    init(faults: SimulatorFaults) { self.faults = faults }

    /// Counts a data call; false (not counted) when the day's allocation is used up.
    mutating func countCall(within limits: APILimits) -> Bool {
        guard limits.used + apiCalls < limits.daily else { return false }
        apiCalls += 1
        return true
    }

    /// Keeps `answer` under a new query locator and returns it.
    mutating func openCursor(_ answer: QueryAnswer) -> String {
        defer { nextCursorNumber += 1 }
        let locator = "01gSIM" + String(format: "%09d", nextCursorNumber)
        cursors[locator] = answer
        if cursors.count > Self.maximumCursors, let oldest = cursors.keys.min() { cursors[oldest] = nil }
        return locator
    }

    /// Counts down a "next N calls" fault; true when this call gets it.
    static func take(_ counter: inout Int) -> Bool {
        guard counter > 0 else { return false }
        counter -= 1
        return true
    }
}

enum RandomText {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// The start of every token the simulator issues: a made-up, test-only org id ("SIM" is no pod) in
    /// Salesforce's `<org id>!<session>` shape. Tests/Fixtures/test-only-keys/README.md lists it with the other
    /// test-only credentials.
    static let testOnlyTokenPrefix = "00DSIM000000001!SIM."

    /// An access token in Salesforce's shape, never valid anywhere but this simulator.
    static func accessToken() -> String { testOnlyTokenPrefix + make(length: 48) }
}
