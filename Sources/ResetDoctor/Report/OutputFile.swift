import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A report file that cannot be written (`--out`): where and why. The command line exits 73 (cannot create).
public struct OutputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var hint: String
    public var description: String { "\(path): \(problem). \(hint)" }
}

/// Writes a report to a file atomically: a temporary sibling first, moved into place in one step, so a reader never
/// sees half a report and a failure leaves nothing behind. An existing file is kept unless `replace` says otherwise.
public enum OutputFile {
    /// Checks before any work that `path` can be written, so a long scan does not end in "cannot write".
    public static func checkWritable(_ path: String, replace: Bool) throws(OutputFileError) {
        let target = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw OutputFileError(path: path, problem: "is a folder", hint: "give a file name, e.g. \(path)/scan.json") }
            if !replace { throw OutputFileError(path: path, problem: "the file exists", hint: "choose another name, or pass --replace to replace it") }
        }
        let parent = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputFileError(path: path, problem: "the folder \(parent) does not exist", hint: "create it first, or write elsewhere")
        }
        guard access(parent, W_OK) == 0 else {
            throw OutputFileError(path: path, problem: "the folder \(parent) is not writable", hint: "write elsewhere")
        }
    }

    public static func write(_ data: Data, to path: String, replace: Bool) throws(OutputFileError) {
        try checkWritable(path, replace: replace)
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString.prefix(8))").path
        defer { unlink(temporary) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw OutputFileError(path: path, problem: "could not create a file beside it (\(String(cString: strerror(errno))))", hint: "write elsewhere")
        }
        let written = data.withUnsafeBytes { bytes -> Int in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 { if errno == EINTR { continue }; return -1 }
                offset += count
            }
            return offset
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            throw OutputFileError(path: path, problem: "writing failed (\(String(cString: strerror(errno))))", hint: "check the free space, then run again")
        }
        // rename replaces; link refuses an existing target (another writer got there first).
        let moved = replace ? rename(temporary, path) == 0 : link(temporary, path) == 0
        guard moved else {
            throw OutputFileError(path: path, problem: errno == EEXIST ? "the file appeared while writing" : "could not move the file into place (\(String(cString: strerror(errno))))",
                                  hint: "choose another name, or pass --replace")
        }
    }

    /// Reads a small input file (`--users FILE`, `--from-scan FILE`): regular files only, so a FIFO cannot hang the run.
    public static func read(_ path: String, what: String) throws -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw BundleError(path: path, problem: "cannot be read (\(String(cString: strerror(errno))))", hint: "check the path to \(what)")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw BundleError(path: path, problem: "is not a regular file", hint: "give the path to \(what)")
        }
        guard status.st_size <= Int64(BundleFiles.maximumFileBytes) else {
            throw BundleError(path: path, problem: "is larger than \(BundleFiles.maximumFileBytes >> 20) MiB", hint: "give a smaller \(what)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BundleError(path: path, problem: "cannot be read", hint: "check the path to \(what)")
        }
        return data
    }
}
