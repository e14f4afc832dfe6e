import Foundation
import Testing
@testable import SalesforceAPI

@Suite struct JSONMembersTests {
    @Test func findsTheTopLevelRecordsWhateverTheStringsHold() throws {
        let json = #"""
            { "totalSize" : 2, "nested": {"records": ["not this"]}, "note": "a \"records\": [ ] } , trap",
              "records" : [ {"Name": "O'Brien [x] {y} \\", "Id": "1"}, {"Name": "b,c"} ] , "done": false }
            """#
        let data = Data(json.utf8)
        let range = try #require(JSONMembers.valueRange(of: "records", in: data))
        let records = try #require(try JSONSerialization.jsonObject(with: data.subdata(in: range)) as? [[String: Any]])
        #expect(records.map { $0["Name"] as? String } == [#"O'Brien [x] {y} \"#, "b,c"])
        #expect(JSONMembers.valueRange(of: "missing", in: data) == nil)
        #expect(JSONMembers.valueRange(of: "records", in: Data("[1,2]".utf8)) == nil)
        #expect(String(decoding: data.subdata(in: try #require(JSONMembers.valueRange(of: "done", in: data))), as: UTF8.self) == "false")
    }

    @Test func mergedPagesKeepEveryRecordAsItCame() throws {
        let merged = QueryPage.merged(totalSize: 3, recordArrays: [Data(#"[{"Id":"1"},{"Id":"2"}]"#.utf8), Data("[ ]".utf8), Data(#"[{"Id":"3"}]"#.utf8)])
        #expect(String(decoding: merged, as: UTF8.self) == #"{"done":true,"records":[{"Id":"1"},{"Id":"2"},{"Id":"3"}],"totalSize":3}"#)
    }
}
