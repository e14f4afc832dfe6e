import Testing
@testable import EmailAddress
@Test func zzdump() {
    for row in addressTable {
        let c = EmailAddressValidator.check(row.address)
        let a = row.address.count > 60 ? String(row.address.prefix(30)) + "…" : row.address
        print(a.debugDescription, "→", c.valid ? "VALID \(c.normalized ?? "") \(c.notes)" : "INVALID: \(c.reason ?? "")")
    }
}
