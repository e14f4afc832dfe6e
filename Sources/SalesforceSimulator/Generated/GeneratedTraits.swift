import Foundation
import SharedBasics

/// What one generated user is: the state drawn from the mix and the numbers its records are built from.
struct GeneratedTraits {
    enum State: String, CaseIterable {
        case ordinary, inactive, frozen, passwordLocked, sso, integration, experienceCloud, neverLoggedIn, createdRecently
    }

    var state: State
    /// LoginHistory rows (0 for users who never logged in).
    var logins: Int
    /// Seconds before "now" of the last login (and of the newest LoginHistory row).
    var lastLoginAgo: Int
    var createdAgo: Int
    var passwordChangedAgo: Int

    static let day = 86_400

    /// Seeded per user, so any user's traits are drawn without drawing the users before it.
    init(index: Int, spec: GeneratedUsers) {
        var random = SplitMix64(seed: spec.seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        state = Self.state(Int(random.next() % 1000), mix: spec.mix)
        let recentLogin = Int(random.next() % UInt64(20 * Self.day))
        let oldLogin = 60 * Self.day + Int(random.next() % UInt64(240 * Self.day))
        createdAgo = 100 * Self.day + Int(random.next() % UInt64(900 * Self.day))
        passwordChangedAgo = 5 * Self.day + Int(random.next() % UInt64(85 * Self.day))
        logins = 1 + Int(random.next() % 3)
        lastLoginAgo = recentLogin
        switch state {
        case .inactive: lastLoginAgo = oldLogin
        case .neverLoggedIn: logins = 0
        case .createdRecently:
            logins = 0
            createdAgo = Int(random.next() % UInt64(7 * Self.day))
            passwordChangedAgo = createdAgo
        default: break
        }
    }

    /// The state whose share of the thousand `draw` falls in, in the order of `Mix`'s fields.
    private static func state(_ draw: Int, mix: GeneratedUsers.Mix) -> State {
        let shares: [(State, Int)] = [
            (.inactive, mix.inactive), (.frozen, mix.frozen), (.passwordLocked, mix.passwordLocked), (.sso, mix.sso),
            (.integration, mix.integration), (.experienceCloud, mix.experienceCloud), (.neverLoggedIn, mix.neverLoggedIn),
            (.createdRecently, mix.createdRecently),
        ]
        var bound = 0
        for (state, share) in shares {
            bound += share
            if draw < bound { return state }
        }
        return .ordinary
    }
}
