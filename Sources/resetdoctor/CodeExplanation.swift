import ResetDoctor

/// The text of `resetdoctor explain CODE`.
enum CodeExplanation {
    static func render(_ code: FindingCode, rules: RuleBook) -> String {
        var lines = [code.rawValue, "", code.meaning, "", "Default severity: \(code.defaultSeverity.rawValue)",
                     "Role: \(code.defaultRole.rawValue) (\(roleMeaning(code.defaultRole)))",
                     "Journey stage: \(code.stage.rawValue)"]
        let raisedBy = CheckRegistry.all.filter { $0.codes.contains(code) }.map(\.id)
        // relay.unreachable is reserved: a connection test from the admin's machine says little about Salesforce's
        // own path to the relay (relays usually admit Salesforce's addresses only), so no check raises it yet.
        lines.append("Raised by: " + (raisedBy.isEmpty ? "no check yet (the code is reserved; its rule still applies)" : raisedBy.joined(separator: ", ")))
        if let remediation = rules.remediation(for: code) {
            lines += ["", "What to do: \(remediation.title)"]
            for (index, step) in remediation.steps.enumerated() { lines.append("  \(index + 1). \(step.plainText)") }
            if !remediation.docs.isEmpty {
                lines += ["", "Documentation:"]
                lines += remediation.docs.map { "  - \($0.title): \($0.url)" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func roleMeaning(_ role: FindingRole) -> String {
        switch role {
        case .cause: "explains why the email did not arrive"
        case .context: "what happened, not a cause"
        case .caution: "about the remedy; shown with the remedies that re-send the reset"
        }
    }
}
