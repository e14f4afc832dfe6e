import Foundation

/// Reads a bundle's files from disk into `BundleFiles`: a directory, or a gzip-compressed tar archive
/// read in memory. Only reads; the bundle is never changed and nothing is unpacked.
enum BundleReader {
    /// The largest archive read at all (compressed); the uncompressed cap is `TarGzReader.maximumTotalBytes`.
    static let maximumArchiveBytes = 256 << 20

    static func files(at path: String) throws -> BundleFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BundleError(
                path: path, problem: "no such file or directory",
                hint: "give the folder that holds manifest.json (or a .tar.gz of it); make one with `resetdoctor bundle USER --out DIR`, or try `resetdoctor diagnose --demo list`")
        }
        if isDirectory.boolValue { return try directory(at: path) }
        let lower = path.lowercased()
        guard lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") else {
            throw BundleError(
                path: path, problem: "this is a file, not a bundle directory or a .tar.gz/.tgz archive",
                hint: lower.hasSuffix(".csv")
                    ? "to add an Email Log File use `--email-log \(path)`; --bundle wants the folder that holds manifest.json"
                    : "give the folder that holds manifest.json, or a .tar.gz of it (`tar czf bundle.tar.gz -C BUNDLE_DIR .`)")
        }
        guard case .regularFile(let archive) = try BundleEntry.kind(of: path, root: nil) else {
            throw BundleError(path: path, problem: "this is a directory named like an archive", hint: "give the folder itself, or a .tar.gz file")
        }
        let data = try BundleEntry.read(archive, named: path, limit: maximumArchiveBytes)
        return BundleFiles(files: try TarGzReader.files(in: data, path: path), origin: path)
    }

    /// A file opened to be read in pieces (`--email-log FILE`, a folder bundle's email-log.csv). Only a regular
    /// file is read: a FIFO or a device would block or never end.
    static func stream(at path: String, expected: String) throws -> FileByteStream {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw BundleError(
                path: path, problem: isDirectory.boolValue ? "this is a directory, not a file" : "no such file",
                hint: "give the path of \(expected)")
        }
        return try FileByteStream(path: path)
    }

    /// The regular files at the top of `path` and under its `dns/` folder. Other folders are not read:
    /// admins keep notes and screenshots next to the exports. Only regular files are read (`BundleEntry`):
    /// a FIFO, socket or device is refused before it is opened, and a symbolic link only when it stays inside.
    private static func directory(at path: String) throws -> BundleFiles {
        let root = try BundleEntry.root(path)
        var files: [String: Data] = [:]
        var onDisk: [String: String] = [:]
        for name in try listing(path) {
            let full = BundleFiles.join(path, name)
            switch try BundleEntry.kind(of: full, root: root) {
            case .directory:
                guard name == "dns" else { continue }
                for zone in try listing(full) {
                    let zonePath = BundleFiles.join(full, zone)
                    if case .regularFile(let target) = try BundleEntry.kind(of: zonePath, root: root) {
                        files["dns/" + zone] = try BundleEntry.read(target, named: zonePath, limit: BundleFiles.maximumFileBytes)
                    }
                }
            case .regularFile(let target) where BundleFiles.streamedNames.contains(name):
                onDisk[name] = target  // read as a stream by its parser (the email log); checked again when opened
            case .regularFile(let target):
                files[name] = try BundleEntry.read(target, named: full, limit: BundleFiles.limit(for: name))
            }
        }
        var bundle = BundleFiles(files: files, origin: path)
        bundle.onDisk = onDisk
        return bundle
    }

    private static func listing(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw BundleError(path: path, problem: "the directory cannot be listed (\(error.localizedDescription))", hint: "check its permissions")
        }
    }

    /// Reads a file after checking its size, so a mistaken multi-gigabyte file is refused before it is loaded.
    private static func read(_ path: String, limit: Int) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit {
            throw limit == BundleFiles.maximumFileBytes
                ? TarGzReader.tooBig(path)
                : BundleError(path: path, problem: "the archive is larger than \(limit >> 20) MiB", hint: "a bundle is a few MiB; capture it again with `resetdoctor bundle USER --out FILE.tar.gz`")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BundleError(path: path, problem: "the file cannot be opened for reading", hint: "check its permissions")
        }
        defer { try? handle.close() }
        do {
            // Read one byte past the limit: a file that grew since the size check is still refused.
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit { throw TarGzReader.tooBig(path) }
            return data
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(path: path, problem: "the file cannot be read (\(error.localizedDescription))", hint: "check its permissions")
        }
    }
}
