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
       "UserType":"PowerPartner","Profile":null,"ContactId":"003Hs00000Q1","IsPortalEnabled":true}
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
                userType: "PowerPartner", profileId: nil, profileName: nil, contactId: "003Hs00000Q1", isPortalEnabled: true),
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
    ])
    func badUserFile(_ json: String, _ expected: String) {
        let error = parseError { try UserQuery.parse(data(json), file: "user.json") }
        #expect(error?.file == "user.json")
        #expect(error?.line == nil)
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "no error")")
        #expect(error?.hint.isEmpty == false)
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
