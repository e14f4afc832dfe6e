import Foundation
import Salesforce

/// The rows of a generated org, built on demand from a user's number. Row numbers per object:
/// User and UserLogin: one per user; PermissionSetAssignment: two per user (the profile's own permission set, then
/// one other); LoginHistory: `loginOffsets[i]..<loginOffsets[i+1]` for user i, newest first.
struct GeneratedOrg: Sendable {
    typealias Record = Scenario.Record

    let spec: GeneratedUsers
    let asOf: Date
    private let loginOffsets: [Int]

    /// The objects a generated org has rows of.
    static let objects: Set<String> = ["User", "UserLogin", "PermissionSetAssignment", "LoginHistory"]

    init(spec: GeneratedUsers, asOf: Date) {
        self.spec = spec
        self.asOf = asOf
        var offsets = [0]
        offsets.reserveCapacity(spec.count + 1)
        for index in 0..<spec.count { offsets.append(offsets[index] + GeneratedTraits(index: index, spec: spec).logins) }
        loginOffsets = offsets
    }

    func count(_ object: String) -> Int {
        switch object {
        case "User", "UserLogin": spec.count
        case "PermissionSetAssignment": 2 * spec.count
        case "LoginHistory": loginOffsets.last ?? 0
        default: 0
        }
    }

    /// The rows of `object` that belong to user `index`.
    func rows(_ object: String, ofUser index: Int) -> Range<Int> {
        guard index >= 0, index < spec.count else { return 0..<0 }
        switch object {
        case "User", "UserLogin": return index..<index + 1
        case "PermissionSetAssignment": return 2 * index..<2 * index + 2
        case "LoginHistory": return loginOffsets[index]..<loginOffsets[index + 1]
        default: return 0..<0
        }
    }

    /// The field holding the owning user's Id in `object`'s rows.
    static func userField(_ object: String) -> String? {
        switch object {
        case "User": "Id"
        case "UserLogin", "LoginHistory": "UserId"
        case "PermissionSetAssignment": "AssigneeId"
        default: nil
        }
    }

    func record(_ object: String, _ row: Int) -> Record {
        switch object {
        case "User": return user(row)
        case "UserLogin": return userLogin(row)
        case "PermissionSetAssignment": return permissionSetAssignment(row)
        default: return loginHistory(row)
        }
    }

    // MARK: Records

    private func user(_ index: Int) -> Record {
        let traits = GeneratedTraits(index: index, spec: spec)
        let id = GeneratedUsers.userId(index)
        let username = GeneratedUsers.username(index, domains: spec.domains)
        let profile = Self.profile(traits.state)
        let portal = traits.state == .experienceCloud
        let neverLoggedIn = traits.logins == 0
        return [
            "attributes": Self.attributes("User", id),
            "Id": .string(id), "Username": .string(username), "Email": .string(username),
            "Name": .string("Generated User \(index)"), "IsActive": .bool(traits.state != .inactive),
            "UserType": .string(portal ? "PowerCustomerSuccess" : "Standard"),
            "ProfileId": .string(profile.id),
            "Profile": .object(["attributes": Self.attributes("Profile", profile.id), "Name": .string(profile.name)]),
            "ContactId": portal ? .string(GeneratedIds.make("003", index)) : .null,
            "IsPortalEnabled": .bool(portal),
            "FederationIdentifier": traits.state == .sso ? .string("user\(index)") : .null,
            "LastLoginDate": neverLoggedIn ? .null : date(ago: traits.lastLoginAgo),
            "LastPasswordChangeDate": date(ago: traits.passwordChangedAgo),
            "CreatedDate": date(ago: traits.createdAgo),
        ]
    }

    private func userLogin(_ index: Int) -> Record {
        let state = GeneratedTraits(index: index, spec: spec).state
        let id = GeneratedIds.make("0Yw", index)
        return [
            "attributes": Self.attributes("UserLogin", id), "Id": .string(id), "UserId": .string(GeneratedUsers.userId(index)),
            "IsFrozen": .bool(state == .frozen), "IsPasswordLocked": .bool(state == .passwordLocked),
        ]
    }

    private func permissionSetAssignment(_ row: Int) -> Record {
        let index = row / 2
        let state = GeneratedTraits(index: index, spec: spec).state
        let id = GeneratedIds.make("0Pa", row)
        let set: (id: String, name: String, ownedByProfile: Bool, sso: Bool, neverExpires: Bool)
        if row % 2 == 0 {
            let profile = Self.profile(state)
            set = (profile.permissionSetId, profile.permissionSetName, true, false, state == .integration)
        } else if state == .sso {
            set = ("0PSGEN000000011AAA", "Delegated_SSO_Users", false, true, false)
        } else {
            set = ("0PSGEN000000012AAA", "Reports_Access", false, false, false)
        }
        return [
            "attributes": Self.attributes("PermissionSetAssignment", id), "Id": .string(id),
            "AssigneeId": .string(GeneratedUsers.userId(index)), "PermissionSetId": .string(set.id),
            "PermissionSet": .object([
                "attributes": Self.attributes("PermissionSet", set.id), "Name": .string(set.name),
                "IsOwnedByProfile": .bool(set.ownedByProfile), "PermissionsIsSsoEnabled": .bool(set.sso),
                "PermissionsPasswordNeverExpires": .bool(set.neverExpires),
            ]),
        ]
    }

    private func loginHistory(_ row: Int) -> Record {
        // The user whose rows hold `row`: the last offset at or before it.
        var low = 0, high = spec.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if loginOffsets[middle] <= row { low = middle } else { high = middle - 1 }
        }
        let traits = GeneratedTraits(index: low, spec: spec)
        let nth = row - loginOffsets[low]
        let id = GeneratedIds.make("0Ya", row)
        let api = traits.state == .integration
        return [
            "attributes": Self.attributes("LoginHistory", id), "Id": .string(id), "UserId": .string(GeneratedUsers.userId(low)),
            "LoginTime": date(ago: traits.lastLoginAgo + nth * 3 * GeneratedTraits.day),
            "LoginType": .string(api ? "Remote Access 2.0" : "Application"),
            "SourceIp": .string("198.51.100.\(low % 250 + 1)"), "Status": .string("Success"),
            "Application": .string(api ? "Dataloader Bulk" : "Browser"),
            "LoginUrl": .string("login.salesforce.com"),
        ]
    }

    // MARK: Pieces

    private struct Profile {
        var id: String, name: String, permissionSetId: String, permissionSetName: String
    }

    private static func profile(_ state: GeneratedTraits.State) -> Profile {
        switch state {
        case .integration:
            Profile(id: "00eGEN000000002AAA", name: "Salesforce API Only System Integrations",
                    permissionSetId: "0PSGEN000000002AAA", permissionSetName: "X00eGEN000000002AAA")
        case .experienceCloud:
            Profile(id: "00eGEN000000003AAA", name: "Customer Community Plus User",
                    permissionSetId: "0PSGEN000000003AAA", permissionSetName: "X00eGEN000000003AAA")
        default:
            Profile(id: "00eGEN000000001AAA", name: "Standard User",
                    permissionSetId: "0PSGEN000000001AAA", permissionSetName: "X00eGEN000000001AAA")
        }
    }

    private static func attributes(_ type: String, _ id: String) -> JSONValue {
        .object(["type": .string(type), "url": .string("/services/data/v62.0/sobjects/\(type)/\(id)")])
    }

    /// Salesforce's REST date-time shape, `2026-11-18T06:30:00.000+0000`, `seconds` before `asOf`.
    private func date(ago seconds: Int) -> JSONValue {
        .string(RESTDateTime.format(Int(asOf.timeIntervalSince1970) - seconds))
    }
}

/// Formats epoch seconds as Salesforce's REST date-time without a formatter (this runs once per generated field).
enum RESTDateTime {
    static func format(_ epochSeconds: Int) -> String {
        let time = CivilTime(utcEpochSeconds: epochSeconds)
        func two(_ value: Int) -> String { CivilTime.padded(value, 2) }
        return "\(time.year)-\(two(time.month))-\(two(time.day))T\(two(time.hour)):\(two(time.minute)):\(two(time.second)).000+0000"
    }
}
