import Foundation
@testable import TestSupport
import MailDNS
import Testing
import Yams

/// The openspf.org RFC 7208 test suite (Fixtures/rfc7208/rfc7208-tests.yml, release 2014.04, as pyspf ships it;
/// BSD licence beside it): scenarios of zone data and test cases with the results the RFC allows.
struct RFC7208Suite {
    struct TestCase: Sendable, CustomTestStringConvertible {
        var id: String
        var scenario: String
        var spec: String
        var helo: String
        var host: String
        var mailFrom: String
        /// The results the RFC allows; the first is the preferred one.
        var results: [String]
        /// The fail explanation expected; "DEFAULT" means the receiver's own (not the domain's exp=).
        var explanation: String?
        var zone: RFC7208SuiteResolver

        var testDescription: String { "\(id) (RFC 7208 \(spec))" }
    }

    static let file = Fixtures.directory.appendingPathComponent("rfc7208/rfc7208-tests.yml")

    static func load() throws -> [TestCase] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var cases: [TestCase] = []
        for document in try Yams.load_all(yaml: text) {
            guard let scenario = document as? [String: Any], let tests = scenario["tests"] as? [String: Any] else {
                continue
            }
            let zone = RFC7208SuiteResolver(zonedata: scenario["zonedata"] as? [String: Any] ?? [:])
            let name = scenario["description"] as? String ?? "?"
            for (id, value) in tests {
                guard let test = value as? [String: Any] else { continue }
                let results = (test["result"] as? [String]) ?? [test["result"] as? String ?? "?"]
                cases.append(TestCase(
                    id: id, scenario: name, spec: "\(test["spec"] ?? "?")", helo: "\(test["helo"] ?? "")",
                    host: "\(test["host"] ?? "")", mailFrom: "\(test["mailfrom"] ?? "")", results: results,
                    explanation: (test["explanation"]).map { "\($0)" }, zone: zone))
            }
        }
        return cases.sorted { $0.id < $1.id }
    }
}

/// Answers a scenario's zone data the way the suite's reference driver (pyspf's testspf.py) does: SPF-type records
/// stand in as TXT when a name has no TXT of its own; "TIMEOUT" as an entry times out lookups of types not seen
/// before it, and as a value times out its own type; CNAMEs are followed; names not in the data are NXDOMAIN;
/// a label over 63 octets fails the lookup, as the driver's DNS library did.
struct RFC7208SuiteResolver: DNSResolver {
    enum Entry: Sendable {
        case timeout
        case record(type: String, value: Value)
    }

    enum Value: Sendable {
        case text(String)
        case strings([String])
        case mx(preference: Int, exchange: String)
        case timeout
    }

    let entries: [String: [Entry]]

    init(zonedata: [String: Any]) {
        var entries: [String: [Entry]] = [:]
        for (name, list) in zonedata {
            var parsed: [Entry] = []
            var spfAsTXT: [Entry] = []
            var hasTXT = false
            for item in list as? [Any] ?? [] {
                if let word = item as? String, word == "TIMEOUT" { parsed.append(.timeout); continue }
                guard let map = item as? [String: Any], let (type, raw) = map.first else { continue }
                let value = Self.value(raw)
                if type == "TXT" { hasTXT = true }
                if case .text("NONE") = value { continue }
                parsed.append(.record(type: type, value: value))
                if type == "SPF" { spfAsTXT.append(.record(type: "TXT", value: value)) }
            }
            entries[name.lowercased(), default: []] += parsed + (hasTXT ? [] : spfAsTXT)
        }
        self.entries = entries
    }

    private static func value(_ raw: Any) -> Value {
        if let word = raw as? String { return word == "TIMEOUT" ? .timeout : .text(word) }
        if let list = raw as? [Any] {
            if list.count == 2, let preference = list[0] as? Int, let exchange = list[1] as? String {
                return .mx(preference: preference, exchange: exchange)
            }
            return .strings(list.map { "\($0)" })
        }
        return .text("\(raw)")
    }

    func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        answer(name, type, followed: [])
    }

    private func answer(_ name: String, _ type: DNSRecordType, followed: [String]) -> DNSLookupResult {
        let labels = name.split(separator: ".")
        if labels.contains(where: { $0.utf8.count > 63 }) { return .error("DNS label too long") }
        let key = labels.joined(separator: ".").lowercased()
        guard let list = entries[key] else {
            return key.hasPrefix("error.") ? .timeout("no answer for \(key)") : .nxDomain
        }
        var records: [DNSRecord] = []
        var sawType = false
        for entry in list {
            guard case .record(let entryType, let value) = entry else {
                if !sawType { return .timeout("no answer for \(key)") }
                break
            }
            if entryType == type.rawValue { sawType = true }
            if case .timeout = value {
                if entryType == type.rawValue { return .timeout("no answer for \(key) \(type.rawValue)") }
                continue
            }
            if entryType == type.rawValue, let record = Self.record(type, value) { records.append(record) }
            if entryType == "CNAME", type != .cname, case .text(let target) = value, !followed.contains(key),
                followed.count < 8
            {
                return answer(target, type, followed: followed + [key])
            }
        }
        if records.isEmpty { return .noData }
        return .records(records, ttl: 300, cnameChain: followed)
    }

    private static func record(_ type: DNSRecordType, _ value: Value) -> DNSRecord? {
        switch (type, value) {
        case (.a, .text(let address)): return .a(address)
        case (.aaaa, .text(let address)): return .aaaa(address)
        case (.ptr, .text(let target)): return .ptr(target)
        case (.cname, .text(let target)): return .cname(target)
        case (.mx, .mx(let preference, let exchange)): return .mx(preference: preference, exchange: exchange)
        case (.txt, .text(let text)): return .txt([text])
        case (.txt, .strings(let strings)): return .txt(strings)
        default: return nil
        }
    }
}
