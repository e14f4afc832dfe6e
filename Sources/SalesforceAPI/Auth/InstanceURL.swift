import Foundation

/// Instance and login URLs must be https; plain http only to loopback (the simulator), so a token never crosses a
/// network in clear.
enum InstanceURL {
    static func validated(_ text: String, source: String) throws(SalesforceAPIError) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.user == nil, url.password == nil
        else {
            throw .notAuthorized(problem: "\(source) is not a URL", hint: "give the org's My Domain URL, e.g. https://NAME.my.salesforce.com")
        }
        switch scheme {
        case "https": return url
        case "http" where isLoopback(host): return url
        default:
            throw .notAuthorized(problem: "\(source) must use https (got \(scheme)://\(host))",
                                 hint: "use https://NAME.my.salesforce.com; plain http is allowed to loopback only")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
            && bare.split(separator: ".").count == 4 && bare.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }

    /// scheme://host[:port], the JWT `aud`.
    static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? "https"
        let host = url.host ?? ""
        return url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// {base}/services/oauth2/token, unless `url` already is a token endpoint.
    static func tokenEndpoint(_ url: URL) -> URL {
        if url.path.hasSuffix("/services/oauth2/token") { return url }
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/services/oauth2/token") ?? url
    }
}
