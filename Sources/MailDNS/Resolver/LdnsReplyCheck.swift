import CLdns

/// Names for ldns built from bytes, so any octet of a label (a space from an SPF macro, RFC 7208 §7.3) reaches
/// the wire as itself; ldns's text parser would stop at a space or read `\` as an escape.
enum LdnsNames {
    /// The wire-format name of `name` (labels split at "."), or nil for an empty label, a label over 63 bytes or a
    /// name over 255 bytes. The caller frees the rdf.
    static func dname(_ name: String) -> UnsafeMutablePointer<ldns_rdf>? {
        var text = Substring(name)
        while text.hasSuffix(".") { text = text.dropLast() }
        var wire: [UInt8] = []
        if !text.isEmpty {
            for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard !label.isEmpty, label.count <= 63 else { return nil }
                wire.append(UInt8(label.count))
                wire.append(contentsOf: label)
            }
        }
        wire.append(0)
        guard wire.count <= 255 else { return nil }
        return wire.withUnsafeBytes { ldns_dname_new_frm_data(UInt16($0.count), $0.baseAddress) }
    }
}

/// Whether a reply answers the query it came for (RFC 5452 §9.1): libldns takes whatever arrives on the socket.
enum LdnsReplyCheck {
    /// Why `reply` is not the answer to `query`, or nil when it is: the same id, the QR bit set, and one question
    /// naming the same name (case-insensitively), type and class.
    static func mismatch(reply: UnsafeMutablePointer<ldns_pkt>, query: UnsafeMutablePointer<ldns_pkt>) -> String? {
        if ldns_pkt_id(reply) != ldns_pkt_id(query) {
            return "its id \(ldns_pkt_id(reply)) is not the query's \(ldns_pkt_id(query))"
        }
        if !ldns_pkt_qr(reply) { return "the QR bit is 0: it is a query, not a response" }
        guard ldns_pkt_qdcount(reply) == 1, let questions = ldns_pkt_question(reply),
            ldns_rr_list_rr_count(questions) == 1, let question = ldns_rr_list_rr(questions, 0),
            let asked = ldns_pkt_question(query).flatMap({ ldns_rr_list_rr($0, 0) })
        else { return "it does not carry exactly one question" }
        if ldns_dname_compare(ldns_rr_owner(question), ldns_rr_owner(asked)) != 0 {
            return "it is about \(LdnsDecoding.domainName(ldns_rr_owner(question))), not \(LdnsDecoding.domainName(ldns_rr_owner(asked)))"
        }
        if ldns_rr_get_type(question) != ldns_rr_get_type(asked) {
            return "it is about type \(LdnsDecoding.typeName(ldns_rr_get_type(question))), not \(LdnsDecoding.typeName(ldns_rr_get_type(asked)))"
        }
        if ldns_rr_get_class(question) != LDNS_RR_CLASS_IN { return "its question is not of class IN" }
        return nil
    }
}
