import Foundation

/// Answers offline from RFC 1035 zone files (a bundle's `dns/*.zone`), read by ldns, with a server's semantics:
/// records, CNAME following (at most 8, loops are errors), NXDOMAIN when nothing exists at or below a name, NODATA
/// when something does (empty non-terminals included). A name outside every zone is `.error`: a replay never
/// pretends to know what it was not given. Not supported: wildcards and delegation (NS below an apex is plain data).
///
/// A TYPE65281 record (`ZoneFileWriter.failureMarkerType`) replays the failure it records for its name and type.
///
/// Each file is one zone. Its apex is its SOA owner, or else its file name without `.zone` (which is also the
/// origin for relative names until a `$ORIGIN`). Files with the same apex are merged.
public struct ZoneFileResolver: DNSResolver {
    struct Zone: Sendable {
        var apex: String
        var records: [String: [UInt16: [DecodedRecord]]] = [:]
        /// Every owner and every ancestor of one up to the apex (so empty non-terminals exist).
        var existingNames: Set<String> = []
    }

    private var zones: [String: Zone] = [:]

    /// `zoneFiles` maps file names (`example.com.zone`) to their contents.
    public init(zoneFiles: [String: Data]) throws(ZoneFileError) {
        for (fileName, data) in zoneFiles.sorted(by: { $0.key < $1.key }) {
            let parsed = try ZoneFileParser.parse(data, fileName: fileName)
            var zone = zones[parsed.apex] ?? Zone(apex: parsed.apex)
            zone.existingNames.insert(parsed.apex)
            for record in parsed.records {
                guard isAtOrBelow(record.owner, parsed.apex) else {
                    throw ZoneFileError(
                        file: fileName, line: nil,
                        problem: "\(record.owner) is outside the zone's apex \(parsed.apex)")
                }
                zone.records[record.owner, default: [:]][record.typeCode, default: []].append(record)
                // A recorded failure says nothing about whether its name exists.
                if record.typeCode == ZoneFileWriter.failureMarkerType { continue }
                var name = record.owner
                while name != parsed.apex && zone.existingNames.insert(name).inserted {
                    name = parentName(name)
                }
            }
            zones[parsed.apex] = zone
        }
    }

    /// Reads every `*.zone` file in `directory`.
    public init(directory: URL) throws(ZoneFileError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".zone") }
        } catch {
            throw ZoneFileError(file: directory.path, line: nil, problem: "cannot list the folder: \(error.localizedDescription)")
        }
        var files: [String: Data] = [:]
        for name in names {
            do {
                files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
            } catch {
                throw ZoneFileError(file: name, line: nil, problem: "cannot read the file: \(error.localizedDescription)")
            }
        }
        try self.init(zoneFiles: files)
    }

    /// The apexes of the zones this resolver answers for.
    public var zoneApexes: [String] { zones.keys.sorted() }

    public nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        let start = canonicalDomainName(name)
        var current = start
        var chain: [String] = []
        var chainTTL: UInt32?
        while true {
            guard let zone = zone(covering: current) else { return .error("no zone file covers \(current)") }
            let atName = zone.records[current] ?? [:]
            for marker in atName[ZoneFileWriter.failureMarkerType] ?? [] {
                if case .other(_, let text) = marker.record,
                    let failure = ZoneFileWriter.replayedFailure(markerText: text, for: type)
                {
                    return failure
                }
            }
            if let records = atName[type.typeCode], !records.isEmpty {
                let ttl = ([chainTTL].compactMap { $0 } + records.map(\.ttl)).min() ?? 0
                return .records(records.map(\.record), ttl: ttl, cnameChain: chain)
            }
            guard type != .cname, let alias = atName[DNSRecordType.cname.typeCode]?.first,
                case .cname(let target) = alias.record
            else {
                return zone.existingNames.contains(current) ? .noData : .nxDomain
            }
            chainTTL = min(chainTTL ?? alias.ttl, alias.ttl)
            if target == start || chain.contains(target) {
                return .error("CNAME loop: \(([start] + chain + [target]).joined(separator: " → "))")
            }
            if chain.count >= LdnsQuerySession.maximumCNAMEChain {
                return .error("CNAME chain from \(start) is longer than \(LdnsQuerySession.maximumCNAMEChain)")
            }
            chain.append(target)
            current = target
        }
    }

    /// The most specific zone whose apex is `name` or an ancestor of it.
    private func zone(covering name: String) -> Zone? {
        var candidate = name
        while true {
            if let zone = zones[candidate] { return zone }
            if candidate == "." { return nil }
            candidate = parentName(candidate)
        }
    }
}

/// `a.b.c` → `b.c`; a single label → the root ".".
func parentName(_ name: String) -> String {
    guard let dot = name.firstIndex(of: "."), name != "." else { return "." }
    let rest = name[name.index(after: dot)...]
    return rest.isEmpty ? "." : String(rest)
}

func isAtOrBelow(_ name: String, _ apex: String) -> Bool {
    apex == "." || name == apex || name.hasSuffix("." + apex)
}
