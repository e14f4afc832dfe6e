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
        // ldns reads an open quote to the end of the file and keeps records of any class: check first, by line.
        try ZoneFileLines.check(data, fileName: fileName)

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
        // A second guard for what the line check cannot see: every record must be of class IN.
        let all = ldns_zone_rrs(zone)
        for index in 0..<(all.map { ldns_rr_list_rr_count($0) } ?? 0) {
            guard let rr = ldns_rr_list_rr(all, index), ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN else { continue }
            let text = ldns_rr2str(rr).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? "a record"
            throw ZoneFileError(file: fileName, line: nil, problem: ZoneFileLines.notInternet(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var records = LdnsDecoding.decode(all)
        var apex = canonicalDomainName(impliedOrigin)
        if let soa = ldns_zone_soa(zone) {
            let decoded = LdnsDecoding.decode(soa)
            apex = decoded.owner
            records.insert(decoded, at: 0)
        }
        return ParsedZone(apex: apex, records: records)
    }
}

/// Line-level checks ldns does not make, done before ldns reads the file (RFC 1035 §5.1 syntax: `;` comments,
/// quoted text, `( … )` continuing an entry over lines): an open quote must close on its line, `$INCLUDE` is
/// refused (a bundle's zone file may not read other files), and every record is of class IN: a CH, HS or CS
/// record (or CLASSn) is not an answer from the internet's DNS, so replaying it would be believing the wrong thing.
enum ZoneFileLines {
    static func check(_ data: Data, fileName: String) throws(ZoneFileError) {
        // Zone files are ASCII text (RFC 1035 §5.1 writes any other octet as \DDD, as ZoneFileWriter does): a raw
        // control or non-ASCII byte is damage, not data, even in a comment.
        if let bad = data.firstIndex(where: { !((0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) {
            let line = data[data.startIndex..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw ZoneFileError(
                file: fileName, line: line,
                problem: String(format: "byte 0x%02X is not printable ASCII: a zone file writes any other byte as \\DDD", data[bad]))
        }
        var tokens: [String] = []
        var entryLine = 1
        var startsWithBlank = false
        var depth = 0
        var line = 1
        var token: [UInt8] = []
        var inQuote = false
        var quoteLine = 1
        var index = data.startIndex
        var atLineStart = true

        func endToken() {
            if !token.isEmpty { tokens.append(String(decoding: token, as: UTF8.self)); token.removeAll() }
        }
        func endEntry() throws(ZoneFileError) {
            defer { tokens.removeAll(); startsWithBlank = false }
            guard let first = tokens.first else { return }
            if first.hasPrefix("$") {
                if first.uppercased() == "$INCLUDE" {
                    throw ZoneFileError(
                        file: fileName, line: entryLine,
                        problem: "$INCLUDE is not allowed: a bundle's zone file holds its records itself and may not read other files")
                }
                return
            }
            // After the owner (absent when the entry starts with a blank): TTL and class, in either order.
            for candidate in tokens.dropFirst(startsWithBlank ? 0 : 1).prefix(2) {
                if isTTL(candidate) { continue }
                guard let other = nonInternetClass(candidate) else { break }
                throw ZoneFileError(file: fileName, line: entryLine, problem: notInternet("a record of class \(other)"))
            }
        }

        while index < data.endIndex {
            let byte = data[index]
            index += 1
            if atLineStart && depth == 0 && !inQuote {
                startsWithBlank = byte == 0x20 || byte == 0x09
                entryLine = line
            }
            atLineStart = false
            if inQuote {
                switch byte {
                case UInt8(ascii: "\\"):
                    token.append(byte)
                    if index < data.endIndex, data[index] != 0x0A { token.append(data[index]); index += 1 }
                case UInt8(ascii: "\""): inQuote = false; token.append(byte)
                case 0x0A:
                    throw ZoneFileError(
                        file: fileName, line: quoteLine,
                        problem: "a quote opened on this line is not closed before the line ends")
                default: token.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inQuote = true; quoteLine = line; token.append(byte)
            case UInt8(ascii: ";"):
                endToken()
                while index < data.endIndex, data[index] != 0x0A { index += 1 }
            case UInt8(ascii: "("): endToken(); depth += 1
            case UInt8(ascii: ")"):
                endToken()
                guard depth > 0 else { throw ZoneFileError(file: fileName, line: line, problem: "\")\" without \"(\"") }
                depth -= 1
            case 0x20, 0x09, 0x0D: endToken()
            case 0x0A:
                endToken()
                if depth == 0 { try endEntry() }
                line += 1
                atLineStart = true
            case UInt8(ascii: "\\"):
                token.append(byte)
                if index < data.endIndex { token.append(data[index]); index += 1 }
            default: token.append(byte)
            }
        }
        if inQuote {
            throw ZoneFileError(file: fileName, line: quoteLine, problem: "a quote opened on this line is not closed before the file ends")
        }
        endToken()
        if depth > 0 { throw ZoneFileError(file: fileName, line: entryLine, problem: "a \"(\" opened in this entry is not closed before the file ends") }
        try endEntry()
    }

    static func notInternet(_ what: String) -> String {
        "\(what) is not an internet (IN) record; only class IN answers are replayed, so the file is refused rather than believed"
    }

    /// "3600", "1h30m": an RFC 1035 TTL, or BIND's unit form.
    private static func isTTL(_ token: String) -> Bool {
        guard let first = token.unicodeScalars.first, ("0"..."9").contains(first) else { return false }
        return token.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "smhdwSMHDW".unicodeScalars.contains($0) }
    }

    /// The class a token names when it is a class other than IN: CH, CS, HS, NONE, ANY, or CLASSn with n ≠ 1.
    private static func nonInternetClass(_ token: String) -> String? {
        let upper = token.uppercased()
        if ["CH", "CS", "HS", "NONE", "ANY"].contains(upper) { return upper }
        if upper.hasPrefix("CLASS"), let number = Int(upper.dropFirst(5)), number != 1 { return upper }
        return nil
    }
}
