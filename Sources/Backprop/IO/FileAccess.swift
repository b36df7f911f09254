#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes for the tensor file formats, with failures reported as
/// ``TensorFileError`` naming the path and the system's reason.
enum FileAccess {
    /// The system's description of the current `errno`.
    static func systemError() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }

    /// The path of a file URL, or an error for a URL that names no local file.
    static func path(of url: URL, writing: Bool) throws(TensorFileError) -> String {
        guard url.isFileURL else {
            throw TensorFileError(
                writing ? .unwritable : .unreadable, path: url.absoluteString,
                problem: "the URL is not a local file URL", fix: "Pass a file URL, for example URL(fileURLWithPath: \"weights.safetensors\")")
        }
        return url.path
    }

    /// The whole contents of the file at `url`.
    static func contents(of url: URL) throws(TensorFileError) -> Data {
        let path = try path(of: url, writing: false)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TensorFileError(.unreadable, path: path, problem: "the file cannot be opened: \(systemError())", fix: "Check the path and the file's permissions")
        }
        defer { close(descriptor) }
        var status = stat()
        let expected = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        var data = Data(capacity: Swift.max(0, Swift.min(expected, 1 << 34)) &+ 1)
        let chunkSize = 1 << 20
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = posixRead(descriptor, chunk, chunkSize)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw TensorFileError(.unreadable, path: path, problem: "reading the file failed: \(systemError())", fix: "Check that the path names a readable regular file")
            }
            data.append(chunk.assumingMemoryBound(to: UInt8.self), count: count)
        }
        return data
    }

    /// Writes a file through `body` so that `url` is replaced all at once: the bytes go to a
    /// temporary file in the same directory, which is flushed to disk and then renamed over
    /// `url`. If anything fails (or the process dies) the old file, if any, is left as it was.
    static func writeAtomically(to url: URL, _ body: (inout FileSink) throws(TensorFileError) -> Void) throws(TensorFileError) {
        let path = try path(of: url, writing: true)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var random = SystemRandomNumberGenerator()
        let temporaryPath = (directory.hasSuffix("/") ? directory : directory + "/")
            + ".\(name).\(getpid()).\(String(random.next() as UInt64, radix: 36)).tmp"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw TensorFileError(
                .unwritable, path: path, problem: "cannot create a temporary file in \(directory): \(systemError())",
                fix: "Check that the directory exists and is writable")
        }
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
        var sink = FileSink(descriptor: descriptor, path: path)
        do throws(TensorFileError) {
            try body(&sink)
            guard fsync(descriptor) == 0 else {
                throw TensorFileError(.unwritable, path: path, problem: "flushing the file to disk failed: \(systemError())", fix: "Check the free space and the device")
            }
        } catch {
            close(descriptor)
            unlink(temporaryPath)
            throw error
        }
        close(descriptor)
        guard rename(temporaryPath, path) == 0 else {
            let reason = systemError()
            unlink(temporaryPath)
            throw TensorFileError(
                .unwritable, path: path, problem: "cannot move the written file into place: \(reason)",
                fix: "Check that the path is not a directory and that its directory is writable")
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// The open temporary file of an atomic write.
struct FileSink {
    let descriptor: Int32
    /// The destination, for messages.
    let path: String

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(TensorFileError) {
        guard var start = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = posixWrite(descriptor, start, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw TensorFileError(.unwritable, path: path, problem: "writing the file failed: \(FileAccess.systemError())", fix: "Check the free space and the permissions")
            }
            start += written
            remaining -= written
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(TensorFileError) {
        let failure = bytes.withUnsafeBytes { buffer -> TensorFileError? in
            do throws(TensorFileError) {
                try write(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}

/// `read(2)`, reachable from types that declare their own `read` or `write`.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`, reachable from types that declare their own `write`.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
