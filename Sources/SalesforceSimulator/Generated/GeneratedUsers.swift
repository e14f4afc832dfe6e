import Foundation

/// An org of any size for the simulator: `count` users over `domains` recipient domains, in a mix of the states a
/// scan looks for, with their UserLogin, PermissionSetAssignment and LoginHistory rows. Everything is a function of
/// `seed` and the user's number, so two runs with the same options serve the same org, and records are built when a
/// query reads them instead of being held in memory.
public struct GeneratedUsers: Sendable, Equatable {
    public var count: Int
    public var domains: Int
    public var seed: UInt64
    /// "Now" of the generated org (last logins, creation dates). nil: the scenario's `capturedAt`, else
    /// `defaultAsOf`, so the org does not change with the day it is served.
    public var asOf: Date?
    public var mix: Mix

    public init(count: Int, domains: Int = 1, seed: UInt64 = 1, asOf: Date? = nil, mix: Mix = Mix()) {
        self.count = count; self.domains = domains; self.seed = seed; self.asOf = asOf; self.mix = mix
    }

    /// 2026-11-22T09:30:00Z, the capture time of the demos.
    public static let defaultAsOf = Date(timeIntervalSince1970: 1_795_339_800)

    /// Users per thousand in each state (one state a user); the rest are ordinary active users.
    public struct Mix: Sendable, Equatable {
        public var inactive = 40
        public var frozen = 20
        public var passwordLocked = 20
        public var sso = 50
        public var integration = 20
        public var experienceCloud = 50
        public var neverLoggedIn = 50
        public var createdRecently = 30

        public init() {}

        var total: Int {
            inactive + frozen + passwordLocked + sso + integration + experienceCloud + neverLoggedIn + createdRecently
        }
    }

    /// The recipient domain of domain number `index` (users are spread over them in turn).
    public static func domain(_ index: Int) -> String { "d\(index).gen-org.example" }

    /// The User Id of user number `index`.
    public static func userId(_ index: Int) -> String { GeneratedIds.make("005", index) }

    /// The username (and email address) of user number `index` in an org of `domains` domains.
    public static func username(_ index: Int, domains: Int) -> String { "user\(index)@\(domain(index % max(1, domains)))" }

    /// Why the options cannot make an org.
    public func validate() throws(SimulatorSetupError) {
        guard count >= 0, count <= GeneratedIds.maximumIndex else { throw .invalidGeneratedOrg("users must be 0…\(GeneratedIds.maximumIndex)") }
        guard domains >= 1 else { throw .invalidGeneratedOrg("domains must be at least 1") }
        guard mix.total <= 1000, [mix.inactive, mix.frozen, mix.passwordLocked, mix.sso, mix.integration, mix.experienceCloud,
                                  mix.neverLoggedIn, mix.createdRecently].allSatisfy({ $0 >= 0 }) else {
            throw .invalidGeneratedOrg("the mix is per thousand users: each share 0 or more, together at most 1000")
        }
    }
}

/// Ids of generated records: key prefix, "GEN", nine digits, "AAA" (18 letters and digits, as Salesforce's).
enum GeneratedIds {
    static let maximumIndex = 999_999_999

    static func make(_ prefix: String, _ index: Int) -> String {
        let digits = String(index)
        return prefix + "GEN" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits + "AAA"
    }

    /// The number in a generated Id of `prefix` (15- or 18-character form), or nil.
    static func index(_ id: String, prefix: String) -> Int? {
        let utf8 = Array(id.utf8)
        guard utf8.count == 15 || utf8.count == 18, id.hasPrefix(prefix + "GEN") else { return nil }
        let digits = utf8[6..<15]
        guard digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
