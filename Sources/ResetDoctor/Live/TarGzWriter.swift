import CArchive
import Foundation

/// Writes files into a gzip-compressed tar archive (pax restricted, the format `TarGzReader` reads) with libarchive.
enum TarGzWriter {
    struct Failure: Error { var problem: String }

    /// Writes `files` (relative path → contents, written in name order) to `path`, which must not exist yet.
    static func write(_ files: [String: Data], to path: String, modified: Date) throws(Failure) {
        guard let archive = archive_write_new() else { throw Failure(problem: "libarchive could not allocate a writer") }
        defer { archive_write_free(archive) }
        guard archive_write_add_filter_gzip(archive) == ARCHIVE_OK,
              archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK,
              archive_write_open_filename(archive, path) == ARCHIVE_OK
        else { throw Failure(problem: errorText(archive)) }

        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            guard let entry = archive_entry_new() else { throw Failure(problem: "libarchive could not allocate an entry") }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname_utf8(entry, name)
            archive_entry_set_size(entry, la_int64_t(data.count))
            archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG: the macro's cast does not import into Swift
            archive_entry_set_perm(entry, 0o600)
            archive_entry_set_mtime(entry, time_t(modified.timeIntervalSince1970), 0)
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw Failure(problem: errorText(archive)) }
            let written = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == data.count else { throw Failure(problem: "writing \(name): \(errorText(archive))") }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw Failure(problem: errorText(archive)) }
    }

    private static func errorText(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(archive_errno(archive))"
    }
}
