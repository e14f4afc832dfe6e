import Foundation
import Salesforce

/// SOQL date-time literals (`2026-11-15T09:30:00Z`, `2026-11-15T09:30:00.000+0000`, `…+01:00`) and date literals
/// (`2026-11-15`, read as midnight UTC). The same shapes appear in REST records, so both sides parse here, through
/// the bundle parsers' own reader.
enum SOQLDate {
    static func parse(_ text: String) -> Date? {
        SalesforceDate.parse(text) ?? SalesforceDate.parseDay(text)
    }
}
