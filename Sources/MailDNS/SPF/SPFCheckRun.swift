/// One check_host() evaluation with its shared counters (the limits span include and redirect).
struct SPFCheckRun {
    let resolver: any DNSResolver
    let limits: SPFLimits
    var context: SPFMacroContext
    var dnsLookups = 0
    var voidLookups = 0
    var trace: [SPFTraceEntry] = []
    /// %{p} result, computed at most once.
    private var validatedNameCache: String??

    init(resolver: any DNSResolver, limits: SPFLimits, context: SPFMacroContext) {
        self.resolver = resolver
        self.limits = limits
        self.context = context
        trace.reserveCapacity(16)
    }

    func evaluation(
        domain: String, result: SPFResult, problem: SPFProblem?, matched: (term: String, domain: String)?
    ) -> SPFEvaluation {
        SPFEvaluation(
            result: result, ip: context.ip, matchedTerm: matched?.term, matchedDomain: matched?.domain, domain: domain,
            problem: problem, dnsLookups: dnsLookups, voidLookups: voidLookups, traceEntries: trace)
    }

    /// Records a trace line as its parts; `SPFTraceEntry.line` joins them only when the trace is read.
    private mutating func note(_ depth: Int, _ first: String, _ second: StaticString = "", _ third: String = "") {
        trace.append(SPFTraceEntry(depth: depth, first: SPFTermText(first), second: second, third: third))
    }

    /// Records a directive's line: its term and how it came out.
    private mutating func note(_ depth: Int, _ term: SPFTermText, _ outcome: StaticString) {
        trace.append(SPFTraceEntry(depth: depth, first: term, second: outcome))
    }

    /// " → match (<result>)" or " → no match", after a directive's text.
    private static func outcomeNote(_ qualifier: SPFRecord.Qualifier, matched: Bool) -> StaticString {
        guard matched else { return " → no match" }
        switch qualifier {
        case .pass: return " → match (pass)"
        case .fail: return " → match (fail)"
        case .softfail: return " → match (softfail)"
        case .neutral: return " → match (neutral)"
        }
    }

    // MARK: check_host

    nonisolated(nonsending) mutating func checkHost(domain: String, depth: Int, wantExplanation: Bool) async throws(SPFAbort) -> SPFDomainOutcome {
        guard MailAuthDomain.isValidSPFDomain(domain) else {
            note(depth, "\(domain): not a valid domain name → none")
            return SPFDomainOutcome(result: .none, problem: .invalidDomain(domain))
        }
        let record: SPFRecordLayout
        switch await SPFRecordSelection.fetch(domain, using: resolver, parse: SPFRecordLayout.parse) {
        case .found(let parsed, let text):
            note(depth, domain, ": ", text)
            record = parsed
        case .noRecord, .noSuchDomain:
            note(depth, "\(domain): no SPF record → none")
            return SPFDomainOutcome(result: .none, problem: .noRecord(domain: domain))
        case .multipleRecords(let count):
            note(depth, "\(domain): \(count) SPF records → permerror")
            throw SPFAbort(result: .permerror, problem: .multipleRecords(domain: domain, count: count))
        case .syntaxError(let error, let text):
            note(depth, "\(domain): \(text) → permerror (\(error))")
            throw SPFAbort(result: .permerror, problem: .syntax(domain: domain, error: error))
        case .dnsFailure(let reason):
            note(depth, "\(domain): TXT lookup failed → temperror")
            throw SPFAbort(result: .temperror, problem: .dnsFailure(name: domain, type: .txt, reason: reason))
        }

        let savedDomain = context.domain
        context.domain = domain
        defer { context.domain = savedDomain }

        for index in record.directives.indices {
            let directive = record.directives[index]
            let term = SPFTermText(record.text, directive.term)
            let matched = try await matches(directive.mechanism, term: term, in: record, domain: domain, depth: depth)
            note(depth + 1, term, Self.outcomeNote(directive.qualifier, matched: matched))
            guard matched else { continue }
            let result = directive.qualifier.result
            var explanation: String? = nil
            if result == .fail, wantExplanation, let exp = record.explanation {
                explanation = await explain(record.macroString(exp), depth: depth)
            }
            return SPFDomainOutcome(result: result, matched: (record.string(directive.term), domain), explanation: explanation)
        }

        if let redirect = record.redirect {
            let term = "redirect=" + record.writtenText(redirect)
            try countLookup(term: SPFTermText(term), domain: domain)
            let target = MailAuthDomain.truncatedForQuery(await expand(redirect, in: record))
            note(depth + 1, term, " → ", target)
            // The redirect target's own exp= applies, never this record's (§6.2).
            let outcome = try await checkHost(domain: target, depth: depth + 1, wantExplanation: wantExplanation)
            if outcome.result == .none {
                throw SPFAbort(result: .permerror, problem: .redirectWithoutRecord(domain: domain, target: target))
            }
            return outcome
        }
        note(depth + 1, "no term matched → neutral")
        return SPFDomainOutcome(result: .neutral)
    }

    // MARK: mechanisms

    private nonisolated(nonsending) mutating func matches(
        _ mechanism: SPFRecordLayout.Mechanism, term: SPFTermText, in record: SPFRecordLayout, domain: String, depth: Int
    ) async throws(SPFAbort) -> Bool {
        if mechanism.queriesDNS { try countLookup(term: term, domain: domain) }
        switch mechanism {
        case .all:
            return true
        case .ip4(let network, let length), .ip6(let network, let length):
            return context.ip.isIn(network, prefixLength: length)
        case .include(let spec):
            let target = try await expandTarget(spec, in: record, term: term, domain: domain)
            let outcome = try await checkHost(domain: target, depth: depth + 1, wantExplanation: false)
            switch outcome.result {
            case .pass: return true
            case .fail, .softfail, .neutral: return false
            case .none:
                throw SPFAbort(
                    result: .permerror, problem: .includeWithoutRecord(domain: domain, term: term.description, target: target))
            case .permerror, .temperror:
                return false  // unreachable: errors are thrown
            }
        case .a(let spec, let cidr):
            let target = try await expandTarget(spec, in: record, term: term, domain: domain)
            return try await anyAddress(of: target, inNetworkOf: cidr, term: term, domain: domain, countVoid: true)
        case .mx(let spec, let cidr):
            let target = try await expandTarget(spec, in: record, term: term, domain: domain)
            let answer = await resolver.lookup(target, .mx)
            try failOnError(answer, name: target, type: .mx)
            if answer.records.isEmpty { try countVoid(term: term, domain: domain) }
            // A null MX (RFC 7505) is the single name "."; it names no host to match.
            let names = answer.records.compactMap { record -> String? in
                guard case .mx(_, let exchange) = record else { return nil }
                let name = MailAuthDomain.normalize(exchange)
                return name.isEmpty ? nil : name
            }
            guard names.count <= limits.mxNames else {
                throw SPFAbort(
                    result: .permerror,
                    problem: .tooManyMXNames(domain: domain, term: term.description, count: names.count, limit: limits.mxNames))
            }
            for name in names {
                if try await anyAddress(of: name, inNetworkOf: cidr, term: term, domain: domain, countVoid: false) {
                    return true
                }
            }
            return false
        case .ptr(let spec):
            let target = try await expandTarget(spec, in: record, term: term, domain: domain)
            let names = await validatedNames(countVoidAt: (term, domain))
            if voidLookups > limits.voidLookups {
                throw SPFAbort(
                    result: .permerror,
                    problem: .tooManyVoidLookups(domain: domain, term: term.description, limit: limits.voidLookups))
            }
            return names.contains { MailAuthDomain.isSameOrSubdomain($0, of: target) }
        case .exists(let spec):
            let target = try await expandTarget(spec, in: record, term: term, domain: domain)
            let answer = await resolver.lookup(target, .a)  // always A, even for IPv6 clients (§5.7)
            try failOnError(answer, name: target, type: .a)
            if answer.records.isEmpty {
                try countVoid(term: term, domain: domain)
                return false
            }
            return true
        }
    }

    private func prefix(_ cidr: SPFRecord.DualCIDR) -> Int {
        context.ip.family == .v4 ? (cidr.ip4 ?? 32) : (cidr.ip6 ?? 128)
    }

    // MARK: limits and lookups

    private mutating func countLookup(term: SPFTermText, domain: String) throws(SPFAbort) {
        dnsLookups += 1
        if dnsLookups > limits.dnsQueryingTerms {
            note(0, "\(term) in \(domain) → permerror (more than \(limits.dnsQueryingTerms) DNS-querying terms)")
            throw SPFAbort(
                result: .permerror,
                problem: .tooManyDNSLookups(domain: domain, term: term.description, limit: limits.dnsQueryingTerms))
        }
    }

    private mutating func countVoid(term: SPFTermText, domain: String) throws(SPFAbort) {
        voidLookups += 1
        if voidLookups > limits.voidLookups {
            note(0, "\(term) in \(domain) → permerror (more than \(limits.voidLookups) void lookups)")
            throw SPFAbort(
                result: .permerror,
                problem: .tooManyVoidLookups(domain: domain, term: term.description, limit: limits.voidLookups))
        }
    }

    private func failOnError(_ answer: DNSLookupResult, name: String, type: DNSRecordType) throws(SPFAbort) {
        switch answer {
        case .records, .noData, .nxDomain: return
        case .serverFailure(let reason), .timeout(let reason), .refused(let reason), .error(let reason),
            .unusable(let reason):
            let kind: String
            switch answer {
            case .serverFailure: kind = "SERVFAIL"
            case .timeout: kind = "timeout"
            case .refused: kind = "REFUSED"
            case .unusable: kind = "unusable answer"
            default: kind = "error"
            }
            throw SPFAbort(result: .temperror, problem: .dnsFailure(name: name, type: type, reason: "\(kind): \(reason)"))
        }
    }

    /// Whether an A or AAAA record of `name` (by the client's address family) lies in the client's network of
    /// `cidr`; counts a void lookup when `countVoid` and `name` has no usable address. No array of addresses: a and
    /// mx run this for most directives.
    private nonisolated(nonsending) mutating func anyAddress(
        of name: String, inNetworkOf cidr: SPFRecord.DualCIDR, term: SPFTermText, domain: String, countVoid: Bool
    ) async throws(SPFAbort) -> Bool {
        let type: DNSRecordType = context.ip.family == .v4 ? .a : .aaaa
        let answer = await resolver.lookup(name, type)
        try failOnError(answer, name: name, type: type)
        let length = prefix(cidr)
        var found = false
        for record in answer.records {
            switch record {
            case .a(let text), .aaaa(let text):
                guard let address = IPAddress(text) else { continue }
                found = true
                if context.ip.isIn(address, prefixLength: length) { return true }
            default: continue
            }
        }
        if !found && countVoid { try self.countVoid(term: term, domain: domain) }
        return false
    }

    /// §5.5: PTR names of the client (at most `ptrNames`) whose own addresses include the client. DNS errors here
    /// only make the mechanism not match.
    private nonisolated(nonsending) mutating func validatedNames(countVoidAt: (term: SPFTermText, domain: String)?) async -> [String] {
        let answer = await resolver.lookup(context.ip.reverseLookupName, .ptr)
        if answer.isDefinite && answer.records.isEmpty, countVoidAt != nil { voidLookups += 1 }
        let names = answer.records.compactMap { record -> String? in
            if case .ptr(let name) = record { return MailAuthDomain.normalize(name) }
            return nil
        }.prefix(limits.ptrNames)
        var validated: [String] = []
        let type: DNSRecordType = context.ip.family == .v4 ? .a : .aaaa
        for name in names {
            let addresses = await resolver.lookup(name, type).records.compactMap { record -> IPAddress? in
                switch record {
                case .a(let text), .aaaa(let text): return IPAddress(text)
                default: return nil
                }
            }
            if addresses.contains(context.ip) { validated.append(name) }
        }
        return validated
    }

    // MARK: macros and explanations

    private nonisolated(nonsending) mutating func expand(_ spec: SPFMacroString) async -> String {
        if spec.usesValidatedName {
            if validatedNameCache == nil {
                let names = await validatedNames(countVoidAt: nil)
                // Prefer the domain itself, then a subdomain of it, then any validated name (§7.3).
                let chosen =
                    names.first { $0 == context.domain } ?? names.first { MailAuthDomain.isSameOrSubdomain($0, of: context.domain) }
                    ?? names.first
                validatedNameCache = .some(chosen)
            }
            context.validatedName = validatedNameCache ?? nil
        }
        return spec.expand(in: context)
    }

    /// A domain-spec of `record`, expanded: a literal is its own expansion.
    private nonisolated(nonsending) mutating func expand(_ spec: SPFRecordLayout.MacroText, in record: SPFRecordLayout) async -> String {
        if let literal = record.literal(spec) { return literal }
        return await expand(record.macroString(spec))
    }

    /// The target of a mechanism: the expanded domain-spec, or the current domain when there is none.
    private nonisolated(nonsending) mutating func expandTarget(
        _ spec: SPFRecordLayout.MacroText?, in record: SPFRecordLayout, term: SPFTermText, domain: String
    ) async throws(SPFAbort) -> String {
        guard let spec else { return domain }
        let (target, isQueryable) = MailAuthDomain.queryTarget(await expand(spec, in: record))
        guard isQueryable else {
            throw SPFAbort(result: .permerror, problem: .invalidTarget(domain: domain, term: term.description, target: target))
        }
        return target
    }

    /// §6.2: the exp= target's single TXT record, macro-expanded; nil (use the default) on any trouble.
    private nonisolated(nonsending) mutating func explain(_ spec: SPFMacroString, depth: Int) async -> String? {
        let target = MailAuthDomain.truncatedForQuery(await expand(spec))
        let texts = await resolver.lookup(target, .txt).records.compactMap { record -> String? in
            if case .txt(let strings) = record { return strings.joined() }
            return nil
        }
        guard texts.count == 1, let text = texts.first,
            let explainString = try? SPFMacroString.parse(text, term: "exp=\(spec.text)", allowExplainMacros: true)
        else {
            note(depth + 1, "exp=\(spec.text) → no usable explanation at \(target)")
            return nil
        }
        let expanded = await expand(explainString)
        note(depth + 1, "exp=\(spec.text) → \"\(expanded)\"")
        return expanded
    }
}
