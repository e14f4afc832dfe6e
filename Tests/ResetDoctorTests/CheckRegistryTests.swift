import Foundation
import Testing
@testable import ResetDoctor

/// Proves the registry complete: every type in Sources/ResetDoctor/Checks that conforms to `Check` is registered.
struct CheckRegistryTests {
    static var checksFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ResetDoctor/Checks")
    }

    static func declaredCheckTypes() throws -> Set<String> {
        var names = Set<String>()
        let pattern = try NSRegularExpression(pattern: #"struct\s+(\w+)\s*:\s*(?:[\w, ]*\b)?Check\b"#)
        let enumerator = FileManager.default.enumerator(at: checksFolder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { names.insert(String(text[range])) }
            }
        }
        return names
    }

    @Test func registryNamesEveryCheck() throws {
        let registered = Set(CheckRegistry.all.map { String(describing: type(of: $0)) })
        let declared = try Self.declaredCheckTypes()
        #expect(declared.subtracting(registered).isEmpty, "checks not in CheckRegistry.all: \(declared.subtracting(registered).sorted())")
        #expect(registered.subtracting(declared).isEmpty, "registered but not found in Checks/: \(registered.subtracting(declared).sorted())")
    }

    @Test func idsAreUniqueAndCodesAreCovered() {
        let ids = CheckRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate check ids")
    }

    @Test func generalCheckSpamIsLast() {
        #expect(CheckRegistry.all.last?.codes == [.generalCheckSpam])
    }
}
