import Foundation
import Testing
@testable import ResetDoctor

/// Sources/ResetDoctor/Generated/EmbeddedFiles.swift must match rules/ and demos/ (the swift-format
/// GeneratedFilesValidityTests pattern).
struct EmbeddedFilesTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func generatedFileIsUpToDate() throws {
        let script = Self.repositoryRoot.appendingPathComponent("scripts/embed-resources.py").path
        try #require(FileManager.default.fileExists(atPath: script), "scripts/embed-resources.py not found at \(script)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--check"]
        process.currentDirectoryURL = Self.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0,
                "Sources/ResetDoctor/Generated/EmbeddedFiles.swift is out of date: run python3 scripts/embed-resources.py")
    }

    @Test func everyRuleFileIsEmbedded() throws {
        let rulesDirectory = Self.repositoryRoot.appendingPathComponent("rules").path
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory)
            .filter { $0.hasSuffix(".yaml") }.map { "rules/" + $0 }.sorted()
        let embedded = EmbeddedFiles.files.keys.filter { $0.hasPrefix("rules/") }.sorted()
        #expect(onDisk == embedded, "run python3 scripts/embed-resources.py")
    }
}
