import Foundation

/// Passes lookups to another resolver, remembers the answers, and writes them out as zone files that
/// `ZoneFileResolver` reads back to the same answers (for a bundle's `dns/*.zone`).
///
/// Layout: one file per domain, `<domain>.zone`, with absolute names. The domain is the deepest recorded SOA
/// owner above a name, or else its last two labels; never a name that was NXDOMAIN (that would make it exist).
/// - records: as answered, with the answer's TTL; a CNAME chain is written as its CNAME records.
/// - NXDOMAIN: the name is simply absent.
/// - NODATA: a TYPE65280 marker (`ZoneFileWriter.existenceMarkerType`) keeps the name existing when nothing else
///   was recorded at it; a negative answer through a CNAME is recorded by asking the inner resolver for the CNAME.
/// - timeouts, SERVFAIL, REFUSED, unusable answers and errors: a TYPE65281 failure marker
///   (`ZoneFileWriter.failureMarkerType`) at the name records the type, the kind and the reason, so the replay gives
///   the same failure (unknown) for exactly that name and type; they are also listed in a comment and in
///   `unanswered`. A domain with nothing but failures gets no file, so a replay answers
///   `.error("no zone file covers …")` rather than pretending.
/// - a resolver with a trust problem (it denies a public suffix, or sent replies that do not answer their question):
///   nothing it said is written, not even what it said before it gave itself away.
public final class RecordingResolver: DNSResolver, DNSTrustReporting, @unchecked Sendable {
    public struct Unanswered: Sendable, Equatable {
        public var name: String
        public var type: DNSRecordType
        public var result: DNSLookupResult
    }

    private struct RRset {
        var records: [DNSRecord]
        var ttl: UInt32
    }

    private let inner: any DNSResolver
    private let lock = NSLock()
    private var rrsets: [String: [DNSRecordType: RRset]] = [:]
    private var existing: [String: UInt32] = [:]  // NODATA names → negative TTL used for the marker
    private var missing: Set<String> = []
    private var failures: [Unanswered] = []

    public init(_ inner: any DNSResolver) { self.inner = inner }

    public var unanswered: [Unanswered] { lock.withLock { failures } }

    public var trustProblem: String? { inner.trustProblem }

    public nonisolated(nonsending) func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        let result = await inner.lookup(name, type)
        await record(canonicalDomainName(name), type, result, depth: 0)
        return result
    }

    private func record(_ name: String, _ type: DNSRecordType, _ result: DNSLookupResult, depth: Int) async {
        switch result {
        case .records(let records, let ttl, let chain):
            lock.withLock {
                var owner = name
                for target in chain {
                    rrsets[owner, default: [:]][.cname] = RRset(records: [.cname(target)], ttl: ttl)
                    owner = target
                }
                rrsets[owner, default: [:]][type] = RRset(records: records, ttl: ttl)
            }
        case .noData, .nxDomain:
            // The negative answer may be about the end of a CNAME chain: record the alias, then its target.
            if type != .cname && depth < 8, case .records(let aliases, let ttl, _) = await inner.lookup(name, .cname),
                case .cname(let target)? = aliases.first
            {
                lock.withLock { rrsets[name, default: [:]][.cname] = RRset(records: aliases, ttl: ttl) }
                await record(target, type, await inner.lookup(target, type), depth: depth + 1)
                return
            }
            lock.withLock {
                if result == .nxDomain { missing.insert(name) } else { existing[name] = existing[name] ?? 60 }
            }
        case .serverFailure, .refused, .timeout, .error, .unusable:
            lock.withLock { failures.append(Unanswered(name: name, type: type, result: result)) }
        }
    }

    /// The recorded answers as zone files: file name → contents.
    public func zoneFiles() -> [String: Data] {
        if trustProblem != nil { return [:] }
        return lock.withLock {
            let soaOwners = rrsets.compactMap { owner, byType in byType[.soa] == nil ? nil : owner }
            var lines: [String: [String]] = [:]
            func add(_ owner: String, _ line: String) { lines[fileDomain(owner, soaOwners: soaOwners), default: []].append(line) }
            for (owner, byType) in rrsets.sorted(by: { $0.key < $1.key }) {
                for (_, rrset) in byType.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    for record in rrset.records { add(owner, ZoneFileWriter.line(owner: owner, ttl: rrset.ttl, record: record)) }
                }
            }
            for (owner, ttl) in existing.sorted(by: { $0.key < $1.key }) where rrsets[owner] == nil {
                add(owner, ZoneFileWriter.existenceMarker(owner: owner, ttl: ttl))
            }
            for owner in missing { lines[fileDomain(owner, soaOwners: soaOwners), default: []] += [] }
            // Failures go only into files that exist for other reasons (see the type's comment).
            for failure in failures {
                let domain = fileDomain(failure.name, soaOwners: soaOwners)
                if lines[domain] != nil, let marker = ZoneFileWriter.failureMarker(owner: failure.name, type: failure.type, result: failure.result) {
                    lines[domain, default: []].append(marker)
                }
            }
            var files: [String: Data] = [:]
            for (domain, body) in lines {
                let notes = failures.filter { fileDomain($0.name, soaOwners: soaOwners) == domain }
                    .map { ZoneFileWriter.comment("not answered: \($0.name) \($0.type.rawValue): \($0.result)") }
                let absent = missing.filter { fileDomain($0, soaOwners: soaOwners) == domain }.sorted()
                    .map { ZoneFileWriter.comment("NXDOMAIN (absent on purpose): \($0)") }
                let header = [
                    "; Recorded by ResetDoctor (RecordingResolver). Absolute names; TYPE\(ZoneFileWriter.existenceMarkerType) marks a name that exists without the asked records.",
                    "$ORIGIN \(ZoneFileWriter.absolute(domain))",
                ]
                let text = (header + absent + notes + body).joined(separator: "\n") + "\n"
                files["\(domain).zone"] = Data(text.utf8)
            }
            return files
        }
    }

    /// Writes `zoneFiles()` into `directory` (created if needed).
    public func writeZoneFiles(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, data) in zoneFiles() { try data.write(to: directory.appendingPathComponent(name)) }
    }

    /// Which file a name goes in (see the type's comment). Called with the lock held.
    private func fileDomain(_ name: String, soaOwners: [String]) -> String {
        if let soaOwner = soaOwners.filter({ isAtOrBelow(name, $0) }).max(by: { $0.count < $1.count }) { return soaOwner }
        let labels = name.split(separator: ".")
        var domain = labels.count > 2 ? labels.suffix(2).joined(separator: ".") : name
        while missing.contains(domain) && domain.contains(".") { domain = parentName(domain) }
        return domain
    }
}
