import Foundation
import Salesforce

/// Why a query got no records: the error codes Salesforce answers with 400.
enum QueryFailure: Error, Equatable {
    case malformed(String)
    case invalidType(object: String)
    case invalidField(field: String, object: String)
    /// A field the object has but Salesforce does not filter on (see `SOQLFilterable`).
    case unfilterableField(field: String)

    var errorCode: String {
        switch self {
        case .malformed: "MALFORMED_QUERY"
        case .invalidType: "INVALID_TYPE"
        case .invalidField, .unfilterableField: "INVALID_FIELD"
        }
    }

    var message: String {
        switch self {
        case .malformed(let message): message
        case .invalidType(let object):
            "sObject type '\(object)' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
        case .invalidField(let field, let object):
            "No such column '\(field)' on entity '\(object)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
        case .unfilterableField(let field):
            "field '\(field)' can not be filtered in a query call"
        }
    }
}

/// What a query answers: `count` records served a page at a time, built when a page is sent (a 100,000-user org
/// is never held as JSON), and the `totalSize` Salesforce states (COUNT() answers a size and no records).
struct QueryAnswer: Sendable {
    var object: String
    var totalSize: Int
    var count: Int
    var isAggregate = false
    var record: @Sendable (Int) -> Scenario.Record

    init(object: String, records: [Scenario.Record], isAggregate: Bool = false) {
        self.init(object: object, totalSize: records.count, count: records.count, isAggregate: isAggregate) { records[$0] }
    }

    init(object: String, totalSize: Int, count: Int, isAggregate: Bool = false, record: @escaping @Sendable (Int) -> Scenario.Record) {
        self.object = object; self.totalSize = totalSize; self.count = count; self.isAggregate = isAggregate; self.record = record
    }
}
