import Foundation
import Salesforce
import Testing
@testable import ResetDoctor

/// A big email log in a bundle: no 64 MiB cap, the same evidence from a folder (streamed from disk, two threads)
/// and from an archive (in memory, under the archive's caps).
@Suite struct EmailLogBundleTests {
    @Test func aLogOver64MiBLoadsFromAFolderAndFromAnArchive() throws {
        var files = try DemoCatalog.files(named: "in-spam").files
        let lines = String(decoding: try #require(files["email-log.csv"]), as: UTF8.self).split(separator: "\n")
        let other = String(lines[1]) + "\n"
        let repeats = (65 << 20) / other.utf8.count + 1
        let big = lines[0] + "\n" + String(repeating: other, count: repeats) + lines[1...].joined(separator: "\n") + "\n"
        files["email-log.csv"] = Data(big.utf8)
        let temp = try TemporaryDirectory()
        let directory = try temp.writeBundle(files, named: "ticket")
        let archive = temp.path + "/ticket.tar.gz"
        try runTar(["czf", archive, "-C", directory, "."])

        let fromDirectory = try BundleLoader.load(path: directory)
        let fromArchive = try BundleLoader.load(path: archive)
        let log = try #require(fromDirectory.emailLog.value)
        #expect(log.rowCount == repeats + lines.count - 1)
        #expect(log.map(\.origin) == ["email-log.csv line \(repeats + lines.count)"], "only the user's row is kept")
        #expect(fromArchive.emailLog == fromDirectory.emailLog)
    }
}
