import Foundation

/// How the command line asked to log in. Holds no secret: passwords, security tokens, client secrets and access
/// tokens are read from the environment (or files) by `LiveConnection`, never from arguments.
public struct LiveAuthRequest: Sendable, Equatable {
    public var orgAlias: String?
    public var jwtKeyFile: String?
    public var clientId: String?
    public var username: String?
    public var loginURL: String?
    public var tokenURL: String?
    public var instanceURL: String?

    public init(orgAlias: String? = nil, jwtKeyFile: String? = nil, clientId: String? = nil, username: String? = nil,
                loginURL: String? = nil, tokenURL: String? = nil, instanceURL: String? = nil) {
        self.orgAlias = orgAlias; self.jwtKeyFile = jwtKeyFile; self.clientId = clientId; self.username = username
        self.loginURL = loginURL; self.tokenURL = tokenURL; self.instanceURL = instanceURL
    }

    public static let defaultLoginURL = "https://login.salesforce.com"

    /// The flow these options and `environment` choose, in the documented order; a half-configured flow is an
    /// error naming what is missing.
    public func flow(environment: [String: String]) throws(LiveAuthError) -> LiveAuthFlow {
        func present(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        if let orgAlias { return .salesforceCLI(alias: orgAlias) }
        if let jwtKeyFile {
            guard let clientId, let username else {
                throw .incomplete(flow: "JWT bearer", missing: "--client-id ID and --username U (with --jwt-key \(jwtKeyFile))")
            }
            return .jwtBearer(keyFile: jwtKeyFile, clientId: clientId, username: username, loginURL: try url(loginURL ?? Self.defaultLoginURL, "--login-url"))
        }
        if let username {
            guard present("SF_PASSWORD") else {
                throw .incomplete(flow: "username-password", missing: "the password in the environment variable SF_PASSWORD (never on the command line), with --username \(username)")
            }
            guard let clientId, present("SF_CLIENT_SECRET") else {
                throw .incomplete(flow: "username-password", missing: "--client-id ID and the environment variable SF_CLIENT_SECRET (the connected app's consumer key and secret)")
            }
            return .password(username: username, clientId: clientId, loginURL: try url(loginURL ?? Self.defaultLoginURL, "--login-url"))
        }
        if let clientId {
            guard present("SF_CLIENT_SECRET") else {
                throw .incomplete(flow: "client credentials", missing: "the client secret in the environment variable SF_CLIENT_SECRET, with --client-id")
            }
            guard let base = tokenURL ?? instanceURL ?? loginURL else {
                throw .incomplete(flow: "client credentials", missing: "--instance-url https://MYDOMAIN.my.salesforce.com (or --token-url URL): the flow needs the org's My Domain")
            }
            return .clientCredentials(clientId: clientId, tokenURL: try url(base, tokenURL != nil ? "--token-url" : "--instance-url"))
        }
        if present("SF_ACCESS_TOKEN") || present("SF_INSTANCE_URL") {
            guard present("SF_ACCESS_TOKEN"), present("SF_INSTANCE_URL") else {
                throw .incomplete(flow: "environment token", missing: "both SF_ACCESS_TOKEN and SF_INSTANCE_URL")
            }
            return .environmentToken
        }
        throw .notConfigured
    }

    private func url(_ text: String, _ option: String) throws(LiveAuthError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .badURL(option: option, value: text)
        }
        return url
    }
}

/// The login flow chosen, with its non-secret settings.
public enum LiveAuthFlow: Sendable, Equatable {
    case salesforceCLI(alias: String)
    case jwtBearer(keyFile: String, clientId: String, username: String, loginURL: URL)
    case clientCredentials(clientId: String, tokenURL: URL)
    case password(username: String, clientId: String, loginURL: URL)
    case environmentToken
}

/// The login options are missing or incomplete. Exit 64 (usage).
public enum LiveAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConfigured
    case incomplete(flow: String, missing: String)
    case badURL(option: String, value: String)
    case unreadableKey(path: String)

    public static let ways = """
    Tell resetdoctor how to reach the org, one of:
      --org ALIAS                                  an org the Salesforce CLI (sf) is logged in to
      --jwt-key FILE --client-id ID --username U   JWT bearer flow [--login-url URL]
      --client-id ID --instance-url URL            client credentials; secret in SF_CLIENT_SECRET
      --username U --client-id ID                  username-password (legacy); SF_PASSWORD [+ SF_SECURITY_TOKEN] and SF_CLIENT_SECRET in the environment
      SF_ACCESS_TOKEN and SF_INSTANCE_URL          an access token in the environment
    Secrets are read from the environment, never from the command line.
    """

    public var description: String {
        switch self {
        case .notConfigured: "no way to log in to the org is configured.\n" + Self.ways
        case .incomplete(let flow, let missing): "the \(flow) flow needs \(missing).\n" + Self.ways
        case .badURL(let option, let value): "\(option) \(value) is not an http(s) URL; give e.g. https://acme.my.salesforce.com"
        case .unreadableKey(let path): "--jwt-key \(path) is not a readable PEM private key; give the key file whose certificate the connected app holds"
        }
    }
}
