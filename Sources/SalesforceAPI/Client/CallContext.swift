/// What a call was for, so an error can say which object or action failed and which permission it needs.
struct CallContext: Sendable {
    /// "the query on SetupAuditTrail", "the password reset of 005…"
    var what: String
    /// The sObject, when the call reads one.
    var object: String?
    /// What to grant when Salesforce answers INSUFFICIENT_ACCESS.
    var permissionHint: String
    /// The call changes the org (the password reset): an unanswered one may still have been carried out.
    var changesTheOrg = false

    static func query(_ soql: String, tooling: Bool = false) -> CallContext {
        let object = SOQLObjectName.from(soql)
        let what = (tooling ? "the Tooling query on " : "the query on ") + (object ?? "an unknown object")
        return CallContext(what: what, object: object, permissionHint: permissionHint(reading: object))
    }

    static func bulkQuery(_ soql: String) -> CallContext {
        let object = SOQLObjectName.from(soql)
        return CallContext(what: "the bulk query job on " + (object ?? "an unknown object"), object: object,
                           permissionHint: permissionHint(reading: object) + "; a Bulk API 2.0 query job also needs \"API Enabled\"")
    }

    static let executeAnonymous = CallContext(
        what: "the anonymous Apex probe", object: nil,
        permissionHint: "the user needs \"Author Apex\" and \"API Enabled\" to run anonymous Apex through the Tooling API")

    static func passwordReset(_ userId: String) -> CallContext {
        CallContext(
            what: "the password reset of \(userId)", object: "User",
            permissionHint: "the user needs \"Reset User Passwords and Unlock Users\" (and \"Manage Users\" to reset an administrator)",
            changesTheOrg: true)
    }

    static func passwordStatus(_ userId: String) -> CallContext {
        CallContext(what: "the password status of \(userId)", object: "User",
                    permissionHint: "the user needs \"Manage Users\" to read another user's password status")
    }

    /// The permission each evidence object needs (reference/salesforce.md §2–§5, §9).
    static func permissionHint(reading object: String?) -> String {
        switch object?.lowercased() {
        case "setupaudittrail"?:
            "the user needs the \"View Setup and Configuration\" permission to read SetupAuditTrail"
        case "userlogin"?, "loginhistory"?:
            "the user needs the \"Manage Users\" permission to read \(object ?? "")"
        case "emailrelay"?, "emaildomainfilter"?:
            "the user needs \"Email Administration\", \"Customize Application\" and \"View Setup and Configuration\" to read \(object ?? "")"
        case "emaildomainkey"?:
            "the user needs \"Customize Application\" and \"View Setup and Configuration\" to read EmailDomainKey"
        case "user"?, "permissionsetassignment"?:
            "the user needs \"View Setup and Configuration\" (and \"View All Users\" where user visibility is restricted) to read \(object ?? "")"
        case let other?:
            "give the user read access to \(other) (profile or permission set)"
        case nil:
            "give the user read access to the queried object (profile or permission set)"
        }
    }
}

/// The sObject a SOQL statement reads: the word after the outermost FROM (subqueries in parentheses skipped).
enum SOQLObjectName {
    static func from(_ soql: String) -> String? {
        var depth = 0
        var inQuote = false
        var escaped = false
        var word = ""
        var takeNext = false
        for character in soql + " " {
            if inQuote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "'" { inQuote = false }
                continue
            }
            if character.isLetter || character.isNumber || character == "_" || character == "." {
                word.append(character)
                continue
            }
            if !word.isEmpty {
                if takeNext { return word }
                if depth == 0 && word.uppercased() == "FROM" { takeNext = true }
                word = ""
            }
            switch character {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case "'": inQuote = true
            default: break
            }
        }
        return nil
    }
}
