import Foundation

/// One page of a REST query answer, and the merge of all pages into one body in Salesforce's own shape.
struct QueryPage {
    var totalSize: Int?
    var done: Bool
    var nextRecordsURL: String?
    var records: [Any]
    /// The `records` array exactly as it came.
    var recordsJSON: Data

    init(_ body: Data, context: CallContext) throws(SalesforceAPIError) {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let records = object["records"] as? [Any]
        else {
            throw .badResponse(problem: "\(context.what) returned a body that is not a query result (\(body.count) bytes)",
                               hint: "Salesforce or a proxy answered with something else: retry, and report it if it persists")
        }
        guard let range = JSONMembers.valueRange(of: "records", in: body) else {
            throw .badResponse(problem: "\(context.what) returned a query result whose records could not be located",
                               hint: "retry, and report it if it persists")
        }
        self.records = records
        self.recordsJSON = body.subdata(in: range)
        self.totalSize = (object["totalSize"] as? NSNumber)?.intValue
        self.done = (object["done"] as? Bool) ?? true
        self.nextRecordsURL = object["nextRecordsUrl"] as? String
    }

    /// {"done":true,"records":[…],"totalSize":N} from the pages' `records` arrays as they came (keys sorted, so
    /// captures are stable).
    static func merged(totalSize: Int, recordArrays: [Data]) -> Data {
        var body = Data(#"{"done":true,"records":["#.utf8)
        var first = true
        for array in recordArrays {
            // Between the brackets of a non-empty array: its elements, comma-separated as they came.
            guard let open = array.firstIndex(of: UInt8(ascii: "[")), let close = array.lastIndex(of: UInt8(ascii: "]")) else { continue }
            let inner = array[array.index(after: open)..<close]
            guard inner.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { continue }
            if !first { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: inner)
            first = false
        }
        body.append(contentsOf: Data(#"],"totalSize":\#(totalSize)}"#.utf8))
        return body
    }

    /// nextRecordsUrl is a path on the same instance ("/services/data/v62.0/query/01g…-2000"); anything else is refused
    /// so a body can never send the bearer token elsewhere.
    static func validatedPath(_ next: String, context: CallContext) throws(SalesforceAPIError) -> String {
        let allowed = next.hasPrefix("/services/data/") && !next.contains("..") && !next.contains("://")
            && !next.contains("@") && next.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 }
        guard allowed else {
            throw .badResponse(problem: "\(context.what) returned a nextRecordsUrl that is not a Salesforce query path",
                               hint: "refusing to follow it; report it if it persists")
        }
        return next
    }
}

/// The answer of Tooling `executeAnonymous` (reference/salesforce.md §1). `line` and `column` are -1 when none.
public struct ExecuteAnonymousResult: Sendable, Equatable, Decodable {
    public var compiled: Bool
    public var success: Bool
    public var compileProblem: String?
    public var exceptionMessage: String?
    public var exceptionStackTrace: String?
    public var line: Int
    public var column: Int

    public init(compiled: Bool, success: Bool, compileProblem: String? = nil, exceptionMessage: String? = nil,
                exceptionStackTrace: String? = nil, line: Int = -1, column: Int = -1) {
        self.compiled = compiled; self.success = success; self.compileProblem = compileProblem
        self.exceptionMessage = exceptionMessage; self.exceptionStackTrace = exceptionStackTrace
        self.line = line; self.column = column
    }

    enum CodingKeys: String, CodingKey { case compiled, success, compileProblem, exceptionMessage, exceptionStackTrace, line, column }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        compiled = try container.decode(Bool.self, forKey: .compiled)
        success = try container.decode(Bool.self, forKey: .success)
        compileProblem = try container.decodeIfPresent(String.self, forKey: .compileProblem)
        exceptionMessage = try container.decodeIfPresent(String.self, forKey: .exceptionMessage)
        exceptionStackTrace = try container.decodeIfPresent(String.self, forKey: .exceptionStackTrace)
        line = (try? container.decodeIfPresent(Int.self, forKey: .line)) ?? -1
        column = (try? container.decodeIfPresent(Int.self, forKey: .column)) ?? -1
    }
}

/// What a password reset did. It holds no password: the temporary one Salesforce returns is discarded unread.
public struct PasswordResetReceipt: Sendable, Equatable, Codable {
    public var userId: String
    public var at: Date
    /// 200 (a body with the temporary password, discarded) or 204.
    public var httpStatus: Int

    public init(userId: String, at: Date, httpStatus: Int) {
        self.userId = userId; self.at = at; self.httpStatus = httpStatus
    }
}

/// A Salesforce User Id: 15 or 18 letters and digits, starting with the key prefix 005.
enum UserIdShape {
    static func validated(_ userId: String) throws(SalesforceAPIError) -> String {
        let ok = (userId.utf8.count == 15 || userId.utf8.count == 18) && userId.hasPrefix("005")
            && userId.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        guard ok else {
            let shown = userId.count > 40 ? String(userId.prefix(40)) + "…" : userId
            throw .badRequest(problem: "\"\(shown)\" is not a User Id",
                              hint: "a User Id has 15 or 18 letters and digits and starts with 005; look the user up by username first")
        }
        return userId
    }
}
