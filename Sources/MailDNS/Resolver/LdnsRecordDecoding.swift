import CLdns
import Foundation

/// One resource record as read from an ldns packet or zone: owner, TTL, wire type and decoded data.
struct DecodedRecord: Sendable, Equatable {
    /// Lower-case owner name without the trailing dot ("." for the root).
    var owner: String
    var ttl: UInt32
    /// The wire type number, so unknown types still compare.
    var typeCode: UInt16
    var record: DNSRecord
}

/// Names are compared lower-case without the trailing dot; the root stays ".".
func canonicalDomainName(_ name: String) -> String {
    var key = name.lowercased()
    while key.count > 1 && key.hasSuffix(".") { key.removeLast() }
    return key
}

extension DNSRecordType {
    var ldnsType: ldns_rr_type {
        switch self {
        case .a: return LDNS_RR_TYPE_A
        case .aaaa: return LDNS_RR_TYPE_AAAA
        case .mx: return LDNS_RR_TYPE_MX
        case .txt: return LDNS_RR_TYPE_TXT
        case .cname: return LDNS_RR_TYPE_CNAME
        case .ptr: return LDNS_RR_TYPE_PTR
        case .ns: return LDNS_RR_TYPE_NS
        case .soa: return LDNS_RR_TYPE_SOA
        }
    }

    var typeCode: UInt16 { UInt16(ldnsType.rawValue) }

    init?(typeCode: UInt16) {
        guard let match = DNSRecordType.allCases.first(where: { $0.typeCode == typeCode }) else { return nil }
        self = match
    }
}

/// Decoding ldns objects into the model. Reads only; never frees what it is given.
enum LdnsDecoding {
    /// ldns's presentation text of one rdata field (freed here).
    static func text(_ rdf: UnsafeMutablePointer<ldns_rdf>?) -> String {
        guard let rdf, let cString = ldns_rdf2str(rdf) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }

    /// A name from its wire bytes, each label as it is (no `\\032` escapes), compared like every name here
    /// (`canonicalDomainName`): so a name built from bytes (`LdnsNames.dname`) matches the owner that answers it.
    static func domainName(_ rdf: UnsafeMutablePointer<ldns_rdf>?) -> String {
        guard let rdf, ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME, let data = ldns_rdf_data(rdf) else {
            return canonicalDomainName(text(rdf))
        }
        let bytes = UnsafeBufferPointer(start: data, count: ldns_rdf_size(rdf))
        var labels: [String] = []
        var offset = 0
        while offset < bytes.count {
            let length = Int(bytes[offset])
            guard length > 0, offset + 1 + length <= bytes.count else { break }
            labels.append(String(decoding: bytes[(offset + 1)..<(offset + 1 + length)], as: UTF8.self))
            offset += 1 + length
        }
        return labels.isEmpty ? "." : canonicalDomainName(labels.joined(separator: "."))
    }

    /// A TXT character-string: the rdf holds one length byte and then the bytes.
    static func characterString(_ rdf: UnsafeMutablePointer<ldns_rdf>?) -> String {
        guard let rdf, let data = ldns_rdf_data(rdf) else { return "" }
        let size = ldns_rdf_size(rdf)
        guard size > 1 else { return "" }
        let length = min(Int(data[0]), size - 1)
        return String(decoding: UnsafeBufferPointer(start: data + 1, count: length), as: UTF8.self)
    }

    static func decode(_ rr: UnsafeMutablePointer<ldns_rr>) -> DecodedRecord {
        let type = ldns_rr_get_type(rr)
        let count = ldns_rr_rd_count(rr)
        func field(_ index: Int) -> UnsafeMutablePointer<ldns_rdf>? {
            index < count ? ldns_rr_rdf(rr, index) : nil
        }
        let record: DNSRecord
        switch type {
        case LDNS_RR_TYPE_A: record = .a(text(field(0)))
        case LDNS_RR_TYPE_AAAA: record = .aaaa(text(field(0)))
        case LDNS_RR_TYPE_MX:
            let preference = field(0).map { Int(ldns_rdf2native_int16($0)) } ?? 0
            record = .mx(preference: preference, exchange: domainName(field(1)))
        case LDNS_RR_TYPE_TXT: record = .txt((0..<count).map { characterString(field($0)) })
        case LDNS_RR_TYPE_CNAME: record = .cname(domainName(field(0)))
        case LDNS_RR_TYPE_PTR: record = .ptr(domainName(field(0)))
        case LDNS_RR_TYPE_NS: record = .ns(domainName(field(0)))
        case LDNS_RR_TYPE_SOA where count >= 7:
            record = .soa(
                mname: domainName(field(0)), rname: domainName(field(1)),
                serial: ldns_rdf2native_int32(field(2)), minimum: ldns_rdf2native_int32(field(6)))
        default:
            record = .other(type: typeName(type), text: (0..<count).map { text(field($0)) }.joined(separator: " "))
        }
        return DecodedRecord(
            owner: domainName(ldns_rr_owner(rr)), ttl: ldns_rr_ttl(rr), typeCode: UInt16(type.rawValue),
            record: record)
    }

    static func decode(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [DecodedRecord] {
        guard let list else { return [] }
        return (0..<ldns_rr_list_rr_count(list)).compactMap { index in
            ldns_rr_list_rr(list, index).map(decode)
        }
    }

    static func typeName(_ type: ldns_rr_type) -> String {
        guard let cString = ldns_rr_type2str(type) else { return "TYPE\(type.rawValue)" }
        defer { free(cString) }
        return String(cString: cString)
    }
}
