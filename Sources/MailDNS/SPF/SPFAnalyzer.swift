/// Walks a domain's SPF record tree without a client IP, counting lookups the way checkdmarc and similar tools do.
public struct SPFAnalyzer: Sendable {
    public let resolver: any DNSResolver
    public var limits: SPFLimits

    public init(resolver: any DNSResolver, limits: SPFLimits = .rfc7208) {
        self.resolver = resolver
        self.limits = limits
    }

    public static let salesforceInclude = "_spf.salesforce.com"

    public func analyze(domain: String) async -> SPFAnalysis {
        var walk = SPFTreeWalk(resolver: resolver, limits: limits)
        let root = MailAuthDomain.normalize(domain)
        let tree = await walk.visit(domain: root, path: [], ancestors: [])
        var warnings = walk.warnings
        if walk.count > limits.dnsQueryingTerms {
            warnings.append(.tooManyDNSLookups(count: walk.count, limit: limits.dnsQueryingTerms))
        }
        if walk.voidCount > limits.voidLookups {
            warnings.append(.tooManyVoidLookups(count: walk.voidCount, limit: limits.voidLookups))
        }
        return SPFAnalysis(
            domain: root, tree: tree, dnsLookupCount: walk.count, mxHostLookupCount: walk.mxHostCount,
            voidLookupCount: walk.voidCount, limits: limits, limitCrossing: walk.crossing,
            authorizesSalesforce: walk.sawSalesforce, warnings: warnings)
    }
}

/// The mutable state of one analysis walk.
struct SPFTreeWalk {
    let resolver: any DNSResolver
    let limits: SPFLimits
    var count = 0
    var mxHostCount = 0
    var voidCount = 0
    var crossing: SPFLimitCrossing?
    var sawSalesforce = false
    var warnings: [SPFWarning] = []
    /// Answers fetched ahead, all at once, for the record being walked: the walk itself goes term by term (its
    /// running count is in evaluation order), but its lookups need not wait for one another.
    private var prefetched: [PrefetchKey: DNSLookupResult] = [:]

    private struct PrefetchKey: Hashable, Sendable {
        var name: String
        var type: DNSRecordType
    }

    /// Past this many counted terms the walk stops following targets, so a runaway tree stays cheap.
    var followCap: Int { limits.dnsQueryingTerms * 5 }

    init(resolver: any DNSResolver, limits: SPFLimits) {
        self.resolver = resolver
        self.limits = limits
    }

    mutating func visit(domain: String, path: [String], ancestors: [String]) async -> SPFIncludeTree {
        var tree = SPFIncludeTree(domain: domain, status: .found, record: nil, terms: [])
        let record: SPFRecord
        switch SPFRecordLookup.from(await lookup(domain, .txt), parse: SPFRecord.parse) {
        case .found(let parsed, let text):
            record = parsed
            tree.record = text
        case .noRecord:
            tree.status = .noRecord
            return tree
        case .noSuchDomain:
            tree.status = .noSuchDomain
            return tree
        case .multipleRecords(let n):
            tree.status = .multipleRecords(count: n)
            warnings.append(.recordProblem(.multipleRecords(domain: domain, count: n)))
            return tree
        case .syntaxError(let error, let text):
            tree.status = .syntaxError(error)
            tree.record = text
            warnings.append(.recordProblem(.syntax(domain: domain, error: error)))
            return tree
        case .dnsFailure(let reason):
            tree.status = .dnsFailure(reason)
            warnings.append(.recordProblem(.dnsFailure(name: domain, type: .txt, reason: reason)))
            return tree
        }

        let hasAll = record.directives.contains { $0.mechanism == .all }
        await prefetch(for: record, domain: domain, ancestors: ancestors + [domain], hasAll: hasAll)
        for directive in record.directives {
            tree.terms.append(await visit(directive, domain: domain, path: path, ancestors: ancestors + [domain]))
        }
        if let last = record.directives.last(where: { $0.mechanism == .all }),
            last.qualifier == .pass || last.qualifier == .neutral
        {
            warnings.append(.permissiveAll(domain: domain, term: last.text))
        }
        if let redirect = record.redirect {
            if hasAll {
                warnings.append(.redirectIgnored(domain: domain))
            } else {
                let term = "redirect=\(redirect.text)"
                var node = countedNode(term: term, domain: domain, path: path)
                node.target = await follow(redirect, term: term, domain: domain, path: path + [term], ancestors: ancestors + [domain])
                tree.terms.append(node)
            }
        } else if !hasAll {
            warnings.append(.noAllNoRedirect(domain: domain))
        }
        return tree
    }

    private mutating func visit(
        _ directive: SPFRecord.Directive, domain: String, path: [String], ancestors: [String]
    ) async -> SPFTermNode {
        let term = directive.text
        guard directive.mechanism.queriesDNS else {
            return SPFTermNode(term: term, countsAsLookup: false, runningCount: count, mxHostCount: nil, isVoid: false, target: [])
        }
        var node = countedNode(term: term, domain: domain, path: path)
        switch directive.mechanism {
        case .include(let spec):
            if MailAuthDomain.normalize(spec.text) == SPFAnalyzer.salesforceInclude { sawSalesforce = true }
            node.target = await follow(spec, term: term, domain: domain, path: path + [term], ancestors: ancestors)
            if let child = node.target.first, child.status == .noRecord || child.status == .noSuchDomain {
                warnings.append(.includeWithoutRecord(domain: domain, term: term, target: child.domain))
            }
        case .a(let spec, _):
            if let name = staticTarget(spec, domain: domain, term: term) {
                let v4 = await lookup(name, .a), v6 = await lookup(name, .aaaa)
                node.isVoid = v4.isDefinite && v6.isDefinite && v4.records.isEmpty && v6.records.isEmpty
            }
        case .mx(let spec, _):
            if let name = staticTarget(spec, domain: domain, term: term) {
                let answer = await lookup(name, .mx)
                let hosts = answer.records.filter {
                    if case .mx(_, let exchange) = $0 { return !MailAuthDomain.normalize(exchange).isEmpty }
                    return false
                }
                node.mxHostCount = hosts.count
                node.isVoid = answer.isDefinite && answer.records.isEmpty
                mxHostCount += hosts.count
                if hosts.count > limits.mxNames {
                    warnings.append(.tooManyMXHosts(domain: domain, term: term, count: hosts.count, limit: limits.mxNames))
                }
            }
        case .ptr:
            warnings.append(.ptrUsed(domain: domain, term: term))
        case .exists(let spec):
            if let name = staticTarget(spec, domain: domain, term: term) {
                let answer = await lookup(name, .a)
                node.isVoid = answer.isDefinite && answer.records.isEmpty
            }
        case .all, .ip4, .ip6:
            break
        }
        if node.isVoid { voidCount += 1 }
        return node
    }

    /// Counts one DNS-querying term and records where the count first crosses the limit.
    private mutating func countedNode(term: String, domain: String, path: [String]) -> SPFTermNode {
        count += 1
        if count == limits.dnsQueryingTerms + 1, crossing == nil {
            let fullPath = path + [term]
            crossing = SPFLimitCrossing(
                term: term, domain: domain, count: count, path: fullPath, topLevelTerm: fullPath.first ?? term)
        }
        return SPFTermNode(term: term, countsAsLookup: true, runningCount: count, mxHostCount: nil, isVoid: false, target: [])
    }

    /// The target of a term when it has no message-dependent macros (only %{d} is known statically).
    private mutating func staticTarget(_ spec: SPFMacroString?, domain: String, term: String) -> String? {
        if let spec, spec.dependsOnMessage {
            warnings.append(.targetDependsOnMessage(domain: domain, term: term))
        }
        return Self.staticTarget(spec, domain: domain)
    }

    private static func staticTarget(_ spec: SPFMacroString?, domain: String) -> String? {
        guard let spec else { return domain }
        if spec.dependsOnMessage { return nil }
        return MailAuthDomain.truncatedForQuery(spec.expand(in: staticContext(domain: domain)))
    }

    /// Starts every lookup the walk of `record` will make (its a, mx and exists lookups, the TXT of each include
    /// and redirect target) together, and keeps the answers for `lookup`. The walk stays the same; only the waiting
    /// overlaps, so a record costs one round trip, not one per term.
    private mutating func prefetch(for record: SPFRecord, domain: String, ancestors: [String], hasAll: Bool) async {
        var wanted: [PrefetchKey] = []
        func want(_ spec: SPFMacroString?, _ types: DNSRecordType...) {
            guard let name = Self.staticTarget(spec, domain: domain) else { return }
            wanted += types.map { PrefetchKey(name: name, type: $0) }
        }
        for directive in record.directives {
            switch directive.mechanism {
            case .a(let spec, _): want(spec, .a, .aaaa)
            case .mx(let spec, _): want(spec, .mx)
            case .exists(let spec): want(spec, .a)
            case .include(let spec): want(spec, .txt)
            case .all, .ip4, .ip6, .ptr: break
            }
        }
        if let redirect = record.redirect, !hasAll { want(redirect, .txt) }
        // A target on the path from the root is a loop the walk reports without looking it up.
        let keys = Set(wanted.filter { $0.type != .txt || !ancestors.contains($0.name) })
        guard keys.count > 1 else { return }
        let resolver = self.resolver
        let answers = await withTaskGroup(of: (PrefetchKey, DNSLookupResult).self) { group in
            for key in keys { group.addTask { (key, await resolver.lookup(key.name, key.type)) } }
            var answers: [PrefetchKey: DNSLookupResult] = [:]
            for await (key, answer) in group { answers[key] = answer }
            return answers
        }
        prefetched.merge(answers) { earlier, _ in earlier }
    }

    /// A prefetched answer (each is used once, as the walk asks for it), or a lookup now.
    private mutating func lookup(_ name: String, _ type: DNSRecordType) async -> DNSLookupResult {
        if let answer = prefetched.removeValue(forKey: PrefetchKey(name: name, type: type)) { return answer }
        return await resolver.lookup(name, type)
    }

    private static func staticContext(domain: String) -> SPFMacroContext {
        // Only %{d} reaches here; the other fields are placeholders that no expansion reads.
        SPFMacroContext(sender: "postmaster@\(domain)", domain: domain, ip: .unspecifiedV4, helo: domain)
    }

    private mutating func follow(
        _ spec: SPFMacroString, term: String, domain: String, path: [String], ancestors: [String]
    ) async -> [SPFIncludeTree] {
        guard let target = staticTarget(spec, domain: domain, term: term) else { return [] }
        if ancestors.contains(target) {
            warnings.append(.loop(domain: domain, term: term, target: target))
            return [SPFIncludeTree(domain: target, status: .loop, record: nil, terms: [])]
        }
        if count > followCap {
            return [SPFIncludeTree(domain: target, status: .notFollowed, record: nil, terms: [])]
        }
        return [await visit(domain: target, path: path, ancestors: ancestors)]
    }
}
