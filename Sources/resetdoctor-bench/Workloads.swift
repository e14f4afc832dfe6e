import Foundation

/// Everything both sides of the benchmark run on, written once to bench/workloads.json so the Swift bench and
/// scripts/bench_peers.py read the very same records, cases, addresses and zones.
struct Workloads: Codable, Equatable {
    static let format = "resetdoctor-bench-workloads/1"

    var format: String
    var spf: SPFWorkload
    var addresses: [AddressSample]
    var domains: DomainWorkload
}

/// The records of one owner name. Absent types answer NODATA; absent names answer NXDOMAIN.
struct RecordSet: Codable, Equatable {
    /// Each TXT record as its character-strings.
    var TXT: [[String]]?
    var A: [String]?
    var AAAA: [String]?
    var MX: [MailExchangeValue]?
}

struct MailExchangeValue: Codable, Equatable {
    var preference: Int
    var exchange: String
}

struct SPFWorkload: Codable, Equatable {
    /// Owner name → records; the in-memory DNS both sides evaluate against.
    var dns: [String: RecordSet]
    var cases: [SPFCase]
}

struct SPFCase: Codable, Equatable {
    var ip: String
    var sender: String
    var helo: String
    /// The domain check_host() starts at: the sender's domain.
    var domain: String
    /// What the workload author expects (RFC 7208); both implementations are compared with it and with each other.
    var expected: String
}

struct AddressSample: Codable, Equatable {
    var address: String
    /// The generator's category (valid-plain, quoted, idn-domain, invalid-dots, …), for grouping disagreements.
    var kind: String
}

struct DomainWorkload: Codable, Equatable {
    /// The domains a run checks, in order.
    var checked: [String]
    /// The zones nsd serves: origin → owner name (absolute, no trailing dot) → records.
    var zones: [String: [String: RecordSet]]
}

/// A problem with the workloads file, said so a person can fix it.
struct WorkloadsFileError: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String {
        "workloads file \(path): \(problem); regenerate it with `resetdoctor-bench --write-workloads \(path)`"
    }
}

extension Workloads {
    static func load(from path: String) throws -> Workloads {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw WorkloadsFileError(path: path, problem: "cannot be read (\(error.localizedDescription))")
        }
        let workloads: Workloads
        do { workloads = try JSONDecoder().decode(Workloads.self, from: data) } catch {
            throw WorkloadsFileError(path: path, problem: "is not valid workloads JSON (\(error))")
        }
        guard workloads.format == Workloads.format else {
            throw WorkloadsFileError(path: path, problem: "has format \"\(workloads.format)\", expected \"\(Workloads.format)\"")
        }
        return workloads
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    /// The deterministic workloads (same output on every run and machine).
    static func generate() -> Workloads {
        Workloads(
            format: format, spf: SPFWorkloadDefinition.workload, addresses: AddressCorpus.generate(count: 10_000),
            domains: DomainZoneDefinition.workload(count: 50))
    }
}
