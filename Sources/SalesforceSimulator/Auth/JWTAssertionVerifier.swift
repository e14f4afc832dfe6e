import Crypto
import _CryptoExtras
import Foundation
import Salesforce
import SharedBasics

/// Checks a JWT bearer assertion as Salesforce does: RS256 signed by the connected app's certificate key,
/// `iss` = consumer key, `sub` = a username, `aud` = the login host (or this server), `exp` at most 3 minutes ahead.
struct JWTAssertionVerifier: Sendable {
    /// Why an assertion was refused; `description` is the `error_description` the simulator answers with.
    struct Rejection: Error, Equatable {
        var description: String
    }

    private let publicKey: _RSA.Signing.PublicKey

    init(publicKeyPEM: String) throws {
        publicKey = try _RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM)
    }

    /// The username (`sub`) the assertion logs in as.
    func verify(
        _ assertion: String, consumerKey: String, audiences: [String], usernames: [String], now: Date
    ) throws(Rejection) -> String {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw Rejection(description: "invalid assertion: a JWT has three dot-separated parts") }
        guard let headerData = Base64URL.decode(parts[0]),
              let header = (try? JSONValue.read(headerData))?.objectValue else {
            throw Rejection(description: "invalid assertion: the header is not base64url JSON")
        }
        guard header["alg"]?.stringValue == "RS256" else {
            throw Rejection(description: "invalid assertion: alg must be RS256")
        }
        guard let signatureData = Base64URL.decode(parts[2]),
              publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signatureData), for: Data("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5) else {
            throw Rejection(description: "invalid assertion: the signature does not verify with the connected app's certificate")
        }
        guard let claimsData = Base64URL.decode(parts[1]),
              let claims = (try? JSONValue.read(claimsData))?.objectValue else {
            throw Rejection(description: "invalid assertion: the claims are not base64url JSON")
        }
        guard claims["iss"]?.stringValue == consumerKey else {
            throw Rejection(description: "invalid assertion: iss is not the consumer key of a connected app that uses digital signatures")
        }
        let audience = claims["aud"]?.stringValue ?? claims["aud"]?.arrayValue?.first?.stringValue
        guard let audience, audiences.contains(audience.trimmingSuffix("/")) else {
            throw Rejection(description: "audience is invalid: aud must be one of \(audiences.joined(separator: ", "))")
        }
        guard let subject = claims["sub"]?.stringValue,
              let username = usernames.first(where: { $0.caseInsensitiveCompare(subject) == .orderedSame }) else {
            throw Rejection(description: "user hasn't approved this consumer: sub is not a known, pre-authorized username")
        }
        let expiry: Double
        switch claims["exp"] {
        case .number(let seconds): expiry = seconds
        default: throw Rejection(description: "invalid assertion: exp (expiry, epoch seconds) is missing")
        }
        let secondsLeft = expiry - now.timeIntervalSince1970
        guard secondsLeft > 0 else { throw Rejection(description: "expired assertion: exp is in the past") }
        // One second of slack: exp is whole seconds and the clock moved on while the request travelled.
        guard secondsLeft <= 181 else {
            throw Rejection(description: "invalid assertion: exp must be at most 3 minutes in the future")
        }
        return username
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
