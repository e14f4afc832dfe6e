import CArchive
import Foundation

/// Reads the regular files of a gzip-compressed tar archive into memory with libarchive. Nothing is
/// written to disk; entries that could reach outside the bundle (absolute paths, `..`, links, devices)
/// reject the whole archive rather than being skipped, because a bundle that carries them was not made by us.
enum TarGzReader {
    /// Cap on the sum of all uncompressed entries: a gzip bomb stops here.
    /// An org bundle of 100,000 users unpacks to about 200 MiB; a ticket bundle to a few.
    static var maximumTotalBytes: Int { BundleFiles.readingOrgBundle ? 1 << 30 : 256 << 20 }

    private static let regularFile: UInt32 = 0o100000
    private static let directory: UInt32 = 0o040000

    /// The archive's files by normalized relative path. `path` names the archive in errors.
    static func files(in data: Data, path: String) throws -> [String: Data] {
        guard data.starts(with: [0x1F, 0x8B]) else {
            throw invalid(path, "the file is not gzip-compressed")
        }
        // zlib inflates the whole stream first, so a bad CRC, a wrong length or a cut stream is damage before any
        // file is believed; libarchive then reads the tar from memory.
        let tar = try gunzip(data, path: path)
        guard let archive = archive_read_new() else {
            throw BundleError(path: path, problem: "libarchive could not allocate a reader", hint: "try again; the machine may be out of memory")
        }
        defer { archive_read_free(archive) }
        try check(archive_read_support_format_tar(archive), archive, path)

        return try tar.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [String: Data] in
            try check(archive_read_open_memory(archive, buffer.baseAddress, buffer.count), archive, path)
            var files: [String: Data] = [:]
            var totalBytes = 0
            while true {
                var entry: OpaquePointer?
                let status = archive_read_next_header(archive, &entry)
                if status == ARCHIVE_EOF { break }
                try check(status, archive, path)
                guard let entry else { throw invalid(path, "libarchive returned an entry without a header") }

                let rawName = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
                guard let rawName else { throw invalid(path, "an entry has no name") }
                let name = String(cString: rawName)
                let fileType = UInt32(archive_entry_filetype(entry))
                if fileType == directory { continue }
                guard fileType == regularFile, archive_entry_hardlink(entry) == nil else {
                    throw unsafe(path, "the entry \"\(name)\" is a link or a special file, not a regular file")
                }
                guard let relative = normalized(name) else {
                    throw unsafe(path, "the entry \"\(name)\" points outside the bundle (absolute path or \"..\")")
                }
                if archive_entry_size_is_set(entry) != 0, archive_entry_size(entry) > Int64(min(BundleFiles.limit(for: relative), Int(Int64.max))) {
                    throw tooBig(BundleFiles.join(path, relative))
                }
                let contents = try readData(archive, path: path, name: relative, totalBytes: &totalBytes)
                guard files[relative] == nil else {
                    throw invalid(path, "the entry \"\(relative)\" appears twice")
                }
                files[relative] = contents
            }
            return stripSingleTopFolder(files)
        }
    }

    /// The uncompressed bytes of a gzip stream (one member or several, as `cat a.gz b.gz` makes), checked to its
    /// end: zlib verifies each member's CRC-32 and length. Trailing zero bytes (tape padding) are allowed, any other
    /// trailing bytes are not. Stops past `maximumTotalBytes` plus room for tar headers.
    static func gunzip(_ data: Data, path: String) throws -> Data {
        let limit = maximumTotalBytes + (maximumTotalBytes >> 3)
        var stream = z_stream()
        // 16 + 15: a gzip wrapper with the largest window.
        guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw BundleError(path: path, problem: "zlib could not start", hint: "try again; the machine may be out of memory")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        return try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Data in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress else { throw invalid(path, "the archive is empty") }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit {
                    throw BundleError(
                        path: path, problem: "the archive unpacks to more than \(maximumTotalBytes >> 20) MiB",
                        hint: "a bundle holds a few exports of a few MiB each; rebuild it with `resetdoctor bundle USER --out FILE.tar.gz`")
                }
                switch status {
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { throw damaged(path, "the gzip stream is cut short") }
                case Z_STREAM_END:
                    let rest = UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
                    if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) { return output }
                    guard rest.starts(with: [0x1F, 0x8B]), inflateReset(&stream) == Z_OK else {
                        throw damaged(path, "\(rest.count) bytes of something else follow the gzip stream")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw damaged(path, "the gzip stream is cut short")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw damaged(path, "the gzip data is damaged (\(reason))")
                }
            }
        }
    }

    /// Reads the current entry's data, enforcing the per-file and total caps as it goes.
    private static func readData(_ archive: OpaquePointer, path: String, name: String, totalBytes: inout Int) throws -> Data {
        var contents = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
            if count == 0 { return contents }
            guard count > 0 else {
                throw invalid(path, "reading \"\(name)\" failed (\(errorText(archive)))")
            }
            contents.append(contentsOf: chunk[0..<Int(count)])
            totalBytes += Int(count)
            if contents.count > BundleFiles.limit(for: name) { throw tooBig(BundleFiles.join(path, name)) }
            if totalBytes > maximumTotalBytes {
                throw BundleError(
                    path: path, problem: "the archive unpacks to more than \(maximumTotalBytes >> 20) MiB",
                    hint: "a bundle holds a few exports of a few MiB each; rebuild it with `resetdoctor bundle USER --out FILE.tar.gz`")
            }
        }
    }

    /// "./a//b" → "a/b". Nil for absolute paths, `..` components, or an empty name.
    static func normalized(_ name: String) -> String? {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return nil }
        var parts: [Substring] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// `bundle/manifest.json` → `manifest.json` when every file sits in one folder and none is at the root.
    static func stripSingleTopFolder(_ files: [String: Data]) -> [String: Data] {
        guard files["manifest.json"] == nil else { return files }
        let tops = Set(files.keys.map { $0.split(separator: "/", maxSplits: 1).first.map(String.init) ?? $0 })
        guard tops.count == 1, let top = tops.first, files.keys.allSatisfy({ $0.hasPrefix(top + "/") }) else { return files }
        var stripped: [String: Data] = [:]
        for (name, contents) in files { stripped[String(name.dropFirst(top.count + 1))] = contents }
        return stripped
    }

    private static func check(_ status: Int32, _ archive: OpaquePointer, _ path: String) throws {
        // ARCHIVE_WARN too: a header libarchive had to guess at is damage, and a bundle is small enough to rebuild.
        guard status == ARCHIVE_OK else {
            throw invalid(path, "it is not a valid gzip-compressed tar archive (\(errorText(archive)))")
        }
    }

    private static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive gave no reason"
    }

    private static func invalid(_ path: String, _ problem: String) -> BundleError {
        BundleError(
            path: path, problem: problem,
            hint: "make the archive with `tar czf bundle.tar.gz -C BUNDLE_DIR .` or `resetdoctor bundle USER --out FILE.tar.gz`, or pass the bundle directory instead")
    }

    private static func damaged(_ path: String, _ problem: String) -> BundleError {
        BundleError(
            path: path, problem: problem + "; the archive was damaged in transfer or storage, so none of it is believed",
            hint: "copy or download the archive again (`gzip -t FILE` checks it), or rebuild it with `tar czf bundle.tar.gz -C BUNDLE_DIR .`")
    }

    private static func unsafe(_ path: String, _ problem: String) -> BundleError {
        BundleError(
            path: path, problem: problem + "; the archive was rejected",
            hint: "a bundle holds only plain files; rebuild it from the bundle directory with `tar czf bundle.tar.gz -C BUNDLE_DIR .`")
    }

    static func tooBig(_ path: String) -> BundleError {
        BundleError(
            path: path, problem: "the file is larger than \(BundleFiles.limit(for: (path as NSString).lastPathComponent) >> 20) MiB",
            hint: "narrow the export (a shorter window, only this user) and capture it again")
    }
}
