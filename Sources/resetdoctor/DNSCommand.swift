import ArgumentParser
import Foundation
import MailDNS
import ResetDoctor

/// `resetdoctor dns`: mail DNS of domains (MX, SPF, DMARC, DKIM) and RFC 7208 SPF evaluation.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Check the mail DNS of domains, or evaluate SPF for a sending IP.",
        subcommands: [DNSCheck.self, DNSSPFCheck.self]
    )
}

struct DNSCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check MX, SPF, DMARC and DKIM of one or more domains.",
        discussion: """
        Domains are checked at once; internationalized domains may be typed in Unicode. Problems are marked ! (finding), ? (no answer) or i (information).

        Findings: NXDOMAIN, a null MX, no MX and no address, mail exchangers without addresses, no SPF record, an SPF permerror or more than 10 SPF lookups (the include that crosses the limit is named), no DMARC record, a missing or invalid DKIM key. A link-scanning mail gateway is information only.

        Exit codes: 0 all fine; 1 findings; 2 some lookup got no answer (timeout, SERVFAIL) and nothing else failed; 64 usage (e.g. a bad --nameserver or domain); 69 the nameserver could not be reached at all.
        """
    )

    @Argument(help: ArgumentHelp("The domains to check.", valueName: "DOMAIN"))
    var domains: [String]

    @Flag(help: "Print one JSON document (schema resetdoctor.dns-check/1) instead of text.")
    var json = false

    @Option(name: .customLong("dkim-selector"), help: ArgumentHelp("A DKIM selector to look up in every domain (repeatable).", valueName: "SELECTOR"))
    var dkimSelectors: [String] = []

    @OptionGroup var nameserver: NameserverOption

    func validate() throws {
        guard !domains.isEmpty else { throw ValidationError("Give at least one DOMAIN.") }
        for domain in domains { _ = try DNSArguments.domain(domain) }
        for selector in dkimSelectors where selector.isEmpty || selector.contains(where: { $0 == " " || $0 == "@" }) {
            throw ValidationError("--dkim-selector '\(selector)' is not a selector; give the label before ._domainkey, e.g. s1.")
        }
    }

    func run() async throws {
        let names = try domains.map(DNSArguments.domain)
        let resolver = try nameserver.liveResolver()
        defer { resolver.shutDown() }  // no worker thread left inside libldns when the process exits
        let tally = LookupTally(resolver)
        let reports = await DomainDNSChecker(resolver: tally, dkimSelectors: dkimSelectors).check(names)
        if json {
            print(DomainDNSCheckDocument.render(reports, resolverProblem: tally.trustProblem), terminator: "")
        } else {
            print(reports.map(\.text).joined(separator: "\n\n"))
        }
        DNSArguments.warnIfUntrusted(tally)
        let outcome = DNSCommandOutcome.combining(
            findings: reports.contains { $0.status == .findings },
            unknowns: reports.contains { $0.status == .incomplete }, tally: tally)
        if outcome == .unreachable { throw DNSArguments.unreachable(nameserver) }
        throw ExitCode(outcome.exitCode)
    }
}

struct DNSSPFCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spf",
        abstract: "Evaluate SPF (RFC 7208 check_host) for mail from an IP address.",
        discussion: """
        Line 1 of the output is the result: pass, fail, softfail, neutral, none, permerror or temperror. Line 2 explains it; --verbose adds the lookup counts and the evaluation trace.

        An empty sender (--sender "") is the null reverse-path of a bounce: postmaster@HELO is checked, so --helo is required.

        A malformed or single-label domain (e.g. --sender user@localhost) gives none, as RFC 7208 §4.3 says.

        Exit codes: 0 pass, neutral or none (the domain makes no claim against the IP); 1 fail, softfail or permerror; 2 temperror; 64 usage (a bad IP, an empty sender without --helo); 69 the nameserver could not be reached at all.
        """
    )

    @Option(help: ArgumentHelp("The IP address the mail comes from (IPv4 or IPv6).", valueName: "IP"))
    var ip: String

    @Option(help: ArgumentHelp("The envelope sender (MAIL FROM); \"\" for a bounce.", valueName: "ADDR"))
    var sender: String

    @Option(help: ArgumentHelp("The HELO/EHLO name the client gave.", valueName: "NAME"))
    var helo: String?

    @Flag(name: .shortAndLong, help: "Print the evaluation trace after the explanation.")
    var verbose = false

    @OptionGroup var nameserver: NameserverOption

    func validate() throws {
        guard IPAddress(ip.trimmingCharacters(in: .whitespaces)) != nil else {
            throw ValidationError("--ip '\(ip)' is not an IPv4 or IPv6 address.")
        }
        if sender.isEmpty && (helo ?? "").isEmpty {
            throw ValidationError("An empty --sender means postmaster@HELO: give --helo NAME too.")
        }
    }

    func run() async throws {
        let resolver = try nameserver.liveResolver()
        defer { resolver.shutDown() }
        let tally = LookupTally(resolver)
        let evaluation: SPFEvaluation
        switch DNSArguments.spfDomain(sender: sender, helo: helo) {
        case .success(let domain):
            evaluation = await SPFEvaluator(resolver: tally).checkHost(
                ip: ip, domain: domain.ascii, sender: sender, helo: helo ?? domain.ascii)
        case .failure(let malformed):
            evaluation = SPFEvaluator.noneForMalformedDomain(malformed.text)
        }
        print(SPFCheckOutput.lines(evaluation, verbose: verbose).joined(separator: "\n"))
        DNSArguments.warnIfUntrusted(tally)
        let outcome = SPFCheckOutput.outcome(evaluation, tally: tally)
        if outcome == .unreachable { throw DNSArguments.unreachable(nameserver) }
        throw ExitCode(outcome.exitCode)
    }
}

/// Argument parsing shared by the dns and email commands.
enum DNSArguments {
    static func domain(_ text: String) throws -> MailDomainName {
        do { return try MailDomainName(parsing: text) }
        catch { throw ValidationError("\(error).") }
    }

    struct MalformedDomain: Error { var text: String }

    /// The domain whose SPF record applies: the sender's, or HELO's for an empty sender, as a domain name; or the
    /// text when it is not one, for which check_host() gives none (malformed or a single label, RFC 7208 §4.3):
    /// a result, not a usage error.
    static func spfDomain(sender: String, helo: String?) -> Result<MailDomainName, MalformedDomain> {
        var text = sender.isEmpty ? (helo ?? "") : sender
        if !sender.isEmpty, let at = sender.lastIndex(of: "@") { text = String(sender[sender.index(after: at)...]) }
        do { return .success(try MailDomainName(parsing: text)) }
        catch { return .failure(MalformedDomain(text: text)) }
    }

    /// Says once, on stderr, why no answer of the resolver was believed (every affected line says unknown).
    static func warnIfUntrusted(_ resolver: any DNSResolver) {
        guard let problem = resolver.trustProblem else { return }
        FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
    }

    static func unreachable(_ option: NameserverOption) -> ExitCode {
        CLIErrors.fail("""
            no DNS answer at all from \(option.nameserver ?? "the system resolver"): every lookup timed out or failed. \
            Check the address and that the server is running, or pass --nameserver HOST[:PORT].
            """, code: DNSCommandOutcome.unreachable.exitCode)
    }
}
