import Foundation

/// Why a Salesforce call failed, with what to do about it. Messages never contain a secret: tokens and passwords
/// live in `Secret` and the bodies that carry them are never read into text.
public enum SalesforceAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Auth failed: no token, an expired token that cannot be renewed, a refused login. Exit 77.
    case notAuthorized(problem: String, hint: String)
    /// Authenticated, but the user lacks a permission (403 INSUFFICIENT_ACCESS, API_DISABLED_FOR_ORG). Exit 77.
    case missingPermission(problem: String, hint: String)
    /// No usable answer: transport errors, 5xx/429 after retries, the daily API limit. Exit 69.
    case unreachable(problem: String, hint: String)
    /// Salesforce rejected the request (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, a bad user Id). Exit 65.
    case badRequest(problem: String, hint: String)
    /// 404: no such record or resource. Exit 65.
    case notFound(problem: String, hint: String)
    /// An answer we cannot read (not JSON, missing keys). Exit 69.
    case badResponse(problem: String, hint: String)

    public var exitCode: Int32 {
        switch self {
        case .notAuthorized, .missingPermission: 77
        case .unreachable, .badResponse: 69
        case .badRequest, .notFound: 65
        }
    }

    public var problem: String {
        switch self {
        case .notAuthorized(let problem, _), .missingPermission(let problem, _), .unreachable(let problem, _),
             .badRequest(let problem, _), .notFound(let problem, _), .badResponse(let problem, _):
            problem
        }
    }

    public var hint: String {
        switch self {
        case .notAuthorized(_, let hint), .missingPermission(_, let hint), .unreachable(_, let hint),
             .badRequest(_, let hint), .notFound(_, let hint), .badResponse(_, let hint):
            hint
        }
    }

    /// "<problem>. <hint>"
    public var description: String {
        let problem = self.problem.hasSuffix(".") ? String(self.problem.dropLast()) : self.problem
        return hint.isEmpty ? "\(problem)." : "\(problem). \(hint)"
    }

    /// The Salesforce `errorCode` (e.g. "INVALID_TYPE", or an OAuth `error` such as "invalid_grant") when the error came from a Salesforce error body, else nil.
    /// Problems built from Salesforce errors carry it as "Salesforce answered <CODE>"; see `SalesforceErrorBody`.
    /// An INVALID_TYPE for EmailRelay means "this org has no relays": callers may treat it as "not available".
    public var errorCode: String? {
        guard let range = problem.range(of: SalesforceErrorBody.codeMarker) else { return nil }
        let code = problem[range.upperBound...].prefix { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
        return code.isEmpty ? nil : String(code)
    }

    static let mayHaveBeenCarriedOutMarker = "; it may have been carried out all the same"

    /// A call that changes the org (the password reset) was sent but never answered: Salesforce may have carried it
    /// out, so a caller that guards against repeating it should count it as done.
    public var mayHaveBeenCarriedOut: Bool {
        guard case .unreachable(let problem, _) = self else { return false }
        return problem.contains(Self.mayHaveBeenCarriedOutMarker)
    }

    /// True for INVALID_TYPE: the sObject does not exist in this org (or the user cannot see it).
    public var isUnsupportedObject: Bool { errorCode == "INVALID_TYPE" }
}
