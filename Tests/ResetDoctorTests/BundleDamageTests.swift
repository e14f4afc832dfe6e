#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import ResetDoctor

/// Damaged archives and folders that hold more than plain files: refused with the place and what to do, never
/// believed, never a hang.
@Suite struct BundleDamageTests {
    // MARK: Archives

    /// A real archive of the in-spam demo made with /bin/tar, as bytes.
    static func demoArchive(_ temp: TemporaryDirectory) throws -> Data {
        let directory = try temp.writeBundle(DemoCatalog.files(named: "in-spam").files, named: "ticket")
        let archive = temp.path + "/whole.tar.gz"
        try runTar(["czf", archive, "-C", directory, "."])
        return try Data(contentsOf: URL(fileURLWithPath: archive))
    }

    @Test(arguments: ["crc", "length", "truncated-trailer", "truncated-stream", "trailing-garbage", "flipped-data"])
    func damagedGzipIsRefused(kind: String) throws {
        let temp = try TemporaryDirectory()
        var bytes = [UInt8](try Self.demoArchive(temp))
        switch kind {
        case "crc": bytes[bytes.count - 8] ^= 0xFF  // the first byte of the CRC-32 trailer
        case "length": bytes[bytes.count - 1] ^= 0x01  // ISIZE, the uncompressed length
        case "truncated-trailer": bytes.removeLast(4)
        case "truncated-stream": bytes.removeLast(bytes.count / 3)
        case "trailing-garbage": bytes += Array("not gzip".utf8)
        default: bytes[bytes.count / 2] ^= 0x55
        }
        let path = temp.path + "/ticket.tar.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.problem.contains("gzip") || error.problem.contains("archive"), "\(error.problem)")
        #expect(error.hint.contains("tar czf"))
        if kind == "crc" { #expect(error.problem.contains("incorrect data check"), "\(error.problem)") }
    }

    @Test func gzipWithTwoMembersAndZeroPaddingIsRead() throws {
        // `cat a.gz b.gz` is one valid gzip stream; tape tools pad with zeros.
        let temp = try TemporaryDirectory()
        let whole = try Self.demoArchive(temp)
        let tar = try TarGzReader.gunzip(whole, path: "x")
        let half = tar.count / 2
        try tar.prefix(half).write(to: URL(fileURLWithPath: temp.path + "/a"))
        try tar.dropFirst(half).write(to: URL(fileURLWithPath: temp.path + "/b"))
        try run("/bin/gzip", ["-n", temp.path + "/a", temp.path + "/b"])
        var joined = try Data(contentsOf: URL(fileURLWithPath: temp.path + "/a.gz"))
        joined += try Data(contentsOf: URL(fileURLWithPath: temp.path + "/b.gz"))
        joined += Data(count: 512)
        let path = temp.path + "/joined.tar.gz"
        try joined.write(to: URL(fileURLWithPath: path))
        expectSameEvidence(try BundleLoader.load(path: path), try DemoCatalog.evidence(named: "in-spam"))
    }

    // MARK: Folders: only regular files

    @Test(arguments: ["user-login.json", "dns/acme.example.zone"])
    func fifoNamedLikeABundleFileIsRefusedWithoutHanging(name: String) throws {
        let temp = try TemporaryDirectory()
        var files = try DemoCatalog.files(named: "in-spam").files
        files[name] = nil
        let directory = try temp.writeBundle(files, named: "ticket")
        #expect(mkfifo(directory + "/" + name, 0o600) == 0)
        let error = try expectBundleError(in: directory + "/" + name) { try BundleLoader.load(path: directory) }
        #expect(error.problem.contains("named pipe (FIFO)"))
    }

    @Test func fifoGivenAsTheArchiveIsRefusedWithoutHanging() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path + "/ticket.tar.gz"
        #expect(mkfifo(path, 0o600) == 0)
        let error = try expectBundleError(in: path) { try BundleLoader.load(path: path) }
        #expect(error.problem.contains("named pipe"))
    }

    @Test func devicesAreRefused() throws {
        // Making a device node needs root; /dev/null is one already, named directly.
        let error = try expectBundleError(in: "/dev/null") { try BundleEntry.kind(of: "/dev/null", root: nil) }
        #expect(error.problem.contains("character device"))
        let temp = try TemporaryDirectory()
        let directory = try temp.writeBundle(DemoCatalog.files(named: "in-spam").files, named: "ticket")
        try FileManager.default.createSymbolicLink(atPath: directory + "/tty.json", withDestinationPath: "/dev/null")
        let linked = try expectBundleError(in: directory + "/tty.json") { try BundleLoader.load(path: directory) }
        #expect(linked.problem.contains("outside the bundle folder"))
    }

    @Test(arguments: ["user-login.json", "dns/acme.example.zone", "dns"])
    func symlinkLeavingTheBundleIsRefusedNamingItsTarget(name: String) throws {
        let temp = try TemporaryDirectory()
        let demo = try DemoCatalog.files(named: "in-spam").files
        let outside = try temp.writeBundle(demo, named: "elsewhere")
        var files = demo
        files = files.filter { name == "dns" ? !$0.key.hasPrefix("dns/") : $0.key != name }
        let directory = try temp.writeBundle(files, named: "ticket")
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: outside + "/" + name)
        let error = try expectBundleError(in: directory + "/" + name) { try BundleLoader.load(path: directory) }
        #expect(error.problem.contains("symbolic link to \(outside)/\(name)") && error.problem.contains("outside the bundle folder"))
        #expect(error.hint.contains("copy the file into the bundle"))
    }

    @Test func danglingSymlinkIsRefused() throws {
        let temp = try TemporaryDirectory()
        let directory = try temp.writeBundle(DemoCatalog.files(named: "in-spam").files, named: "ticket")
        try FileManager.default.removeItem(atPath: directory + "/permissions.json")
        try FileManager.default.createSymbolicLink(atPath: directory + "/permissions.json", withDestinationPath: "gone.json")
        let error = try expectBundleError(in: directory + "/permissions.json") { try BundleLoader.load(path: directory) }
        #expect(error.problem.contains("does not exist"))
    }

    @Test func symlinkInsideTheBundleIsFollowed() throws {
        let temp = try TemporaryDirectory()
        var files = try DemoCatalog.files(named: "in-spam").files
        let login = try #require(files["user-login.json"])
        files["user-login.json"] = nil
        files["exports/UserLogin-2026-11-22.json"] = login
        files = files.filter { !$0.key.hasPrefix("dns/") }.merging(
            files.filter { $0.key.hasPrefix("dns/") }.map { ("zones/" + $0.key.dropFirst(4), $0.value) }) { a, _ in a }
        let directory = try temp.writeBundle(files, named: "ticket")
        try FileManager.default.createSymbolicLink(atPath: directory + "/user-login.json", withDestinationPath: "exports/UserLogin-2026-11-22.json")
        try FileManager.default.createSymbolicLink(atPath: directory + "/dns", withDestinationPath: "zones")
        // The bundle folder reached through a link of its own is still the bundle.
        try FileManager.default.createSymbolicLink(atPath: temp.path + "/latest", withDestinationPath: directory)
        expectSameEvidence(try BundleLoader.load(path: temp.path + "/latest"), try DemoCatalog.evidence(named: "in-spam"))
    }
}
