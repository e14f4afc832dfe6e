import EmailAddress
import Foundation
import Salesforce

/// Is the user's email address a valid address at all (RFC 5321/5322, RFC 6531)? No mail reaches an invalid one.
/// An address under `.invalid` (RFC 6761) is invalid without a DNS lookup; in a sandbox it is the suffix
/// Salesforce adds when it creates or refreshes the sandbox (`user.email.sandbox-suffix`).
struct AddressSyntaxCheck: Check {
    let id = "address.syntax"
    let scope: CheckScope = .user
    let title = "The user's email address is valid"
    let codes: [FindingCode] = [.userEmailInvalid, .userEmailSandboxSuffix]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let check = EmailAddressValidator.check(user.email)
            let isSandbox = evidence.org?.isSandbox
            if isSandbox != false, let finding = SandboxSuffix(user.email)?.finding(evidence, isSandbox: isSandbox) {
                return .found(finding)
            }
            guard check.valid else {
                let lines = [
                    EvidenceLine(evidence.userSource, "Email = \"\(user.email)\"", personal: true),
                    EvidenceLine(evidence.userSource, .whyInvalid(check), personal: true),
                ]
                return .found(
                    Finding(.userEmailInvalid, confidence: .confirmed, title: .invalidTitle(check), evidence: lines))
            }
            return .pass(.validReason(check))
        }
    }

    var examples: [CheckExample] {
        [
            CheckExample("a plain valid address", status: .pass),
            CheckExample("internationalized local part (needs SMTPUTF8)", status: .pass) {
                $0.editUser { $0.email = "josé@acme.example" }
            },
            CheckExample("internationalized domain", status: .pass) {
                $0.editUser { $0.email = "ada@bücher.example" }
            },
            CheckExample("two @ signs", status: .fail, codes: [.userEmailInvalid]) {
                $0.editUser { $0.email = "ada@lovelace@acme.example" }
            },
            CheckExample("a space in the local part", status: .fail, codes: [.userEmailInvalid]) {
                $0.editUser { $0.email = "ada lovelace@acme.example" }
            },
            CheckExample("doubled dot in the domain", status: .fail, codes: [.userEmailInvalid]) {
                $0.editUser { $0.email = "ada.lovelace@acme..example" }
            },
            CheckExample("outside a sandbox, a domain under .invalid never resolves (RFC 6761)", status: .fail, codes: [.userEmailInvalid]) {
                $0.editUser { $0.email = "ada.lovelace@acme.example.invalid" }
            },
            CheckExample("in a sandbox, the .invalid Salesforce added on refresh", status: .fail, codes: [.userEmailSandboxSuffix]) {
                $0.org?.isSandbox = true
                $0.editUser { $0.email = "ada.lovelace@acme.example.invalid" }
            },
            CheckExample("org kind unknown: .invalid is likely the sandbox suffix", status: .fail, codes: [.userEmailSandboxSuffix]) {
                $0.org?.isSandbox = nil
                $0.editUser { $0.email = "Ada.Lovelace@Acme.Example.INVALID" }
            },
            CheckExample("in a sandbox, the older format local=domain@example.com", status: .fail, codes: [.userEmailSandboxSuffix]) {
                $0.org?.isSandbox = true
                $0.editUser { $0.email = "ada.lovelace=acme.example@example.com" }
            },
            CheckExample("in a sandbox, a fixed address is valid", status: .pass) { $0.org?.isSandbox = true },
            CheckExample(".example and .test stand in for real domains", status: .pass) {
                $0.editUser { $0.email = "ada@invalid.test" }
            },
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

/// The mark Salesforce leaves on an address when it creates, refreshes or clones a sandbox: `.invalid` appended
/// (`ada@acme.com.invalid`), or in releases before Spring '19 the address folded into the local part at
/// example.com (`ada=acme.com@example.com`).
struct SandboxSuffix {
    var address: String
    /// The address as it was before Salesforce changed it.
    var original: String
    var legacyFormat: Bool

    init?(_ address: String) {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        self.address = trimmed
        let lower = trimmed.lowercased()
        if lower.hasSuffix(".invalid"), lower.contains("@") {
            original = String(trimmed.dropLast(".invalid".count)); legacyFormat = false
        } else if lower.hasSuffix("@example.com"), let at = trimmed.lastIndex(of: "@"),
                  let equals = trimmed[..<at].lastIndex(of: "="), trimmed[trimmed.index(after: equals)..<at].contains(".") {
            original = trimmed[..<equals] + "@" + trimmed[trimmed.index(after: equals)..<at]; legacyFormat = true
        } else {
            return nil
        }
    }

    /// Outside a sandbox the legacy form is an ordinary example.com address, so it counts only in a sandbox.
    func finding(_ evidence: Evidence, isSandbox: Bool?) -> Finding? {
        if legacyFormat && isSandbox != true { return nil }
        let source = "manifest.json"
        let lines = [
            EvidenceLine(evidence.userSource, "Email = \"\(address)\"", personal: true),
            EvidenceLine(source, isSandbox == true ? "isSandbox = true" : "isSandbox is not known: the org may be a sandbox"),
            EvidenceLine(evidence.userSource, "without the sandbox suffix the address is \"\(original)\"", personal: true),
        ]
        return Finding(
            .userEmailSandboxSuffix, confidence: isSandbox == true ? (legacyFormat ? .likely : .confirmed) : .likely,
            title: .sandboxTitle(address, original, legacy: legacyFormat), evidence: lines)
    }
}

extension String {
    fileprivate static func sandboxTitle(_ address: String, _ original: String, legacy: Bool) -> String {
        let change = legacy ? "is in the older sandbox format at example.com" : "ends in .invalid"
        return "The address \(address) \(change), which Salesforce adds when a sandbox is created or refreshed: no mail reaches it (it was \(original))"
    }
    fileprivate static func invalidTitle(_ check: AddressCheck) -> String {
        "The user's email address \"\(check.input)\" is not a valid address, so no mail can reach it: "
            + (check.reason ?? "it does not parse as an address")
    }
    fileprivate static func whyInvalid(_ check: AddressCheck) -> String {
        "address syntax (RFC 5321/5322/6531): \(check.reason ?? "the address does not parse")"
    }
    fileprivate static func validReason(_ check: AddressCheck) -> String {
        var parts = ["\(check.normalized ?? check.input) is a valid address"] + check.notes
        // The module's notes normally say this; say it here too in case they do not.
        let nonASCIILocal = !(check.localPart ?? "").unicodeScalars.allSatisfy(\.isASCII)
        if nonASCIILocal, !check.notes.contains(where: { $0.contains("SMTPUTF8") }) {
            parts.append("its local part is not ASCII, so the recipient's mail server must support SMTPUTF8 (RFC 6531)")
        }
        if let ascii = check.asciiDomain, ascii != check.domain, !check.notes.contains(where: { $0.contains(ascii) }) {
            parts.append("its domain is internationalized; DNS and SMTP use its ASCII form \(ascii)")
        }
        return parts.joined(separator: "; ")
    }
}
