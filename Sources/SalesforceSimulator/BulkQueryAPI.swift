import Foundation
import Salesforce
import SharedBasics

/// Bulk API 2.0 query jobs (`/services/data/vXX.X/jobs/query`): create a job, poll it until `JobComplete`, read its
/// results as CSV a set at a time (`Sforce-Locator`, `Sforce-NumberOfRecords`, `?locator=…&maxRecords=…`). The
/// query runs when the job is created; the first status check still answers `InProgress`, so clients poll as they
/// must against Salesforce.
struct BulkQueryAPI: Sendable {
    let scenario: Scenario
    let state: Locked<SimulatorState>
    let version: String

    /// A results request without maxRecords gets at most this many records (Salesforce sizes sets by bytes).
    static let defaultMaxRecords = 50_000

    struct Job: Sendable {
        var id: String
        var object: String
        var operation: String
        var fields: [String]
        var answer: QueryAnswer
        var createdDate: String
        var statusChecks = 0
    }

    func create(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let body = (try? JSONValue.read(request.body))?.objectValue,
              let soql = body["query"]?.stringValue else {
            return .restError(400, "INVALIDJOB", "Invalid job: the body must be JSON with \"operation\" and \"query\"")
        }
        let operation = body["operation"]?.stringValue ?? ""
        guard operation == "query" || operation == "queryAll" else {
            return .restError(400, "INVALIDJOB", "Invalid job: operation must be query or queryAll, not '\(operation)'")
        }
        let evaluator = QueryEvaluator(scenario: scenario)
        let query: SOQLQuery
        let answer: QueryAnswer
        do {
            query = try evaluator.prepare(soql).0
            // Bulk API 2.0 does not run aggregate functions, GROUP BY or OFFSET ("SOQL considerations").
            if query.isAggregate || query.offset != nil {
                return .restError(400, "API_ERROR", "Bulk API 2.0 query does not support aggregate functions, GROUP BY or OFFSET")
            }
            answer = try evaluator.run(soql)
        } catch {
            return .restError(400, error.errorCode, error.message)
        }
        if state.withLock({ $0.faults.forbids(object: answer.object) }) { return DataAPI.forbidden }
        let job = state.withLock { state in
            defer { state.nextJobNumber += 1 }
            let job = Job(id: "750SIM" + String(format: "%09d", state.nextJobNumber) + "AAA", object: answer.object,
                          operation: operation, fields: query.fields, answer: answer,
                          createdDate: RESTDateTime.format(Int(Date().timeIntervalSince1970)))
            state.bulkJobs[job.id] = job
            return job
        }
        return .json(200, info(job, state: "UploadComplete"))
    }

    func status(_ id: String) -> SimulatorResponse {
        guard let job = state.withLock({ state -> Job? in
            state.bulkJobs[id]?.statusChecks += 1
            return state.bulkJobs[id]
        }) else { return Self.noJob(id) }
        return .json(200, info(job, state: job.statusChecks > 1 ? "JobComplete" : "InProgress"))
    }

    func results(_ id: String, _ items: [String: String]) -> SimulatorResponse {
        guard let job = state.withLock({ $0.bulkJobs[id] }) else { return Self.noJob(id) }
        guard job.statusChecks > 1 else {
            return .restError(400, "INVALIDJOB", "Job \(id) is not complete: poll it until its state is JobComplete")
        }
        let offset: Int
        if let locator = items["locator"], !locator.isEmpty {
            guard let decoded = Self.offset(fromLocator: locator), decoded <= job.answer.count else {
                return .restError(400, "INVALIDLOCATOR", "The locator \(locator) is not valid for job \(id)")
            }
            offset = decoded
        } else {
            offset = 0
        }
        var size = Self.defaultMaxRecords
        if let text = items["maxRecords"] {
            guard let requested = Int(text), requested > 0 else {
                return .restError(400, "INVALIDREQUEST", "maxRecords must be a positive whole number, not '\(text)'")
            }
            size = requested
        }
        let end = min(offset + size, job.answer.count)
        var csv = CSVLine.make(job.fields)
        for row in offset..<end {
            let record = job.answer.record(row)
            csv += CSVLine.make(job.fields.map { Self.csvValue(record.value(atPath: $0)) })
        }
        var response = SimulatorResponse(status: 200, headers: ["Content-Type": "text/csv"], body: Data(csv.utf8))
        response.headers["Sforce-NumberOfRecords"] = String(end - offset)
        response.headers["Sforce-Locator"] = end < job.answer.count ? Self.locator(forOffset: end) : "null"
        return response
    }

    func delete(_ id: String) -> SimulatorResponse {
        guard state.withLock({ $0.bulkJobs.removeValue(forKey: id) }) != nil else { return Self.noJob(id) }
        return SimulatorResponse(status: 204, headers: [:], body: Data())
    }

    private func info(_ job: Job, state: String) -> [String: JSONValue] {
        var info: [String: JSONValue] = [
            "id": .string(job.id), "operation": .string(job.operation), "object": .string(job.object),
            "createdById": .string(SimulatorCredentials.adminUserId), "createdDate": .string(job.createdDate),
            "systemModstamp": .string(job.createdDate), "state": .string(state), "concurrencyMode": .string("Parallel"),
            "contentType": .string("CSV"), "apiVersion": .number(Double(version.dropFirst()) ?? 62), "lineEnding": .string("LF"),
            "columnDelimiter": .string("COMMA"),
        ]
        if state == "JobComplete" {
            info["numberRecordsProcessed"] = .number(Double(job.answer.count))
            info["retries"] = .number(0)
            info["totalProcessingTime"] = .number(0)
        }
        return info
    }

    private static func noJob(_ id: String) -> SimulatorResponse {
        .restError(404, "NOT_FOUND", "The requested resource does not exist: no query job \(id)")
    }

    /// Locators are opaque to clients; these are the offset in base64 without padding, as Salesforce's look.
    static func locator(forOffset offset: Int) -> String {
        Data(String(offset).utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func offset(fromLocator locator: String) -> Int? {
        let padded = locator + String(repeating: "=", count: (4 - locator.count % 4) % 4)
        return Data(base64Encoded: padded).flatMap { Int(String(decoding: $0, as: UTF8.self)) }.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// A field as Bulk API 2.0 writes it: text as is, booleans and numbers as JSON writes them, null empty.
    private static func csvValue(_ value: JSONValue?) -> String {
        switch value ?? .null {
        case .null, .object, .array: ""
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        }
    }
}

/// One CSV line with every field quoted (as Bulk API 2.0 writes results), quotes doubled, LF-terminated.
enum CSVLine {
    static func make(_ fields: [String]) -> String {
        fields.map { field in
            "\"" + (field.utf8.contains(0x22) ? field.replacingOccurrences(of: "\"", with: "\"\"") : field) + "\""
        }.joined(separator: ",") + "\n"
    }
}
