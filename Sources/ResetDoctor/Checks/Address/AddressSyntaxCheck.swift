import EmailAddress
import Foundation
import Salesforce

/// Is the user's email address a valid address at all (RFC 5321/5322, RFC 6531)? No mail reaches an invalid one.
struct AddressSyntaxCheck: Check {
    let id = "address.syntax"
    let title = "The user's email address is valid"
    let codes: [FindingCode] = [.userEmailInvalid]

    func run(_ evidence: Evidence) async throws -> CheckOutcome {
        try evidence.withUser { user in
            let check = EmailAddressValidator.check(user.email)
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
            .unknownWithoutUserFile(),
            .skippedWhenNoUser(),
        ]
    }
}

extension String {
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
