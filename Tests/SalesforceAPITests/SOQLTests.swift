import Testing
@testable import SalesforceAPI

/// Reads one SOQL string literal starting at the opening quote the way Salesforce does: returns the decoded value and
/// what follows the closing quote.
private func readLiteral(_ soql: String) -> (value: String, rest: Substring)? {
    guard soql.first == "'" else { return nil }
    var value = ""
    var index = soql.index(after: soql.startIndex)
    while index < soql.endIndex {
        let character = soql[index]
        if character == "'" { return (value, soql[soql.index(after: index)...]) }
        if character == "\\" {
            index = soql.index(after: index)
            guard index < soql.endIndex else { return nil }
            switch soql[index] {
            case "n": value += "\n"
            case "r": value += "\r"
            case "t": value += "\t"
            case "b": value += "\u{08}"
            case "f": value += "\u{0C}"
            case "\\", "'", "\"", "%", "_": value.append(soql[index])
            default: return nil
            }
        } else {
            value.append(character)
        }
        index = soql.index(after: index)
    }
    return nil
}

@Suite struct SOQLTests {
    @Test(arguments: [
        ("O'Brien", #"'O\'Brien'"#),
        (#"back\slash"#, #"'back\\slash'"#),
        (#""quoted""#, #"'\"quoted\"'"#),
        ("line\nbreak", #"'line\nbreak'"#),
        ("cr\rtab\tbs\u{08}ff\u{0C}", #"'cr\rtab\tbs\bff\f'"#),
        (#"a\'b"#, #"'a\\\'b'"#),
        ("plain@example.com", "'plain@example.com'"),
        ("", "''"),
    ])
    func quoteEscapesPerTheReference(value: String, expected: String) {
        #expect(SOQL.quote(value) == expected)
    }

    @Test(arguments: [
        "x' OR Username != '",
        #"x\' OR Username != \'"#,
        "O'Brien\\'; DELETE\n'",
        "\\\\'\\",
        "émile'ü\"\\\t",
    ])
    func anyValueStaysOneLiteral(value: String) throws {
        let quoted = SOQL.quote(value)
        let literal = try #require(readLiteral(quoted))
        #expect(literal.value == value)
        #expect(literal.rest.isEmpty)
        let soql = "SELECT Id FROM User WHERE Username = \(quoted) LIMIT 1"
        #expect(SOQLObjectName.from(soql) == "User")
    }

    @Test func likePatternEscapesWildcards() throws {
        #expect(SOQL.likePattern("50%_off") == #"'%50\%\_off%'"#)
        #expect(SOQL.likePattern("O'Brien", match: .prefix) == #"'O\'Brien%'"#)
        #expect(SOQL.likePattern(#"a\b"#, match: .exactly) == #"'a\\b'"#)
        #expect(SOQL.likePattern("x", match: .suffix) == "'%x'")
        let literal = try #require(readLiteral(SOQL.likePattern("a' OR '%", match: .exactly)))
        #expect(literal.rest.isEmpty)
    }

    @Test(arguments: [
        ("SELECT Id FROM SetupAuditTrail WHERE CreatedDate >= LAST_N_DAYS:30", "SetupAuditTrail"),
        ("select Id, (SELECT Id FROM Contacts) from Account", "Account"),
        ("SELECT Id FROM User WHERE Name = 'FROM Foo'", "User"),
        ("SELECT PermissionSet.Name FROM PermissionSetAssignment", "PermissionSetAssignment"),
        ("not soql", nil),
    ] as [(String, String?)])
    func objectNameIsTheOutermostFrom(soql: String, object: String?) {
        #expect(SOQLObjectName.from(soql) == object)
    }
}
