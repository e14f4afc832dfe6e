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
