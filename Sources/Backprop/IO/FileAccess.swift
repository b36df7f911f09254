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

/// Atomic writes for the tensor file formats, with failures reported as ``TensorFileError``
/// naming the path and the system's reason. Reads go through ``RegularFile``, below.
enum FileAccess {
    /// The system's description of the current `errno`.
    package static func systemError() -> String {
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

/// A regular file open for reading, whose size is known before anything is read.
///
/// Only regular files are opened: a device such as `/dev/zero` never ends and a named pipe
/// (FIFO) without a writer never answers, so reading either would exhaust memory or wait
/// forever. The file is opened without blocking (a FIFO would otherwise block in `open`
/// itself) and checked with `fstat` before the first read. Readers then ask for exactly the
/// bytes the file's header describes, so what they hold is bounded by the file's size.
package struct RegularFile: ~Copyable {
    /// The path, for messages.
    package let path: String
    /// The size in bytes when the file was opened.
    package let size: Int
    /// The bytes read so far.
    package private(set) var position = 0
    private let descriptor: Int32

    /// Opens the regular file at `path`.
    ///
    /// - Throws: ``TensorFileError`` of kind `unreadable` when the path does not exist, cannot
    ///   be opened, or names anything but a regular file (a directory, a device, a FIFO, a socket).
    package init(openingForReading path: String) throws(TensorFileError) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TensorFileError(.unreadable, path: path, problem: "the file cannot be opened: \(FileAccess.systemError())",
                                  fix: "Check the path and the file's permissions")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = FileAccess.systemError()
            close(descriptor)
            throw TensorFileError(.unreadable, path: path, problem: "the file's type and size cannot be read: \(reason)", fix: "Check the path")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw TensorFileError(.unreadable, path: path, problem: "it is \(Self.describeType(status.st_mode)), not a regular file",
                                  fix: "Pass the path of a file stored on disk")
        }
        self.path = path
        self.size = Int(status.st_size)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// What a file of mode `mode` is, for messages.
    private static func describeType(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device (such as /dev/zero, which never ends)"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    /// Reads the next `count` bytes and appends them to `data`.
    ///
    /// - Throws: ``TensorFileError`` of kind `truncated` when the file ends sooner (it is
    ///   shorter than `count` bytes past ``position``, or it shrank after it was opened),
    ///   `unreadable` when reading fails.
    package mutating func read(_ count: Int, appendingTo data: inout Data) throws(TensorFileError) {
        guard count >= 0, count <= size - position else {
            throw TensorFileError(.truncated, path: path, problem: "the file is \(size) bytes long, too short for the \(count) bytes wanted after byte \(position)",
                                  fix: "The file is truncated; save or copy it again")
        }
        let start = data.count
        data.count += count
        var filled = 0
        let failure: TensorFileError? = data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            while filled < count {
                let result = posixRead(descriptor, base + start + filled, count - filled)
                if result == 0 { break }
                if result < 0 {
                    if errno == EINTR { continue }
                    return TensorFileError(.unreadable, path: path, problem: "reading the file failed: \(FileAccess.systemError())",
                                           fix: "Check that the file is on a working device")
                }
                filled += result
            }
            return nil
        }
        position += filled
        if let failure { throw failure }
        guard filled == count else {
            data.count = start + filled
            throw TensorFileError(.truncated, path: path,
                                  problem: "the file ended after \(position) bytes although it was \(size) bytes long when it was opened",
                                  fix: "Another program is changing the file; read it again once it is complete")
        }
    }

    /// The next `count` bytes.
    package mutating func read(_ count: Int) throws(TensorFileError) -> Data {
        var data = Data()
        try read(count, appendingTo: &data)
        return data
    }

    /// Throws unless the file has no byte after those read: it must not have grown past the
    /// size its header describes since it was opened.
    ///
    /// - Throws: ``TensorFileError`` of kind `trailingData`.
    package func expectEnd() throws(TensorFileError) {
        var byte: UInt8 = 0
        var result: Int
        repeat { result = posixRead(descriptor, &byte, 1) } while result < 0 && errno == EINTR
        guard result == 0 else {
            throw TensorFileError(.trailingData, path: path,
                                  problem: "the file has more bytes than the \(size) its header describes; it grew after it was opened",
                                  fix: "Another program is changing the file; read it again once it is complete")
        }
    }

    /// The rest of the file, for formats without a header that states their size; files larger than
    /// `limit` bytes are refused before anything is read.
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be read, is larger than `limit` or
    ///   changes size while it is read.
    package mutating func contents(limit: Int) throws(TensorFileError) -> Data {
        guard size - position <= limit else {
            throw TensorFileError(.unreadable, path: path, problem: "the file is \(size) bytes long, more than the \(limit) bytes this reader accepts",
                                  fix: "Check that the path names the intended file")
        }
        let data = try read(size - position)
        try expectEnd()
        return data
    }
}

/// `read(2)`, reachable from a type that declares its own `read`.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`, reachable from types that declare their own `write`.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
