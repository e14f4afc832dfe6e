#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One entry of a bundle folder, typed with lstat before anything is opened: opening a FIFO named
/// user-login.json would wait for a writer for ever, and a device or a link out of the folder is not evidence.
enum BundleEntry {
    /// What the reader may use: a regular file (with its resolved path), or a folder (only dns/ is read).
    enum Kind { case regularFile(String), directory }

    /// The bundle folder with every symbolic link resolved, to decide whether a link stays inside it.
    static func root(_ path: String) throws -> String {
        guard let resolved = realPath(path) else {
            throw BundleError(path: path, problem: "the folder's real path cannot be found", hint: "check that it exists and can be read")
        }
        return resolved
    }

    /// The kind of `path`, following a symbolic link only when its target lies inside `root` (any target when
    /// `root` is nil: a path the user named). FIFOs, sockets and devices are refused, wherever a link leads.
    static func kind(of path: String, root: String?) throws -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw BundleError(path: path, problem: "the file cannot be examined (\(String(cString: strerror(errno))))", hint: "check its permissions")
        }
        var target = path
        if info.st_mode & S_IFMT == S_IFLNK {
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            guard let resolved = realPath(path) else {
                throw BundleError(
                    path: path, problem: "it is a symbolic link to \(link), which does not exist",
                    hint: "replace the link with the file itself, or remove it")
            }
            if let root, resolved != root, !resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                throw BundleError(
                    path: path, problem: "it is a symbolic link to \(link) (\(resolved)), outside the bundle folder \(root); it was not followed",
                    hint: "a bundle holds its own files: copy the file into the bundle folder instead of linking to it")
            }
            guard stat(resolved, &info) == 0 else {
                throw BundleError(path: path, problem: "the link's target \(resolved) cannot be examined", hint: "check its permissions")
            }
            target = resolved
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile(target)
        case S_IFDIR: return .directory
        default:
            throw BundleError(
                path: path, problem: "it is \(describe(info.st_mode)), not a regular file; it was not opened",
                hint: "a bundle holds only plain files (the exports, manifest.json, dns/*.zone): remove it, or replace it with the file it stands for")
        }
    }

    /// Reads a regular file (checked again after opening, without blocking, in case it was swapped for
    /// something else), refusing it past `limit` bytes.
    static func read(_ target: String, named path: String, limit: Int) throws -> Data {
        let descriptor = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BundleError(path: path, problem: "the file cannot be opened for reading (\(String(cString: strerror(errno))))", hint: "check its permissions")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw BundleError(path: path, problem: "it is \(describe(info.st_mode)), not a regular file", hint: "a bundle holds only plain files: remove it")
        }
        if Int(info.st_size) > limit { throw tooBig(path, limit: limit) }
        do {
            // Read one byte past the limit: a file that grew since the size check is still refused.
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit { throw tooBig(path, limit: limit) }
            return data
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(path: path, problem: "the file cannot be read (\(error.localizedDescription))", hint: "check its permissions")
        }
    }

    private static func tooBig(_ path: String, limit: Int) -> BundleError {
        limit == BundleFiles.maximumFileBytes
            ? TarGzReader.tooBig(path)
            : BundleError(path: path, problem: "the archive is larger than \(limit >> 20) MiB", hint: "a bundle is a few MiB; capture it again with `resetdoctor bundle USER --out FILE.tar.gz`")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a directory"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }
}
