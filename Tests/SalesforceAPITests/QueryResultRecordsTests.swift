import Foundation
import Testing
@testable import SalesforceAPI

/// Records read out of a query answer as bytes, and a body made of them: what a capture merges its answers with.
@Suite struct QueryResultRecordsTests {
    static let tricky = #"{"attributes":{"type":"User"},"Id":"005A","Name":"O'Brien, \"Bob\" [ops] {x}","Profile":{"Name":"a,b"},"N":[1,[2]],"X":null}"#

    @Test func recordsComeOutAsSent() throws {
        let body = Data(#"{ "totalSize" : 3, "done" : false, "nextRecordsUrl":"/services/data/v62.0/query/01g-2", "records" : [ \#(Self.tricky) ,{"Id":"005B"},{"Id":"005C\\u0041"} ] }"#.utf8)
        let records = try #require(QueryResultRecords.records(of: body))
        #expect(records.map { String(decoding: $0, as: UTF8.self) } == [Self.tricky, #"{"Id":"005B"}"#, #"{"Id":"005C\\u0041"}"#])
        #expect(records.map { QueryResultRecords.string("Id", in: $0) } == ["005A", "005B", "005C\\u0041"])
        #expect(QueryResultRecords.string("Name", in: records[0]) == #"O'Brien, "Bob" [ops] {x}"#)
        #expect(QueryResultRecords.string("X", in: records[0]) == nil && QueryResultRecords.string("Missing", in: records[1]) == nil)
        // A slice of a larger buffer reads the same.
        let padded = Data("xx".utf8) + body
        #expect(QueryResultRecords.records(of: padded[2...]) == records)
    }

    @Test func emptyAndForeignBodies() {
        #expect(QueryResultRecords.records(of: Data(#"{"totalSize":0,"done":true,"records":[ ]}"#.utf8)) == [])
        #expect(QueryResultRecords.records(of: Data(#"[{"errorCode":"INVALID_FIELD"}]"#.utf8)) == nil)
        #expect(QueryResultRecords.records(of: Data(#"{"records":{"a":1}}"#.utf8)) == nil)
        #expect(QueryResultRecords.records(of: Data(#"{"records":[{"a":1}"#.utf8)) == nil, "cut off")
    }

    @Test func aBodyOfRecordsIsOneCompleteAnswer() throws {
        let records = [Data(Self.tricky.utf8), Data(#"{"Id":"005B"}"#.utf8)]
        let body = QueryResultRecords.body(records)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["totalSize"] as? Int == 2 && object["done"] as? Bool == true)
        #expect(QueryResultRecords.records(of: body) == records)
        #expect(String(decoding: QueryResultRecords.body([]), as: UTF8.self) == #"{"done":true,"records":[],"totalSize":0}"#)
    }
}
