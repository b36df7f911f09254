#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The physical memory the process occupies, as the kernel counts it.
enum ResidentMemory {
    /// The resident set size in bytes, from the second field of `/proc/self/statm` (in pages);
    /// nil where that file does not exist (outside Linux).
    static var bytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    /// `bytes` in MiB with one decimal, for reports.
    static func describe(_ bytes: Int) -> String {
        format(Double(bytes) / 1_048_576, 1) + " MiB"
    }
}
