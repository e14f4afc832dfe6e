import CLdns
import Foundation

/// A zone file would not parse.
public struct ZoneFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int?, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(problem) (the file must be an RFC 1035 zone file)"
    }
}

/// One zone file read by ldns: its apex and records.
struct ParsedZone: Sendable {
    /// The SOA owner, or else the file name without `.zone` (the origin the file was read with).
    var apex: String
    var records: [DecodedRecord]
}

enum ZoneFileParser {
    /// Parses `data` with ldns. Names are relative to `$ORIGIN`, or else to the file name without `.zone`.
    static func parse(_ data: Data, fileName: String) throws(ZoneFileError) -> ParsedZone {
        let baseName = (fileName as NSString).lastPathComponent
        let impliedOrigin = baseName.hasSuffix(".zone") ? String(baseName.dropLast(5)) : baseName
        guard let origin = ldns_dname_new_frm_str(impliedOrigin + ".") else {
            throw ZoneFileError(
                file: fileName, line: nil,
                problem: "the file name must be the zone's domain name followed by .zone (as in example.com.zone)")
        }
        defer { ldns_rdf_deep_free(origin) }
        if data.isEmpty { return ParsedZone(apex: canonicalDomainName(impliedOrigin), records: []) }

        // fmemopen reads from a copy we own for the duration of the parse.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: data.count, alignment: 1)
        defer { buffer.deallocate() }
        data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: data.count)
        guard let file = fmemopen(buffer, data.count, "r") else {
            throw ZoneFileError(file: fileName, line: nil, problem: "could not open the data for reading")
        }
        defer { fclose(file) }

        var zone: UnsafeMutablePointer<ldns_zone>?
        var line: Int32 = 0
        let status = ldns_zone_new_frm_fp_l(&zone, file, origin, 3600, LDNS_RR_CLASS_IN, &line)
        guard status == LDNS_STATUS_OK, let zone else {
            if let zone { ldns_zone_deep_free(zone) }
            throw ZoneFileError(file: fileName, line: Int(line), problem: String(cString: ldns_get_errorstr_by_id(status)))
        }
        defer { ldns_zone_deep_free(zone) }
        var records = LdnsDecoding.decode(ldns_zone_rrs(zone))
        var apex = canonicalDomainName(impliedOrigin)
        if let soa = ldns_zone_soa(zone) {
            let decoded = LdnsDecoding.decode(soa)
            apex = decoded.owner
            records.insert(decoded, at: 0)
        }
        return ParsedZone(apex: apex, records: records)
    }
}
