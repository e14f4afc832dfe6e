import Testing
@testable import SalesforceAPI

@Suite struct HTTPAPIUsageTests {
    @Test func readsTheOrgWideCounter() {
        #expect(APIUsage.parse("api-usage=25/15000") == APIUsage(used: 25, limit: 15000))
        #expect(APIUsage.parse("per-app-api-usage=17/250(appName=sample-app), api-usage=40/15000")
            == APIUsage(used: 40, limit: 15000))
        #expect(APIUsage.parse("api-usage=25/15000, per-app-api-usage=17/250(appName=sample-app)")
            == APIUsage(used: 25, limit: 15000))
    }

    @Test(arguments: ["", "per-app-api-usage=17/250(appName=x)", "api-usage=25", "api-usage=a/b", "api-usage=-1/100", "api-usage=1/2/3"])
    func malformedOrMissingIsNil(header: String) {
        #expect(APIUsage.parse(header) == nil)
    }
}

@Suite struct TransportErrorMessageTests {
    @Test func credentialsInAURLNeverReachTheMessage() {
        let error = HTTPTransportError.timedOut(url: "https://admin:hunter2@acme.my.salesforce.com/services/data", after: 3)
        #expect(!error.description.contains("hunter2"))
        #expect(!error.description.contains("admin"))
        #expect(error.description.contains("acme.my.salesforce.com"))
    }
}
