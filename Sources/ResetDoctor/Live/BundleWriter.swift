import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a capture as a bundle directory or a .tar.gz, atomically and without clobbering: everything goes into a
/// temporary sibling of the target first and is moved into place in one step, so a failure leaves nothing behind
/// and a reader never sees half a bundle.
public enum BundleWriter {
    /// Whether `path` names an archive rather than a directory.
    public static func isArchive(_ path: String) -> Bool {
        path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz")
    }

    /// Writes `files` to `path`. Refuses an existing target (`LiveError.targetExists`).
    public static func write(_ files: BundleFiles, to path: String, modified: Date) throws(LiveError) {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) || isSymlink(target.path) {
            throw .targetExists(path: path)
        }
        let parent = target.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: parent.path) else {
            throw .cannotWrite(path: path, problem: "the folder \(parent.path) does not exist")
        }
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            if isArchive(path) {
                do { try TarGzWriter.write(files.files, to: temporary.path, modified: modified) }
                catch { throw LiveError.cannotWrite(path: path, problem: error.problem) }
                chmod(temporary.path, 0o600)  // personal data: the same mode as the files of a bundle directory
            } else {
                try writeDirectory(files.files, at: temporary)
            }
            try moveIntoPlace(temporary, target, requested: path)
        } catch let error as LiveError {
            throw error
        } catch {
            throw .cannotWrite(path: path, problem: "\(error.localizedDescription)")
        }
    }

    private static func writeDirectory(_ files: [String: Data], at directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            // Names come from this program ("dns/acme.example.zone"); refuse anything that could climb out anyway.
            guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                throw LiveError.cannotWrite(path: name, problem: "a bundle file name must stay inside the bundle")
            }
            let file = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw LiveError.cannotWrite(path: name, problem: "could not create the file")
            }
        }
    }

    /// A no-clobber rename: a file is hard-linked into place (link fails when the target exists); a directory is
    /// renamed after a last check (rename(2) would replace an empty directory).
    private static func moveIntoPlace(_ temporary: URL, _ target: URL, requested: String) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: temporary.path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            if FileManager.default.fileExists(atPath: target.path) { throw LiveError.targetExists(path: requested) }
            guard rename(temporary.path, target.path) == 0 else {
                throw LiveError.cannotWrite(path: requested, problem: String(cString: strerror(errno)))
            }
        } else {
            guard link(temporary.path, target.path) == 0 else {
                if errno == EEXIST { throw LiveError.targetExists(path: requested) }
                throw LiveError.cannotWrite(path: requested, problem: String(cString: strerror(errno)))
            }
        }
    }

    private static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}
