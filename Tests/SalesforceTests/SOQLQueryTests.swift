import Foundation
import Testing
@testable import Salesforce

@Suite("SOQL query files")
struct SOQLQueryTests {
    static let users = """
    {"totalSize":2,"done":true,"records":[
      {"attributes":{"type":"User","url":"/services/data/v62.0/sobjects/User/005Hs00000AbCdEIAV"},
       "Id":"005Hs00000AbCdEIAV","Username":"ana@acme.com","Email":"ana@acme.com","Name":"Ana Ruiz","IsActive":true,
       "UserType":"Standard","ProfileId":"00eHs000001aBcD",
       "Profile":{"attributes":{"type":"Profile","url":"/services/data/v62.0/sobjects/Profile/00eHs000001aBcD"},"Name":"Standard User"},
       "ContactId":null,"IsPortalEnabled":false,"FederationIdentifier":null,
       "LastLoginDate":"2026-11-20T14:02:11.000+0000","LastPasswordChangeDate":"2026-06-01T08:00:00.000+0000"},
      {"attributes":{"type":"User","url":"/services/data/v62.0/sobjects/User/005Hs00000XyZ"},
       "Id":"005Hs00000XyZ","Username":"bo@partner.example","Email":"bo@partner.example","Name":null,"IsActive":false,
       "UserType":"PowerPartner","Profile":null,"ContactId":"003Hs00000Q1aBcAAA","IsPortalEnabled":true}
    ]}
    """

    @Test func userRecordsWithNestedProfileAndNulls() throws {
        let users = try UserQuery.parse(data(Self.users), file: "user.json")
        #expect(users == [
            SalesforceUser(
                id: "005Hs00000AbCdEIAV", username: "ana@acme.com", email: "ana@acme.com", name: "Ana Ruiz", isActive: true,
                userType: "Standard", profileId: "00eHs000001aBcD", profileName: "Standard User", contactId: nil,
                isPortalEnabled: false, federationIdentifier: nil, lastLoginDate: utc("2026-11-20T14:02:11Z"),
                lastPasswordChangeDate: utc("2026-06-01T08:00:00Z")),
            SalesforceUser(
                id: "005Hs00000XyZ", username: "bo@partner.example", email: "bo@partner.example", name: nil, isActive: false,
                userType: "PowerPartner", profileId: nil, profileName: nil, contactId: "003Hs00000Q1aBcAAA", isPortalEnabled: true),
        ])
    }

    @Test func sfCliEnvelopeIsAccepted() throws {
        let cli = """
        {"status":0,"result":{"records":[{"attributes":{"type":"UserLogin","url":"/x"},"Id":"06cHs0001","UserId":"005A","IsFrozen":true,"IsPasswordLocked":false}],"totalSize":1,"done":true},"warnings":[]}
        """
        #expect(try UserLoginQuery.parse(data(cli), file: "user-login.json") == [
            UserLoginRecord(id: "06cHs0001", userId: "005A", isFrozen: true, isPasswordLocked: false),
        ])
    }

    @Test func emptyResultIsValid() throws {
        #expect(try UserQuery.parse(data(#"{"totalSize":0,"done":true,"records":[]}"#), file: "user.json").isEmpty)
    }

    @Test func permissionGrantsComeFromTheNestedPermissionSet() throws {
        let json = """
        {"totalSize":3,"done":true,"records":[
         {"attributes":{"type":"PermissionSetAssignment","url":"/a"},"PermissionSet":{"attributes":{"type":"PermissionSet","url":"/p"},
          "Name":"X00eHs000001aBcD","IsOwnedByProfile":true,"PermissionsIsSsoEnabled":false,"PermissionsPasswordNeverExpires":false}},
         {"attributes":{"type":"PermissionSetAssignment","url":"/b"},"PermissionSet":{"attributes":{"type":"PermissionSet","url":"/q"},
          "Name":"Delegated_SSO","IsOwnedByProfile":false,"PermissionsIsSsoEnabled":true,"PermissionsPasswordNeverExpires":null}},
         {"attributes":{"type":"PermissionSetAssignment","url":"/c"},"PermissionSet":{"Name":"Integration","PermissionsIsSsoEnabled":false,"PermissionsPasswordNeverExpires":true}}
        ]}
        """
        #expect(try PermissionQuery.parse(data(json), file: "permissions.json") == [
            PermissionGrant(permissionSetName: "X00eHs000001aBcD", isOwnedByProfile: true),
            PermissionGrant(permissionSetName: "Delegated_SSO", isSsoEnabled: true),
            PermissionGrant(permissionSetName: "Integration", passwordNeverExpires: true),
        ])
    }

    @Test func emailSetupRecords() throws {
        let relays = """
        {"totalSize":1,"done":true,"records":[{"attributes":{"type":"EmailRelay","url":"/r"},"Id":"0NMHs0001","Host":"smtp.acme.com",
         "Port":"587","TlsSetting":"RequiredVerify","IsRequireAuth":true,"AuthType":"Plain"}]}
        """
        #expect(try EmailRelayQuery.parse(data(relays), file: "email-relays.json") == [
            EmailRelayRecord(id: "0NMHs0001", host: "smtp.acme.com", port: "587", tlsSetting: "RequiredVerify", isRequireAuth: true, authType: "Plain"),
        ])
        let filters = """
        {"totalSize":2,"done":true,"records":[
         {"attributes":{"type":"EmailDomainFilter","url":"/f"},"Id":"0T6Hs0001","EmailRelayId":"0NMHs0001","FromDomain":"acme.com","ToDomain":"*","IsActive":true,"PriorityNumber":1},
         {"attributes":{"type":"EmailDomainFilter","url":"/g"},"Id":"0T6Hs0002","EmailRelayId":null,"FromDomain":null,"ToDomain":"partner.example","IsActive":false,"PriorityNumber":null}]}
        """
        #expect(try EmailDomainFilterQuery.parse(data(filters), file: "email-domain-filters.json") == [
            EmailDomainFilterRecord(id: "0T6Hs0001", emailRelayId: "0NMHs0001", fromDomain: "acme.com", toDomain: "*", isActive: true, priorityNumber: 1),
            EmailDomainFilterRecord(id: "0T6Hs0002", emailRelayId: nil, toDomain: "partner.example", isActive: false),
        ])
        let keys = """
        {"totalSize":1,"done":true,"records":[{"attributes":{"type":"EmailDomainKey","url":"/k"},"Id":"09PHs0001","Domain":"acme.com",
         "DomainMatch":"DomainAndSubdomains","Selector":"sf1","AlternateSelector":"sf2","IsActive":true}]}
        """
        #expect(try EmailDomainKeyQuery.parse(data(keys), file: "email-domain-keys.json") == [
            EmailDomainKeyRecord(id: "09PHs0001", domain: "acme.com", domainMatch: "DomainAndSubdomains", selector: "sf1", alternateSelector: "sf2", isActive: true),
        ])
    }

    /// A bad `user.json` and words its error must contain.
    @Test("bad query files", arguments: [
        ("", "the file is empty"),
        ("{\"totalSize\":1,\"done\":true,\"records\":[", "not valid JSON"),
        ("\u{0}\u{1}PK", "not valid JSON"),
        ("[1,2]", "not a REST query result"),
        ("{\"totalSize\":0,\"done\":true}", "not a REST query result"),
        ("\"records\"", "not a REST query result"),
        ("{\"status\":1,\"name\":\"MalformedQuery\",\"message\":\"unexpected token: FORM\",\"result\":{}}", "Salesforce CLI reported an error (status 1: unexpected token: FORM)"),
        ("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]", "Salesforce error response (INVALID_SESSION_ID: Session expired or invalid)"),
        ("{\"totalSize\":4000,\"done\":false,\"nextRecordsUrl\":\"/x\",\"records\":[]}", "incomplete"),
        ("{\"done\":true,\"records\":[42]}", "record 1 is the number 42, not an object"),
        ("{\"done\":true,\"records\":[{\"attributes\":{\"type\":\"UserLogin\"},\"Id\":\"1\"}]}", "record 1 is a UserLogin record, expected User"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":null,\"IsActive\":true}]}", "record 1 (Id 005A) has no Email"),
        ("{\"done\":true,\"records\":[{\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true}]}", "record 1 has no Id"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\"}]}", "record 1 (Id 005A) has no IsActive"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":\"yes\"}]}", "field IsActive is the text \"yes\", expected true or false"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true,\"LastLoginDate\":\"yesterday\"}]}", "field LastLoginDate is \"yesterday\", not a Salesforce date-time"),
        // Damaged or inconsistent evidence is refused, not believed.
        ("{\"totalSize\":2,\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true}]}", "\"totalSize\" says 2 records but the file holds 1"),
        ("{\"totalSize\":1.5,\"done\":true,\"records\":[]}", "\"totalSize\" is the number 1.5, expected a whole number"),
        ("{\"totalSize\":\"1\",\"done\":true,\"records\":[]}", "\"totalSize\" is the text \"1\", expected a whole number"),
        ("{\"totalSize\":0,\"done\":\"false\",\"records\":[]}", "\"done\" is the text \"false\", expected true or false"),
        ("{\"totalSize\":0,\"done\":1,\"records\":[]}", "\"done\" is the number 1, expected true or false"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":false,\"IsActive\":true}]}", "the key \"IsActive\" appears twice in records[0] (line 1, column 90)"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Profile\":{\"Name\":\"A\",\"Name\":\"B\"}}]}", "the key \"Name\" appears twice in records[0].Profile"),
        ("{\"done\":true,\"done\":false,\"records\":[]}", "the key \"done\" appears twice in the top-level object"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":42,\"IsActive\":true}]}", "field Email is the number 42, expected text"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":\"true\"}]}", "field IsActive is the text \"true\", expected true or false"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true,\"Name\":{\"x\":1}}]}", "field Name is an object, expected text"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\n\"Username\":\"a@b.c}]}", "a text value is not closed (its quote has no end) at line 2, column 12"),
        ("{\"done\":true,\"records\":[]} x", "unexpected text after the JSON value"),
        ("{\"done\":true,\"records\":[{\"Id\":\"\u{7}\"}]}", "control character"),
        ("{\"done\":true,\"records\":[{\"Id\":\"\\ud800\"}]}", "half of a surrogate pair"),
        ("{\"done\":true,\"records\":[01]}", "may not start with 0"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true,\"Profile\":\"Admin\"}]}", "field Profile is the text \"Admin\", expected a related record (an object) or null"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":false,\"isactive\":true}]}", "record 1 holds the field IsActive twice (as \"IsActive\" and \"isactive\""),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Profile\":{\"Name\":\"A\",\"NAME\":\"B\"}}]}", "record 1 holds the field Profile.NAME twice"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true,\"ContactId\":\"false\"}]}", "field ContactId is \"false\", not a Salesforce Id"),
        ("{\"done\":true,\"records\":[{\"Id\":\"005A\",\"Username\":\"a@b.c\",\"Email\":\"a@b.c\",\"IsActive\":true,\"ProfileId\":\"00e5e000000Ab1\u{E9}AAA\"}]}", "field ProfileId is"),
        // Records stream as they are read; a bad record still yields to the file's syntax and shape.
        ("{\"done\":true,\"records\":[42,{\"Id\":}]}", "not valid JSON"),
        ("{\"records\":[42],\"done\":true,\"totalSize\":3}", "\"totalSize\" says 3 records but the file holds 1"),
        ("{\"result\":{\"done\":true,\"records\":[42]},\"status\":1,\"message\":\"bad\"}", "Salesforce CLI reported an error (status 1: bad)"),
        ("{\"result\":{\"done\":true,\"records\":[42]},\"status\":0}", "record 1 is the number 42, not an object"),
        ("{\"records\":[42],\"result\":{\"done\":true,\"records\":[]}}", "record 1 is the number 42, not an object"),
        (String(repeating: "[", count: 100_000), "nests deeper than 64 levels (line 1, column 65)"),
        (String(repeating: "{\"a\":", count: 100_000), "nests deeper than 64 levels"),
    ])
    func badUserFile(_ json: String, _ expected: String) {
        let error = parseError { try UserQuery.parse(data(json), file: "user.json") }
        #expect(error?.file == "user.json")
        // JSON reading errors carry their line; record-level ones name the record instead.
        #expect((error?.line != nil) == (error?.problem.contains(" at line ") == true || error?.problem.contains("(line ") == true))
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
        #expect(error?.hint.isEmpty == false)
    }

    @Test func invalidUTF8InTextIsRefused() {
        var bytes = Array(#"{"done":true,"records":[{"Id":"005A","Username":""#.utf8)
        bytes += [0xC3, 0x28] + Array(#"","Email":"a@b.c","IsActive":true}]}"#.utf8)
        let error = parseError { try UserQuery.parse(Data(bytes), file: "user.json") }
        #expect(error?.problem.contains("not valid UTF-8") == true, "\(error?.problem ?? "no error")")
    }

    @Test func escapesByteOrderMarkAndNestedRelationshipsRead() throws {
        let json = "\u{FEFF}" + #"{"totalSize":1,"done":true,"records":[{"Id":"005A","Username":"a\u00e9\ud83d\ude00@b.c","Email":"a@b.c","IsActive":true,"Name":"A \"B\" \\ C\/D\n"}]}"#
        let users = try UserQuery.parse(data(json), file: "user.json")
        #expect(users.first?.username == "a\u{E9}\u{1F600}@b.c")
        #expect(users.first?.name == "A \"B\" \\ C/D\n")
    }

    @Test func filterWithoutToDomainIsRefusedNotReadAsAnyDomain() {
        let json = #"{"totalSize":1,"done":true,"records":[{"Id":"0T6A","EmailRelayId":"0NMA","FromDomain":null,"IsActive":true,"PriorityNumber":1}]}"#
        let error = parseError { try EmailDomainFilterQuery.parse(data(json), file: "email-domain-filters.json") }
        #expect(error?.problem.contains("record 1 has no ToDomain field") == true, "\(error?.problem ?? "no error")")
        let relay = #"{"totalSize":1,"done":true,"records":[{"Id":"0NMA","Host":"smtp.acme.example","TlsSetting":"Required"}]}"#
        let relayError = parseError { try EmailRelayQuery.parse(data(relay), file: "email-relays.json") }
        #expect(relayError?.problem.contains("has no IsRequireAuth") == true)
    }

    @Test func hintShowsTheQueryToRun() {
        let error = parseError { try UserQuery.parse(data("[]"), file: "user.json") }
        #expect(error?.hint.contains("sf data query --json --query \"SELECT Id, Username, Email") == true)
    }

    @Test func errorDescriptionReadsAsOneSentence() {
        let error = parseError { try PermissionQuery.parse(data(#"{"done":true,"records":[{"PermissionSet":null}]}"#), file: "permissions.json") }
        #expect(error?.description.hasPrefix("permissions.json: record 1 has no PermissionSet.Name (the field is missing or null). it should hold") == true)
    }
}
