import Testing
@testable import ResetDoctor

/// Every format a command offers has exactly one formatter: a `--format` value can never fall back to text unnoticed.
struct FormatterRegistryTests {
    @Test func everyReportFormatHasOneFormatter() {
        for format in ReportFormat.allCases {
            #expect(ReportRenderer.formatters.filter { $0.identifier == format.rawValue }.count == 1, "\(format)")
        }
        #expect(ReportRenderer.formatters.count == ReportFormat.allCases.count)
    }

    @Test func everyScanFormatHasOneFormatter() {
        for format in ScanFormat.allCases {
            #expect(ScanRenderer.formatters.filter { $0.identifier == format.rawValue }.count == 1, "\(format)")
        }
        #expect(ScanRenderer.formatters.count == ScanFormat.allCases.count)
    }
}
