#!/usr/bin/env python3
"""Runs the Python peers of resetdoctor-bench on the same workloads (bench/workloads.json) and prints the comparison.

  bench_peers.py run --workloads FILE [--nameserver 127.0.0.1:PORT] [--only spf,addresses,domains] --out FILE
  bench_peers.py table --workloads FILE --swift SWIFT.json --peers PEERS.json [--swift … --peers … per round]
  bench_peers.py bulk --resetdoctor BIN --addresses FILE [--domains 2000 --delay-ms 20] [--rounds N]

Peers: pyspf (SPF, its DNSLookup hook replaced by an in-memory table), email-validator (syntax only), checkdmarc
(MX + SPF + DMARC through dnspython against nsd on loopback). Each side times 5 runs after a warm-up, as on the
Swift side; the table compares the fastest runs (see table()). Only loopback is ever contacted: a socket guard
refuses any other address.

`bulk` times the resetdoctor command as a user runs it, the whole process: `dns check` of N generated domains against
scripts/slow_dns.py (every answer delayed), and `email check --no-dns --json -` on an address file against
email-validator's own in-process loop over the same addresses (the loop alone timed; '-' when not installed).
"""
import argparse
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import time

RUNS = 5
TARGET_RUN_SECONDS = 0.5
TARGET_RATIO = 20.0


# --- Nothing leaves the machine --------------------------------------------------------------------------------------

class NonLoopbackRefused(OSError):
    pass


def _guard(address):
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise NonLoopbackRefused(f"bench_peers refuses to contact {host}: only loopback is allowed")
        except ValueError:
            raise NonLoopbackRefused(f"bench_peers refuses to contact {host!r}: only loopback IP addresses are allowed")


def install_socket_guard():
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    original_sendto = socket.socket.sendto

    def connect(self, address):
        _guard(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        _guard(address)
        return original_connect_ex(self, address)

    def sendto(self, data, *args):
        _guard(args[-1])
        return original_sendto(self, data, *args)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto


# --- Timing, as on the Swift side --------------------------------------------------------------------------------------

def measure(name, operations_per_pass, one_pass):
    warm_up = float("inf")
    for _ in range(3):  # the fastest of three warm-up passes sizes the runs, as on the Swift side
        start = time.perf_counter()
        one_pass()
        warm_up = min(warm_up, time.perf_counter() - start)
    passes = max(1, int(-(-TARGET_RUN_SECONDS // max(warm_up, 1e-6))))
    run_seconds, cpu_seconds = [], []
    for _ in range(RUNS):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(passes):
            one_pass()
        run_seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    median, cpu_median = statistics.median(run_seconds), statistics.median(cpu_seconds)
    operations = passes * operations_per_pass
    return {"name": name, "operations": operations, "seconds": median, "opsPerSecond": operations / median,
            "runSeconds": run_seconds, "cpuSeconds": cpu_median, "opsPerCPUSecond": operations / max(cpu_median, 1e-9),
            "passesPerRun": passes}


# --- SPF: pyspf over an in-memory table --------------------------------------------------------------------------------

def spf_peer(workload):
    import spf  # pyspf

    table = {}
    for name, records in workload["dns"].items():
        key = name.lower().rstrip(".")
        for txt in records.get("TXT") or []:
            table.setdefault((key, "TXT"), []).append([part.encode() for part in txt])
        for address in records.get("A") or []:
            table.setdefault((key, "A"), []).append(address)
        for address in records.get("AAAA") or []:
            table.setdefault((key, "AAAA"), []).append(address)
        for mx in records.get("MX") or []:
            table.setdefault((key, "MX"), []).append((mx["preference"], mx["exchange"]))

    calls = [0]

    def in_memory_lookup(name, qtype, strict=True, timeout=None):
        # pyspf's hook: a list of ((name, type), value), as its dnspython driver returns.
        calls[0] += 1
        return [((name, qtype), value) for value in table.get((name.lower().rstrip("."), qtype), [])]

    spf.DNSLookup = in_memory_lookup
    cases = workload["cases"]

    def evaluate(case):
        return spf.query(i=case["ip"], s=case["sender"], h=case["helo"]).check()

    results = []
    for case in cases:
        result, _code, explanation = evaluate(case)
        results.append({"result": result, "explanation": explanation})
    resolver_calls = calls[0] / max(len(cases), 1)

    def one_pass():
        for case in cases:
            evaluate(case)

    figures = measure("spf", len(cases), one_pass)
    return {"figures": figures, "results": [r["result"] for r in results],
            "explanations": [r["explanation"] for r in results], "meanResolverCalls": resolver_calls,
            "peer": f"pyspf {getattr(spf, '__version__', '?')} (spf.query(i, s, h).check(), spf.DNSLookup replaced)"}


# --- Addresses: email-validator, syntax only ---------------------------------------------------------------------------

def address_peer(samples):
    import email_validator
    from email_validator import EmailNotValidError, validate_email

    addresses = [sample["address"] for sample in samples]

    def verdict(address):
        try:
            validate_email(address, check_deliverability=False)
            return True, None
        except EmailNotValidError as error:
            return False, str(error)
        except Exception as error:  # a crash on odd input counts as "not accepted", with the reason kept
            return False, f"{type(error).__name__}: {error}"

    verdicts = [verdict(address) for address in addresses]

    def one_pass():
        for address in addresses:
            verdict(address)

    figures = measure("addresses", len(addresses), one_pass)
    return {"figures": figures, "verdicts": "".join("1" if ok else "0" for ok, _ in verdicts),
            "reasons": [reason for _, reason in verdicts],
            "peer": f"email-validator {email_validator.__version__} (validate_email(addr, check_deliverability=False))"}


# --- Domains: checkdmarc against nsd on loopback -----------------------------------------------------------------------

def domain_peer(workload, nameserver):
    import checkdmarc
    import checkdmarc.dnssec
    import checkdmarc.smtp
    import checkdmarc.utils
    import dns.nameserver
    from importlib.metadata import version

    host, _, port = nameserver.rpartition(":")
    # checkdmarc passes dnspython Nameserver objects through untouched (utils._nameservers_to_resolver_input), and a
    # Do53Nameserver carries its port: no monkeypatching needed for a non-53 port.
    servers = [dns.nameserver.Do53Nameserver(host, int(port))]
    domains = workload["checked"]
    caches = [checkdmarc.utils.DNS_CACHE, checkdmarc.dnssec.DNSSEC_CACHE, checkdmarc.dnssec.DNSKEY_CACHE,
              checkdmarc.dnssec.TLSA_CACHE]

    def clear_caches():
        for cache in caches:
            cache.clear()

    def check(domain):
        # The same three parts the Swift side checks, one domain after another (checkdmarc is sequential).
        clear_caches()
        mx = checkdmarc.check_mx(domain, nameservers=servers, timeout=2.0)
        spf = checkdmarc.check_spf(domain, nameservers=servers, timeout=2.0)
        dmarc = checkdmarc.check_dmarc(domain, nameservers=servers, timeout=2.0)
        return mx, spf, dmarc

    summaries = [check(domain) for domain in domains]
    with_mx = sum(1 for mx, _, _ in summaries if mx.get("hosts"))
    with_spf = sum(1 for _, spf, _ in summaries if spf.get("valid"))
    with_dmarc = sum(1 for _, _, dmarc in summaries if dmarc.get("valid"))
    problems = []
    for domain, (mx, spf, dmarc) in zip(domains, summaries):
        for part, result in (("mx", mx), ("spf", spf), ("dmarc", dmarc)):
            if result.get("error"):
                problems.append(f"{domain} {part}: {result['error']}")

    def one_pass():
        for domain in domains:
            check(domain)

    figures = measure("domains", len(domains), one_pass)

    def full_pass():
        clear_caches()
        checkdmarc.check_domains(domains, nameservers=servers, timeout=2.0)

    full = measure("domains-full", len(domains), full_pass)
    return {"figures": figures, "fullSuite": full, "domainsWithMailExchanges": with_mx, "domainsWithSPFRecord": with_spf,
            "domainsWithDMARCPolicy": with_dmarc, "problems": problems[:20],
            "peer": f"checkdmarc {version('checkdmarc')} + dnspython {version('dnspython')} "
                    "(check_mx + check_spf + check_dmarc per domain, caches cleared per domain)"}


def run(args):
    install_socket_guard()
    with open(args.workloads, encoding="utf-8") as file:
        workloads = json.load(file)
    only = set(args.only.split(",")) if args.only else {"spf", "addresses", "domains"}
    output = {"schema": "resetdoctor.bench-peers/1", "errors": {}}
    steps = [("spf", lambda: spf_peer(workloads["spf"])),
             ("addresses", lambda: address_peer(workloads["addresses"]))]
    if args.nameserver:
        steps.append(("domains", lambda: domain_peer(workloads["domains"], args.nameserver)))
    for name, step in steps:
        if name not in only:
            continue
        try:
            output[name] = step()
        except ImportError as error:
            output["errors"][name] = f"peer not installed: {error}"
        except Exception as error:  # report, and still give the other figures
            output["errors"][name] = f"{type(error).__name__}: {error}"
        print(f"bench_peers: {name} done", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(output, file, indent=1, sort_keys=True)


# --- The comparison table ----------------------------------------------------------------------------------------------

def table(args):
    """One row per benchmark, over every round (--swift and --peers once per round, in the same order).

    The ratio compares each side's fastest run (ops/s of its shortest timed run, over all rounds): as timeit's
    documentation argues, slower runs are other work interfering, not the code being slower, and on a shared
    virtual machine whole minutes can run a third slow. The median column is the median of the per-round ratios
    of median runs, shown so the spread is visible; "met" uses the fastest-run ratio."""
    with open(args.workloads, encoding="utf-8") as file:
        workloads = json.load(file)
    swift_rounds = [load_json(path) for path in args.swift]
    peer_rounds = [load_json(path) for path in (args.peers or [])]
    swift, peers = swift_rounds[0], (peer_rounds[0] if peer_rounds else {})

    rows = [("spf", "SPF evaluations (in-memory DNS)"), ("addresses", "addresses validated (syntax)"),
            ("domains", "domains checked (nsd, MX+SPF+DMARC)")]
    print(f"{'benchmark':<38}{'Swift ops/s':>13}{'Python ops/s':>14}{'ratio':>9}{'median':>9}{'target':>8}  met"
          f"{'CPU ratio':>11}")
    per_round = []
    for key, label in rows:
        s_figures = [f for f in (figures(r, key) for r in swift_rounds) if f]
        p_figures = [f for f in (figures(r, key) for r in peer_rounds) if f]
        if not s_figures and not p_figures:
            continue
        s_best, p_best = best_ops(s_figures), best_ops(p_figures)
        s_ops = f"{s_best:.0f}" if s_figures else "-"
        p_ops = f"{p_best:.0f}" if p_figures else "-"
        pairs = [(s, p) for s, p in zip((figures(r, key) for r in swift_rounds), (figures(r, key) for r in peer_rounds))
                 if s and p]
        ratio_text, median_text, met, cpu_text = "-", "-", "-", "-"
        if pairs:
            ratio = s_best / p_best
            ratios = [s["opsPerSecond"] / p["opsPerSecond"] for s, p in pairs]
            ratio_text, met = f"{ratio:.1f}x", "yes" if ratio >= TARGET_RATIO else "no"
            median_text = f"{median(ratios):.1f}x"
            cpu_text = f"{median(s['opsPerCPUSecond'] / p['opsPerCPUSecond'] for s, p in pairs):.1f}x"
            if len(pairs) > 1:
                per_round.append(f"  {key:<10}median-run ratio per round: " + ", ".join(f"{r:.1f}x" for r in ratios))
        print(f"{label:<38}{s_ops:>13}{p_ops:>14}{ratio_text:>9}{median_text:>9}{TARGET_RATIO:>7.0f}x  {met:<3}"
              f"{cpu_text:>11}")
    full = (peers.get("domains") or {}).get("fullSuite")
    if full:
        print(f"{'  checkdmarc check_domains, full suite':<38}{'-':>13}{full['opsPerSecond']:>14.0f}"
              f"{'':>9}{'':>8}  (also DNSSEC, SOA, NS, MTA-STS, TLS-RPT, BIMI: not like for like)")
    for line in per_round:
        print(line)
    for key in ("spf", "addresses", "domains"):
        for side, rounds in (("Swift", swift_rounds), ("Python", peer_rounds)):
            for number, data in enumerate(rounds, start=1):
                f = figures(data, key)
                if f:
                    runs = ", ".join(f"{x:.3f}" for x in f["runSeconds"])
                    tag = f"#{number}" if len(rounds) > 1 else ""
                    print(f"  {key:<10}{side:<7}{tag:<3} {f['operations']} ops/run, median {f['seconds']:.3f} s, "
                          f"{f['opsPerCPUSecond']:.0f} ops/CPU-s (runs: {runs})")
    for name, error in (peers.get("errors") or {}).items():
        print(f"peer {name} could not run: {error}")

    print()
    spf_agreement(workloads, swift.get("spf"), peers.get("spf"))
    address_agreement(workloads, swift.get("addresses"), peers.get("addresses"))
    domain_agreement(swift.get("domains"), peers.get("domains"))
    for key in ("spf", "addresses", "domains"):
        if (peers.get(key) or {}).get("peer"):
            print(f"peer {key}: {peers[key]['peer']}")


def load_json(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def best_ops(all_figures):
    """ops/s of the shortest timed run among all rounds."""
    return max((f["operations"] / min(f["runSeconds"]) for f in all_figures), default=0.0)


def figures(data, key):
    return (data.get(key) or {}).get("figures")


def median(values):
    return statistics.median(list(values))


def spf_agreement(workloads, swift, peer):
    if not swift or not peer:
        return
    cases = workloads["spf"]["cases"]
    disagreements = [(case, s, p) for case, s, p in zip(cases, swift["results"], peer["results"]) if s != p]
    agree = len(cases) - len(disagreements)
    print(f"SPF agreement: {agree}/{len(cases)} cases give the same result in ResetDoctor and pyspf; "
          f"{swift['meanResolverCalls']:.1f} lookups per evaluation (Swift), {peer['meanResolverCalls']:.1f} (pyspf)")
    for case, s, p in disagreements:
        print(f"  {case['ip']} {case['sender'] or '<>'}: Swift {s}, pyspf {p}, expected {case['expected']}")
    for side, results in (("Swift", swift["results"]), ("pyspf", peer["results"])):
        off = [(c, r) for c, r in zip(cases, results) if r != c["expected"]]
        for case, result in off:
            print(f"  {side} differs from the expected {case['expected']} for {case['ip']} {case['sender'] or '<>'}: {result}")


def address_agreement(workloads, swift, peer):
    if not swift or not peer:
        return
    samples = workloads["addresses"]
    by_kind = {}
    examples = {}
    agree = 0
    for index, sample in enumerate(samples):
        s, p = swift["verdicts"][index] == "1", peer["verdicts"][index] == "1"
        kind = by_kind.setdefault(sample["kind"], [0, 0])
        kind[1] += 1
        if s == p:
            agree += 1
            kind[0] += 1
        else:
            examples.setdefault(sample["kind"], []).append((sample["address"], s, peer["reasons"][index]))
    total = len(samples)
    print(f"Address agreement: {agree}/{total} ({100 * agree / total:.1f}%); "
          f"accepted: Swift {swift['verdicts'].count('1')}, email-validator {peer['verdicts'].count('1')}")
    for kind, (same, count) in sorted(by_kind.items()):
        if same != count:
            print(f"  {kind}: {same}/{count} agree")
            seen = set()
            for address, s, reason in examples[kind]:
                if address in seen or len(seen) >= 3:
                    continue
                seen.add(address)
                verdict = "Swift accepts, email-validator rejects" if s else "Swift rejects, email-validator accepts"
                print(f"    {address!r}: {verdict}" + (f" ({reason})" if reason else ""))


def domain_agreement(swift, peer):
    if swift:
        print(f"Domains (Swift): one MX query {swift['singleQueryMilliseconds']:.3f} ms, one domain check "
              f"{swift['singleDomainCheckMilliseconds']:.3f} ms = {swift['roundTripsPerCheck']:.1f} round trips for "
              f"{swift['queriesPerCheck']:.1f} queries; the same check with lookups forced one at a time "
              f"{swift['serializedDomainCheckMilliseconds']:.3f} ms")
        if "injectedLatencyMilliseconds" in swift:
            print(f"Domains (Swift): with {swift['injectedLatencyMilliseconds']:.0f} ms added to every lookup, one check "
                  f"{swift['checkWithLatencyMilliseconds']:.1f} ms = {swift['roundTripsWithLatency']:.1f} dependent round "
                  f"trips; one lookup at a time {swift['serializedCheckWithLatencyMilliseconds']:.1f} ms")
    for side, data in (("Swift", swift), ("checkdmarc", peer)):
        if data:
            print(f"Domains ({side}): {data['domainsWithMailExchanges']} with MX hosts, {data['domainsWithSPFRecord']} "
                  f"with SPF, {data['domainsWithDMARCPolicy']} with DMARC; problems: {len(data['problems'])}")
            for problem in data["problems"][:5]:
                print(f"  {problem}")


# --- Bulk commands, the whole process ----------------------------------------------------------------------------------

DNS_CHECK_TARGET_SECONDS = 2.0
EMAIL_PROCESS_TARGET_RATIO = 20.0


def best_process_seconds(command, rounds, stdin_path=None, runs=None):
    """The fastest of `rounds` runs of `command` (stdout discarded), and the exit status of the last; every run's
    seconds are appended to `runs` when given, so the spread can be shown."""
    best, status = float("inf"), None
    for _ in range(rounds):
        with open(stdin_path or os.devnull, "rb") as stdin:
            start = time.perf_counter()
            status = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
            seconds = time.perf_counter() - start
            best = min(best, seconds)
            if runs is not None:
                runs.append(seconds)
    return best, status


def spread(runs):
    """'fastest / median / slowest' of a list of seconds."""
    return f"{min(runs):.3f} / {statistics.median(runs):.3f} / {max(runs):.3f} s" if runs else "-"


def email_validator_loop_seconds(path, rounds, runs=None):
    try:
        import email_validator
        from email_validator import EmailNotValidError, validate_email
    except ImportError:
        return None, None
    with open(path, encoding="utf-8", errors="surrogateescape") as file:
        addresses = [line.rstrip("\n") for line in file]
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for address in addresses:
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError:
                pass
            except Exception:  # a crash on odd input counts as "not accepted", as in address_peer
                pass
        seconds = time.perf_counter() - start
        best = min(best, seconds)
        if runs is not None:
            runs.append(seconds)
    return best, f"email-validator {email_validator.__version__}"


def start_slow_dns(delay_ms, stats_path):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "slow_dns.py")
    server = subprocess.Popen([sys.executable, script, "--port", "0", "--delay-ms", str(delay_ms), "--stats", stats_path,
                               "--max-seconds", "600"], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith("listening on 127.0.0.1:"):
        server.kill()
        raise SystemExit(f"bench_peers: slow_dns.py did not start: {line!r}")
    return server, line.strip().rpartition(" ")[2]


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def bulk(args):
    rows = []
    if args.domains:
        stats = args.addresses + ".dns-stats"
        server, nameserver = start_slow_dns(args.delay_ms, stats)
        try:
            domains = [f"d{index}.bench.test" for index in range(1, args.domains + 1)]
            seconds, status = best_process_seconds(
                [args.resetdoctor, "dns", "check", "--nameserver", nameserver] + domains, args.rounds)
        finally:
            stop(server)
        with open(stats, encoding="ascii") as file:
            counted = dict(line.split() for line in file if line.strip())
        os.remove(stats)
        queries = int(counted["queries"]) / args.rounds
        floor = queries * args.delay_ms / 1000 / 256
        rows.append(f"dns check, {args.domains} domains at {args.delay_ms:g} ms an answer: {seconds:.2f} s "
                    f"(target < {DNS_CHECK_TARGET_SECONDS:g} s: {'met' if seconds < DNS_CHECK_TARGET_SECONDS else 'NOT met'}; "
                    f"exit {status}); {queries:.0f} queries, at most {int(counted['max-in-flight'])} held at once; "
                    f"{floor:.2f} s is queries x delay / 256 in flight")
    process_runs, peer_runs = [], []
    seconds, status = best_process_seconds(
        [args.resetdoctor, "email", "check", "--no-dns", "--json", "-"], args.rounds, stdin_path=args.addresses,
        runs=process_runs)
    with open(args.addresses, "rb") as file:
        count = sum(1 for _ in file)
    peer_seconds, peer = email_validator_loop_seconds(args.addresses, args.rounds, runs=peer_runs)
    ratio = f"{peer_seconds / seconds:.1f}x" if peer_seconds else "-"
    met = ("met" if peer_seconds / seconds >= EMAIL_PROCESS_TARGET_RATIO else "NOT met") if peer_seconds else "-"
    median_ratio = (f"; median-run ratio {statistics.median(peer_runs) / statistics.median(process_runs):.1f}x"
                    if peer_runs else "")
    rows.append(f"email check --no-dns --json -, {count} addresses: the process {seconds:.3f} s (exit {status}); "
                f"{peer or 'email-validator (not installed)'} in-process loop "
                f"{f'{peer_seconds:.3f} s' if peer_seconds else '-'}; ratio {ratio} (target {EMAIL_PROCESS_TARGET_RATIO:g}x: {met})"
                f"{median_ratio}")
    rows.append(f"  runs (fastest / median / slowest): the process {spread(process_runs)}; "
                f"email-validator {spread(peer_runs)}")
    print(f"Bulk commands, the whole process, fastest of {args.rounds} runs:")
    for row in rows:
        print("  " + row)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--workloads", required=True)
    run_parser.add_argument("--nameserver")
    run_parser.add_argument("--only")
    run_parser.add_argument("--out", required=True)
    table_parser = commands.add_parser("table")
    table_parser.add_argument("--workloads", required=True)
    table_parser.add_argument("--swift", required=True, action="append", help="once per round")
    table_parser.add_argument("--peers", action="append", help="once per round, in the order of --swift")
    bulk_parser = commands.add_parser("bulk")
    bulk_parser.add_argument("--resetdoctor", required=True, help="the built resetdoctor binary")
    bulk_parser.add_argument("--addresses", required=True, help="one address a line")
    bulk_parser.add_argument("--domains", type=int, default=2000, help="domains for dns check (0: skip that row)")
    bulk_parser.add_argument("--delay-ms", type=float, default=20)
    bulk_parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    {"run": run, "table": table, "bulk": bulk}[args.command](args)


if __name__ == "__main__":
    main()
