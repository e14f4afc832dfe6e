import ResetDoctor

/// The text of `resetdoctor explain CODE`.
enum CodeExplanation {
    static func render(_ code: FindingCode, rules: RuleBook) -> String {
        var lines = [code.rawValue, "", code.meaning, "", "Default severity: \(code.defaultSeverity.rawValue)"]
        let raisedBy = CheckRegistry.all.filter { $0.codes.contains(code) }.map(\.id)
        lines.append("Raised by: " + (raisedBy.isEmpty ? "no check yet (reserved for the DNS and live checks)" : raisedBy.joined(separator: ", ")))
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
}
