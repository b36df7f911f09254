#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a subcommand will write a file, checked before the work that produces it.
enum OutputPath {
    /// Throws unless a file can be created at `path`: it must not be a directory, and a file
    /// must be creatable in its directory (tried by creating and removing an empty one).
    static func checkWritable(_ path: String, option: String) throws(UsageError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            throw UsageError("\(option) \(path) is a directory; name a file in it, such as \(url.appendingPathComponent("weights.safetensors").path)")
        }
        let probe = (directory.hasSuffix("/") ? directory : directory + "/") + ".\(url.lastPathComponent).\(getpid()).probe"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw UsageError("\(option) \(path) cannot be written: cannot create a file in \(directory) (\(reason))")
        }
        close(descriptor)
        unlink(probe)
    }
}
