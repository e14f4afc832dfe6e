import Foundation

/// Turns a Salesforce answer that is not 2xx (and not a 401, which the client renews) into a `SalesforceAPIError`.
enum ErrorMapping {
    static func error(for response: HTTPResponse, context: CallContext, apiVersion: String, usage: APIUsage?) -> SalesforceAPIError {
        let body = SalesforceErrorBody.parse(response.body)
        let summary = body.summary(status: response.status)
        let problem = "\(context.what) failed: \(summary)"
        switch (response.status, body.errorCode ?? "") {
        case (_, "REQUEST_LIMIT_EXCEEDED"):
            let used = usage.map { " (api-usage \($0.used)/\($0.limit))" } ?? ""
            return .unreachable(
                problem: problem + used,
                hint: "the org's daily API request limit is used up: wait for the rolling 24-hour window to free requests "
                    + "(Setup > Company Information shows the usage) or ask Salesforce to raise the limit")
        case (_, "API_DISABLED_FOR_ORG"):
            return .missingPermission(
                problem: problem,
                hint: "API access is off for this org or user: the user needs the \"API Enabled\" permission, "
                    + "and the org an edition with API access (Enterprise, Unlimited, Developer, Performance)")
        case (403, _):
            return .missingPermission(problem: problem, hint: context.permissionHint)
        case (400, "INVALID_TYPE"):
            let object = context.object ?? "the object"
            var hint = "\(object) does not exist in this org or this user cannot see it"
            if context.object?.lowercased() == "emailrelay" || context.object?.lowercased() == "emaildomainfilter" {
                hint += "; an org with no email relay configured may not offer \(object) at all: treat it as \"no relay\""
            } else {
                hint += "; \(context.permissionHint)"
            }
            return .badRequest(problem: problem, hint: hint)
        case (400, "INVALID_FIELD"):
            return .badRequest(
                problem: problem,
                hint: "a field of \(context.object ?? "the object") does not exist in API \(apiVersion) or is hidden from this user "
                    + "by field-level security; check the user's profile, or use a newer API version")
        case (400, "MALFORMED_QUERY"):
            return .badRequest(
                problem: problem,
                hint: "ResetDoctor built a query on \(context.object ?? "the object") that Salesforce cannot parse: please report it with this message")
        case (404, _):
            return .notFound(
                problem: problem,
                hint: "check the record Id, the API version (\(apiVersion)) and that the instance URL is the org's My Domain URL")
        case (429, _):
            return .unreachable(problem: problem, hint: "Salesforce is limiting the request rate: wait a minute and retry")
        case (500..., _):
            return .unreachable(
                problem: problem,
                hint: "Salesforce had a server error or is in maintenance: check status.salesforce.com and retry later")
        case (300..<400, _):
            return .badResponse(
                problem: problem + " (a redirect)",
                hint: "the instance URL may be wrong: use the org's My Domain URL (https://NAME.my.salesforce.com)")
        case (400..<500, _):
            return .badRequest(problem: problem, hint: "Salesforce rejected the request; the message above says why")
        default:
            return .badResponse(problem: problem, hint: "Salesforce gave an answer ResetDoctor does not understand; retry, and report it if it persists")
        }
    }

    static func unreachable(_ error: HTTPTransportError, context: CallContext) -> SalesforceAPIError {
        let hint: String
        switch error {
        case .cannotConnect: hint = "check the instance URL, your network and proxy settings"
        case .timedOut: hint = "Salesforce did not answer in time: check your network and retry"
        case .tlsFailure: hint = "check the system's CA certificates and any TLS-intercepting proxy"
        case .incompleteResponse: hint = "the connection was cut: retry"
        case .refused: hint = "use an https instance URL (plain http is allowed to loopback only)"
        case .other: hint = "check your network and retry"
        case .deadlinePassed(_, let seconds):
            hint = "raise --timeout (now \(RunDeadline.format(seconds)) s) if the org is slow today; "
                + "otherwise check your network and status.salesforce.com"
        }
        var problem = "\(context.what) got no answer: \(error.description)"
        if context.changesTheOrg, error.mayHaveArrived {
            problem += SalesforceAPIError.mayHaveBeenCarriedOutMarker + ": look for it in the Setup Audit Trail before trying again"
        }
        return .unreachable(problem: problem, hint: hint)
    }
}
