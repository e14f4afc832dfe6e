import CLdns
import Foundation

/// What one resolution produced, with how long it may be cached (nil: never).
struct LdnsOutcome: Sendable {
    var result: DNSLookupResult
    var cacheTTL: UInt32?
    /// For NXDOMAIN/NODATA: the reply carried the SOA of a zone enclosing the name (RFC 2308), the mark of a real
    /// negative answer.
    var isProvenNegative = false
    /// Why the server's reply was not an answer to the question (wrong id, QR=0, another question, unreadable).
    var invalidReply: String? = nil
}

/// One ldns_resolver, owned by exactly one worker thread (ldns resolvers are not thread-safe).
/// `resolve` BLOCKS: it is only called on the worker pool's own threads.
final class LdnsQuerySession: @unchecked Sendable {
    static let maximumCNAMEChain = 8

    private let resolver: UnsafeMutablePointer<ldns_resolver>
    private let serverName: String
    private let timeoutText: String
    private let defaultNegativeTTL: UInt32

    init(configuration: LdnsResolver.Configuration) throws(LdnsResolverError) {
        var created: UnsafeMutablePointer<ldns_resolver>?
        switch configuration.nameserver {
        case .system(let path):
            let status = ldns_resolver_new_frm_file(&created, path)
            guard status == LDNS_STATUS_OK, let made = created else {
                throw .systemConfigurationUnreadable(path: path, problem: String(cString: ldns_get_errorstr_by_id(status)))
            }
            guard ldns_resolver_nameserver_count(made) > 0 else {
                ldns_resolver_deep_free(made)
                throw .systemConfigurationUnreadable(path: path, problem: "it names no nameserver")
            }
            serverName = Self.nameserverList(made)
        case .address(let address):
            guard let made = ldns_resolver_new() else { throw .resolverSetupFailed("ldns_resolver_new returned nothing") }
            created = made
            let rdfType = address.isIPv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A
            guard let rdf = ldns_rdf_new_frm_str(rdfType, address.host) else {
                ldns_resolver_deep_free(made)
                throw .invalidNameserver(address.description, problem: "ldns could not read the address")
            }
            defer { ldns_rdf_deep_free(rdf) }
            ldns_resolver_push_nameserver(made, rdf)  // clones the rdf
            ldns_resolver_set_port(made, address.port)
            serverName = address.description
        }
        guard let resolver = created else { throw .resolverSetupFailed("no resolver") }
        self.resolver = resolver
        let micro = Int(max(configuration.timeout, 0.001) * 1_000_000)
        ldns_resolver_set_timeout(resolver, timeval(tv_sec: micro / 1_000_000, tv_usec: .init(micro % 1_000_000)))
        ldns_resolver_set_retry(resolver, UInt8(clamping: max(configuration.retries, 0) + 1))
        ldns_resolver_set_retrans(resolver, 0)  // ldns sleeps `retrans` whole seconds between tries
        ldns_resolver_set_fallback(resolver, true)
        ldns_resolver_set_edns_udp_size(resolver, 1232)
        ldns_resolver_set_recursive(resolver, true)
        ldns_resolver_set_dnssec(resolver, false)
        timeoutText = String(format: "%g s", configuration.timeout)
        defaultNegativeTTL = configuration.defaultNegativeTTL
    }

    deinit { ldns_resolver_deep_free(resolver) }

    /// Resolves `name`/`type`, following CNAMEs across further queries when a server stops short of the end.
    func resolve(_ name: String, _ type: DNSRecordType, countQuery: () -> Void) -> LdnsOutcome {
        var walk = CNAMEWalk(start: canonicalDomainName(name), type: type)
        while true {
            countQuery()
            let answer = send(walk.current, type)
            guard case .reply(let reply) = answer else {
                if case .failed(let outcome) = answer { return outcome }
                return LdnsOutcome(result: .error("no answer"), cacheTTL: nil)
            }
            switch walk.follow(reply, defaultNegativeTTL: defaultNegativeTTL) {
            case .done(let outcome): return outcome
            case .askAgain: continue
            }
        }
    }

    /// "127.0.0.1:5300", or the system resolver's servers.
    var nameserverDescription: String { serverName }

    private enum SendResult {
        case reply(LdnsReply)
        case failed(LdnsOutcome)
    }

    private func send(_ name: String, _ type: DNSRecordType) -> SendResult {
        func failed(_ result: DNSLookupResult, invalidReply: String? = nil) -> SendResult {
            .failed(LdnsOutcome(result: result, cacheTTL: nil, invalidReply: invalidReply))
        }
        guard let dname = LdnsNames.dname(name) else {
            return failed(.error("'\(name)' is not a valid domain name (an empty label, a label over 63 bytes or a name over 255)"))
        }
        defer { ldns_rdf_deep_free(dname) }
        // ldns marks a server that once failed as unreachable for good ("No (valid) nameservers"); every
        // lookup starts afresh instead.
        for index in 0..<ldns_resolver_nameserver_count(resolver) {
            ldns_resolver_set_nameserver_rtt(resolver, index, Int(LDNS_RESOLV_RTT_MIN))
        }
        // The query packet is kept: libldns does not check that a reply belongs to it (LdnsReplyCheck does).
        var query: UnsafeMutablePointer<ldns_pkt>?
        let prepared = ldns_resolver_prepare_query_pkt(
            &query, resolver, dname, type.ldnsType, LDNS_RR_CLASS_IN, UInt16(LDNS_RD))
        guard prepared == LDNS_STATUS_OK, let query else {
            return failed(.error("\(name) \(type.rawValue): ldns could not build the query: \(String(cString: ldns_get_errorstr_by_id(prepared)))"))
        }
        defer { ldns_pkt_free(query) }
        // Swift's generator (getrandom), not ldns's: ldns_pkt_set_random_id calls into OpenSSL, whose exit-time
        // cleanup a worker thread could race.
        ldns_pkt_set_id(query, UInt16.random(in: .min ... .max))
        var packet: UnsafeMutablePointer<ldns_pkt>?
        let status = ldns_resolver_send_pkt(&packet, resolver, query)
        defer { if let packet { ldns_pkt_free(packet) } }
        guard status == LDNS_STATUS_OK, let packet else {
            let problem = String(cString: ldns_get_errorstr_by_id(status))
            if status == LDNS_STATUS_NETWORK_ERR {
                return failed(.timeout("no answer from \(serverName) within \(timeoutText) for \(name) \(type.rawValue)"))
            }
            if status == LDNS_STATUS_ERR || status == LDNS_STATUS_MEM_ERR || status == LDNS_STATUS_SOCKET_ERROR {
                return failed(.error("\(name) \(type.rawValue) via \(serverName): \(problem)"))
            }
            // Anything else is a reply ldns could not read: the server was reached and sent garbage.
            let why = "a reply that cannot be read (\(problem))"
            return failed(.unusable("\(serverName) sent \(why) for \(name) \(type.rawValue)"), invalidReply: why)
        }
        if let mismatch = LdnsReplyCheck.mismatch(reply: packet, query: query) {
            let why = "a reply that does not answer the question (\(mismatch))"
            return failed(.unusable("\(serverName) sent \(why) for \(name) \(type.rawValue)"), invalidReply: why)
        }
        let rcode = ldns_pkt_get_rcode(packet)
        switch rcode {
        case LDNS_RCODE_NOERROR, LDNS_RCODE_NXDOMAIN:
            return .reply(LdnsReply(
                isNXDomain: rcode == LDNS_RCODE_NXDOMAIN,
                answer: LdnsDecoding.decode(ldns_pkt_answer(packet)),
                authority: LdnsDecoding.decode(ldns_pkt_authority(packet))))
        case LDNS_RCODE_SERVFAIL:
            return failed(.serverFailure("\(serverName) answered SERVFAIL for \(name) \(type.rawValue)"))
        case LDNS_RCODE_REFUSED:
            return failed(.refused("\(serverName) refused \(name) \(type.rawValue)"))
        case LDNS_RCODE_FORMERR:
            return failed(.unusable("\(serverName) answered FORMERR (it could not read the query) for \(name) \(type.rawValue)"))
        case LDNS_RCODE_NOTIMPL:
            return failed(.unusable("\(serverName) answered NOTIMP (it does not do this kind of query) for \(name) \(type.rawValue)"))
        default:
            return failed(.unusable("\(serverName) answered rcode \(rcode.rawValue) for \(name) \(type.rawValue)"))
        }
    }

    private static func nameserverList(_ resolver: UnsafeMutablePointer<ldns_resolver>) -> String {
        guard let servers = ldns_resolver_nameservers(resolver) else { return "the system resolver" }
        let port = ldns_resolver_port(resolver)
        return (0..<ldns_resolver_nameserver_count(resolver)).map { index in
            let host = LdnsDecoding.text(servers[index])
            return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }.joined(separator: ", ")
    }
}

/// The parts of a NOERROR/NXDOMAIN reply that resolution reads.
struct LdnsReply: Sendable {
    var isNXDomain: Bool
    var answer: [DecodedRecord]
    var authority: [DecodedRecord]
}
