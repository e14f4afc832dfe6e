import Foundation

// resetdoctor-bench: prints throughput figures (median of 5 runs after a warm-up); scripts/bench compares them with
// the Python peers. Never part of `swift test`.

let usage = """
    usage: resetdoctor-bench [--spf] [--addresses] [--domains --nameserver 127.0.0.1:PORT] [--json]
                             [--workloads FILE]          (default bench/workloads.json; generated when missing)
           resetdoctor-bench --write-workloads FILE      writes the deterministic workloads both sides read
           resetdoctor-bench --write-zones DIR [--workloads FILE]   zone files + zones.list for nsd
           resetdoctor-bench --write-address-lines FILE [--count N]  N generated addresses (default 100000), one a
                                                     line, for the `email check -` row of scripts/bench
           resetdoctor-bench --live-users    reads the active users of SF_INSTANCE_URL (scripts/bench-live)
    With no benchmark named: --spf and --addresses, plus --domains when --nameserver is given.
    """

struct BenchOptions {
    var spf = false, addresses = false, domains = false, json = false
    var nameserver: String?
    var workloadsPath = "bench/workloads.json"
    var writeWorkloads: String?
    var writeZones: String?
    var writeAddressLines: String?
    var count = 100_000
    var liveUsers = false
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

func parseOptions(_ arguments: [String]) throws -> BenchOptions {
    var options = BenchOptions()
    var rest = arguments[...]
    func value(for flag: String) throws -> String {
        guard let next = rest.popFirst(), !next.hasPrefix("--") else { throw UsageError(description: "\(flag) needs a value") }
        return next
    }
    while let argument = rest.popFirst() {
        switch argument {
        case "--spf": options.spf = true
        case "--addresses": options.addresses = true
        case "--domains": options.domains = true
        case "--json": options.json = true
        case "--nameserver": options.nameserver = try value(for: argument)
        case "--workloads": options.workloadsPath = try value(for: argument)
        case "--write-workloads": options.writeWorkloads = try value(for: argument)
        case "--write-zones": options.writeZones = try value(for: argument)
        case "--write-address-lines": options.writeAddressLines = try value(for: argument)
        case "--count":
            guard let count = Int(try value(for: argument)), count > 0 else { throw UsageError(description: "--count needs a positive number") }
            options.count = count
        case "--live-users": options.liveUsers = true
        case "-h", "--help": print(usage); exit(0)
        default: throw UsageError(description: "unknown argument '\(argument)'")
        }
    }
    if !options.spf && !options.addresses && !options.domains {
        options.spf = true
        options.addresses = true
        options.domains = options.nameserver != nil
    }
    if options.domains && options.nameserver == nil {
        throw UsageError(description: "--domains needs --nameserver 127.0.0.1:PORT (scripts/bench starts nsd and passes it)")
    }
    return options
}

func loadWorkloads(_ path: String) throws -> Workloads {
    guard FileManager.default.fileExists(atPath: path) else {
        FileHandle.standardError.write(Data("note: \(path) not found; using freshly generated workloads\n".utf8))
        return Workloads.generate()
    }
    let workloads = try Workloads.load(from: path)
    if workloads != Workloads.generate() {
        FileHandle.standardError.write(Data(
            "note: \(path) differs from what this build generates; run --write-workloads \(path) to refresh it\n".utf8))
    }
    return workloads
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("resetdoctor-bench: \(message)\n".utf8))
    exit(code)
}

let options: BenchOptions
do { options = try parseOptions(Array(CommandLine.arguments.dropFirst())) } catch {
    fail("\(error)\n\(usage)", code: 64)
}

if options.liveUsers {
    print(await LiveUsersBench.run())
    exit(0)
}

if let path = options.writeWorkloads {
    do { try Workloads.generate().write(to: path) } catch { fail("cannot write \(path): \(error)", code: 73) }
    print("wrote \(path)")
    exit(0)
}

if let path = options.writeAddressLines {
    let text = AddressCorpus.generate(count: options.count).map { $0.address + "\n" }.joined()
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { fail("cannot write \(path): \(error)", code: 73) }
    print("wrote \(options.count) addresses to \(path)")
    exit(0)
}

let workloads: Workloads
do { workloads = try loadWorkloads(options.workloadsPath) } catch { fail("\(error)", code: 65) }

if let directory = options.writeZones {
    do { try ZoneFiles.write(workloads.domains, to: directory) } catch { fail("cannot write zones to \(directory): \(error)", code: 73) }
    print("wrote \(workloads.domains.zones.count) zones to \(directory)")
    exit(0)
}

var report = BenchReport()
if options.spf { report.spf = await SPFBench.run(workloads.spf) }
if options.addresses { report.addresses = await AddressBench.run(workloads.addresses) }
if options.domains, let nameserver = options.nameserver {
    do { report.domains = try await DomainBench.run(workloads.domains, nameserver: nameserver) } catch {
        fail("cannot use nameserver \(nameserver): \(error)", code: 69)
    }
}
print(options.json ? report.json() : report.text())
