/// Building SOQL literals from untrusted text (user names, email addresses, Ids typed by an admin).
public enum SOQL {
    /// A single-quoted string literal with the escapes of the SOQL reference ("Quoted String Escape Sequences"):
    /// `\\ \' \" \n \r \t \b \f`. Whatever the value holds, the result is exactly one literal.
    public static func quote(_ value: String) -> String {
        "'" + escape(value) + "'"
    }

    public enum LikeMatch: Sendable { case exactly, prefix, suffix, contains }

    /// A quoted LIKE pattern matching `value` literally: `%` and `_` in the value are escaped (`\%`, `\_`), and the
    /// wildcards that `match` asks for are added around it.
    public static func likePattern(_ value: String, match: LikeMatch = .contains) -> String {
        var body = ""
        for character in escape(value) {
            switch character {
            case "%": body += "\\%"
            case "_": body += "\\_"
            default: body.append(character)
            }
        }
        switch match {
        case .exactly: break
        case .prefix: body += "%"
        case .suffix: body = "%" + body
        case .contains: body = "%" + body + "%"
        }
        return "'" + body + "'"
    }

    private static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "'": escaped += "\\'"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{08}": escaped += "\\b"
            case "\u{0C}": escaped += "\\f"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
