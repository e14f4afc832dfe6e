import Foundation
import Salesforce

/// A regular file read in pieces with `read(2)`, for parsers that stream (the email log). Opening never blocks:
/// the file is opened non-blocking and refused unless it is a regular file, so a FIFO named like a bundle file
/// cannot hang a run.
final class FileByteStream: ByteStream, RandomAccessBytes {
    let path: String
    private let descriptor: Int32
    /// The size when opened.
    let count: Int

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BundleError(path: path, problem: "the file cannot be opened for reading (\(String(cString: strerror(errno))))", hint: "check its permissions")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw BundleError(
                path: path, problem: "this is not a regular file (a FIFO, device or socket)",
                hint: "give a file downloaded from Salesforce")
        }
        count = Int(status.st_size)
        // Back to blocking reads: a regular file never blocks for long, and EAGAIN would only complicate reading.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw BundleError(path: path, problem: "the file cannot be read (\(String(cString: strerror(errno))))", hint: "check its permissions")
        }
    }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw BundleError(path: path, problem: "the file cannot be read (\(String(cString: strerror(errno))))", hint: "check its permissions")
        }
    }
}
