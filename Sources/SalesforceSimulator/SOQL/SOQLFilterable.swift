import Foundation

/// Fields Salesforce refuses in a WHERE clause, so a query that a real org would refuse is refused here too. On
/// LoginHistory only a few fields are filterable (object reference, Usage: "You can only filter on the following
/// fields": AuthenticationServiceId, CipherSuite, CountryIso, Id, LoginTime, LoginType, LoginUrl, NetworkId,
/// TlsProtocol, UserId; later versions mark AuthMethodReference and LoginGeoId Filter too): not Status, Application
/// or ApiType.
enum SOQLFilterable {
    /// Per object (lowercased), the only fields (lowercased) a WHERE clause may compare.
    static let onlyFields: [String: Set<String>] = [
        "loginhistory": [
            "authenticationserviceid", "authmethodreference", "ciphersuite", "countryiso", "id", "logingeoid", "logintime",
            "logintype", "loginurl", "networkid", "tlsprotocol", "userid",
        ],
    ]

    /// The first of `fields` that `object` does not filter on, if any.
    static func refused(_ fields: [String], on object: String) -> String? {
        guard let allowed = onlyFields[object.lowercased()] else { return nil }
        return fields.first { !allowed.contains($0.lowercased()) }
    }
}
