/// A likely misspelling of a popular mail domain and its fix.
public struct DomainSuggestion: Sendable, Equatable, Codable {
    /// The domain as given (lowercased, trimmed).
    public var domain: String
    public var suggested: String
    /// Why, in one sentence: "\"gmial.com\" looks like a misspelling of gmail.com (two letters swapped)".
    public var reason: String

    public init(domain: String, suggested: String, reason: String) {
        self.domain = domain
        self.suggested = suggested
        self.reason = reason
    }
}

/// Suggests the popular mail domain a typed domain probably meant. Conservative on purpose: a wrong "fix" of a real
/// company domain is worse than a missed typo, so known domains and known real lookalikes never trigger, short
/// provider names only match exactly, and ambiguous top-level typos (.co, .cm) are fixed only after a provider's name.
/// The data lives in `MailDomainData`.
public enum DomainTypoSuggester {
    public static func suggestion(for domain: String) -> DomainSuggestion? {
        let typed = cleaned(domain)
        guard !typed.isEmpty, !isKnown(typed) else { return nil }
        func suggest(_ suggested: String, _ why: String) -> DomainSuggestion {
            DomainSuggestion(domain: typed, suggested: suggested, reason: "\"\(typed)\" \(why)")
        }

        // Commas, semicolons or doubled dots where one dot belongs: repair, then judge the repaired domain.
        let repaired = repairedPunctuation(typed)
        if repaired != typed {
            if isProvider(repaired) {
                return suggest(repaired, "has punctuation where a single dot belongs; \(repaired) is the likely domain")
            }
            if let inner = suggestion(for: repaired), inner.suggested != repaired {
                return suggest(inner.suggested, "has punctuation where a single dot belongs, and \(inner.reason)")
            }
            return nil
        }
        if let provider = Index.shared.byDotlessSpelling[typed] {
            return typed.contains(".")
                ? suggest(provider, "looks like \(provider) with a dot missing")
                : suggest(provider, "looks like \(provider) without its dots")
        }
        if !typed.contains("."), let provider = Index.shared.primaryByName[typed] {
            return suggest(provider, "has no top-level domain; \(provider) is the likely domain")
        }
        if let lastDot = typed.lastIndex(of: ".") {
            let head = String(typed[..<lastDot])
            let tail = typed[typed.index(after: lastDot)...]
            if MailDomainData.repeatedTrailingLabels.contains(String(tail)), isProvider(head) {
                return suggest(head, "looks like \(head) with an extra \".\(tail)\" at the end")
            }
        }
        if let fix = nameOrTopLevelFix(typed) { return suggest(fix.provider, fix.why) }
        // Any domain: a top-level domain that does not exist but is one slip away from .com/.net/.org.
        if let (name, topLevel) = splitName(typed), let typo = MailDomainData.topLevelTypos[topLevel],
            !typo.onlyForProviderNames
        {
            let fixed = name + "." + typo.intended
            return suggest(
                fixed, "ends in .\(topLevel), which is not a top-level domain (.\(topLevel) instead of .\(typo.intended)); "
                    + "\(fixed) is the likely domain")
        }
        return nil
    }

    // MARK: Name and top-level domain

    private struct Fix {
        var provider: String
        var cost: Int
        var rank: Int
        var why: String
    }

    private static func nameOrTopLevelFix(_ typed: String) -> Fix? {
        guard let (name, topLevel) = splitName(typed), !name.contains(".") else { return nil }
        let nameScalars = Array(name.unicodeScalars)
        var topLevelCandidates: [(topLevel: String, typo: MailDomainData.TopLevelTypo?)] = [(topLevel, nil)]
        if let typo = MailDomainData.topLevelTypos[topLevel] { topLevelCandidates.append((typo.intended, typo)) }

        var best: Fix?
        for (rank, provider) in Index.shared.providers.enumerated() {
            for candidate in topLevelCandidates where candidate.topLevel == provider.topLevel {
                let nameDistance: Int
                if name == provider.name {
                    nameDistance = 0
                } else if let distance = fuzzyDistance(nameScalars, provider.nameScalars) {
                    nameDistance = distance
                } else {
                    continue
                }
                if let typo = candidate.typo, typo.onlyForProviderNames, nameDistance > 0 { continue }
                let cost = nameDistance + (candidate.typo == nil ? 0 : 1)
                guard cost > 0 else { continue }
                if let best, best.cost < cost || (best.cost == cost && best.rank <= rank) { continue }
                best = Fix(
                    provider: provider.domain, cost: cost, rank: rank,
                    why: explanation(name: nameScalars, provider: provider, nameDistance: nameDistance,
                                     typedTopLevel: candidate.typo == nil ? nil : topLevel))
            }
        }
        return best
    }

    /// How far a typed name may be from a provider's name: short names are common words and other companies' names,
    /// so they only match exactly (3 letters or fewer) or with one doubled letter (4 letters).
    private static func fuzzyDistance(_ typed: [Unicode.Scalar], _ intended: [Unicode.Scalar]) -> Int? {
        guard typed.count >= 3 else { return nil }
        switch intended.count {
        case ...3:
            return nil
        case 4:
            guard typed.count == 5 else { return nil }
            for index in 1..<typed.count where typed[index] == typed[index - 1] {
                var withoutDouble = typed
                withoutDouble.remove(at: index)
                if withoutDouble == intended { return 1 }
            }
            return nil
        case 5...7:
            return EditDistance.damerauLevenshtein(typed, intended, limit: 1)
        default:
            return EditDistance.damerauLevenshtein(typed, intended, limit: 2)
        }
    }

    private static func explanation(
        name: [Unicode.Scalar], provider: Index.Provider, nameDistance: Int, typedTopLevel: String?
    ) -> String {
        let topLevelWords = typedTopLevel.map { ".\($0) instead of .\(provider.topLevel)" }
        switch (nameDistance, topLevelWords) {
        case (0, let words?):
            return "looks like \(provider.domain) with a mistyped top-level domain (\(words))"
        case (1, let words):
            let edit = EditDistance.describeSingleEdit(typed: name, intended: provider.nameScalars)
            return "looks like a misspelling of \(provider.domain) (\(edit)" + (words.map { "; \($0))" } ?? ")")
        case (_, let words):
            return "looks like a misspelling of \(provider.domain) (\(nameDistance) letters off"
                + (words.map { "; \($0))" } ?? ")")
        }
    }

    // MARK: Helpers

    private static func cleaned(_ domain: String) -> String {
        var text = Substring(domain)
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        while let first = text.unicodeScalars.first, first.properties.isWhitespace { text = text.dropFirst() }
        while let last = text.unicodeScalars.last, last.properties.isWhitespace || last == "." { text = text.dropLast() }
        let result = String(text)
        return result.isASCII ? result.asciiLowercased : result.lowercased()
    }

    private static func repairedPunctuation(_ typed: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in typed.unicodeScalars {
            let normalized: Unicode.Scalar = (scalar == "," || scalar == ";") ? "." : scalar
            if normalized == ".", scalars.last == "." { continue }
            scalars.append(normalized)
        }
        return String(scalars)
    }

    private static func isKnown(_ domain: String) -> Bool {
        Index.shared.providerDomains.contains(domain) || MailDomainData.realLookalikes.contains(domain)
    }

    private static func isProvider(_ domain: String) -> Bool { Index.shared.providerDomains.contains(domain) }

    /// "yahoo.co.uk" → ("yahoo", "co.uk"); "gmail.com" → ("gmail", "com").
    static func splitName(_ domain: String) -> (name: String, topLevel: String)? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return nil }
        if labels.count >= 3 {
            let lastTwo = labels.suffix(2).joined(separator: ".")
            if MailDomainData.twoLabelSuffixes.contains(lastTwo) {
                return (labels.dropLast(2).joined(separator: "."), lastTwo)
            }
        }
        return (labels.dropLast().joined(separator: "."), String(labels[labels.count - 1]))
    }

    /// The provider list, split and indexed once.
    private struct Index: Sendable {
        struct Provider: Sendable {
            var domain: String
            var name: String
            var nameScalars: [Unicode.Scalar]
            var topLevel: String
        }

        static let shared = Index()

        let providers: [Provider]
        let providerDomains: Set<String>
        /// "gmailcom" → "gmail.com", "yahoo.couk" → "yahoo.co.uk".
        let byDotlessSpelling: [String: String]
        /// "gmail" → "gmail.com": the most popular provider of that name.
        let primaryByName: [String: String]

        init() {
            var providers: [Provider] = []
            var byDotless: [String: String] = [:]
            var primary: [String: String] = [:]
            for domain in MailDomainData.providers {
                guard let (name, topLevel) = DomainTypoSuggester.splitName(domain) else { continue }
                providers.append(
                    Provider(domain: domain, name: name, nameScalars: Array(name.unicodeScalars), topLevel: topLevel))
                if primary[name] == nil { primary[name] = domain }
                // All dots dropped ("gmailcom"), or only those inside a two-label suffix ("yahoo.couk"): both leave
                // no real top-level domain, so no real domain is ever taken for a typo.
                var spellings = [domain.filter { $0 != "." }]
                if topLevel.contains(".") { spellings.append(name + "." + topLevel.filter { $0 != "." }) }
                for spelling in spellings where byDotless[spelling] == nil { byDotless[spelling] = domain }
            }
            self.providers = providers
            self.providerDomains = Set(MailDomainData.providers)
            self.byDotlessSpelling = byDotless
            self.primaryByName = primary
        }
    }
}
