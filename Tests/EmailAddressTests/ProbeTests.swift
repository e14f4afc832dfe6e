import Testing
@testable import EmailAddress
@Test func probe() { ProbeIDNA.run() }
