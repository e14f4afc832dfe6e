import Foundation

/// Writes the domain workload as RFC 1035 zone files plus `zones.list` (one origin per line) for scripts/bench,
/// which turns the list into nsd.conf `zone:` entries.
enum ZoneFiles {
    static func write(_ workload: DomainWorkload, to directory: String) throws {
        let dir = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let origins = workload.zones.keys.sorted()
        for origin in origins {
            let text = zoneText(origin: origin, records: workload.zones[origin] ?? [:])
            try text.write(to: dir.appendingPathComponent("\(origin).zone"), atomically: true, encoding: .utf8)
        }
        try (origins.joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("zones.list"), atomically: true, encoding: .utf8)
    }

    static func zoneText(origin: String, records: [String: RecordSet]) -> String {
        var lines = [
            "$TTL 300",
            "\(origin). IN SOA ns.test. hostmaster.\(origin). 1 3600 600 86400 300",
            "\(origin). IN NS ns.test.",
        ]
        if origin == "test" { lines.append("ns.test. IN A 127.0.0.1") }
        for owner in records.keys.sorted() {
            guard let set = records[owner] else { continue }
            for txt in set.TXT ?? [] {
                lines.append("\(owner). IN TXT " + txt.map(quoted).joined(separator: " "))
            }
            for address in set.A ?? [] { lines.append("\(owner). IN A \(address)") }
            for address in set.AAAA ?? [] { lines.append("\(owner). IN AAAA \(address)") }
            for mx in set.MX ?? [] { lines.append("\(owner). IN MX \(mx.preference) \(mx.exchange).") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
