import Foundation

/// `email-relays.json`: `SELECT Id, Host, Port, TlsSetting, IsRequireAuth, AuthType FROM EmailRelay`.
public enum EmailRelayQuery {
    static let query = SOQLResult.Query(
        sObject: "EmailRelay", soql: "SELECT Id, Host, Port, TlsSetting, IsRequireAuth, AuthType FROM EmailRelay")

    public static func parse(_ data: Data, file: String) throws -> [EmailRelayRecord] {
        try SOQLResult.map(data, file: file, query: query) { record in
            EmailRelayRecord(
                id: try record.requiredString("Id"),
                host: try record.requiredString("Host"),
                port: try record.string("Port"),
                tlsSetting: try record.string("TlsSetting"),
                // Required: a missing flag read as false would pass a relay that needs authentication.
                isRequireAuth: try record.required("IsRequireAuth", record.bool),
                authType: try record.string("AuthType"))
        }
    }
}

/// `email-domain-filters.json`: `SELECT Id, EmailRelayId, FromDomain, ToDomain, IsActive, PriorityNumber FROM EmailDomainFilter`.
public enum EmailDomainFilterQuery {
    static let query = SOQLResult.Query(
        sObject: "EmailDomainFilter",
        soql: "SELECT Id, EmailRelayId, FromDomain, ToDomain, IsActive, PriorityNumber FROM EmailDomainFilter")

    public static func parse(_ data: Data, file: String) throws -> [EmailDomainFilterRecord] {
        try SOQLResult.map(data, file: file, query: query) { record in
            EmailDomainFilterRecord(
                id: try record.requiredString("Id"),
                emailRelayId: try record.string("EmailRelayId"),
                // Null means "any domain": a file without the fields must not be read that way.
                fromDomain: try record.selectedString("FromDomain"),
                toDomain: try record.selectedString("ToDomain"),
                isActive: try record.required("IsActive", record.bool),
                priorityNumber: try record.int("PriorityNumber"))
        }
    }
}

/// `email-domain-keys.json`: `SELECT Id, Domain, DomainMatch, Selector, AlternateSelector, IsActive FROM EmailDomainKey`.
public enum EmailDomainKeyQuery {
    static let query = SOQLResult.Query(
        sObject: "EmailDomainKey",
        soql: "SELECT Id, Domain, DomainMatch, Selector, AlternateSelector, IsActive FROM EmailDomainKey")

    public static func parse(_ data: Data, file: String) throws -> [EmailDomainKeyRecord] {
        try SOQLResult.map(data, file: file, query: query) { record in
            EmailDomainKeyRecord(
                id: try record.requiredString("Id"),
                domain: try record.requiredString("Domain"),
                domainMatch: try record.string("DomainMatch"),
                selector: try record.string("Selector"),
                alternateSelector: try record.string("AlternateSelector"),
                isActive: try record.required("IsActive", record.bool))
        }
    }
}
