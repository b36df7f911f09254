#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop
import BackpropNN
import BackpropNotebooks
import Foundation

/// Files that are not regular files (a device that never ends, a named pipe without a writer),
/// and datasets whose labels overflow their sizes.
let fileMisuseCases: [MisuseCase] = [
    MisuseCase("safetensors from /dev/zero", operation: "/dev/zero") { _ = try SafetensorsFile(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
    MisuseCase(".npy from /dev/zero", operation: "/dev/zero") { _ = try NpyFile(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
    MisuseCase("digits from /dev/zero", operation: "/dev/zero") { _ = try Dataset<Float>.digits(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
    MisuseCase("notebook from /dev/zero", operation: "/dev/zero") { _ = try Notebook(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
    MisuseCase("safetensors from a FIFO without a writer", operation: "a named pipe (FIFO)") {
        try withFIFO { _ = try SafetensorsFile(contentsOf: $0) }
    },
    MisuseCase(".npy from a FIFO without a writer", operation: "a named pipe (FIFO)") { try withFIFO { _ = try NpyFile(contentsOf: $0) } },
    MisuseCase("digits from a FIFO without a writer", operation: "a named pipe (FIFO)") {
        try withFIFO { _ = try Dataset<Float>.digits(contentsOf: $0) }
    },
    MisuseCase("notebook from a FIFO without a writer", operation: "a named pipe (FIFO)") { try withFIFO { _ = try Notebook(contentsOf: $0) } },
    MisuseCase("dataset with a label of Int.max", operation: "Dataset(inputs:labels:targets:)") {
        _ = Dataset<Float>(inputs: .zeros([1, 2]), labels: [Int.max])
    },
    MisuseCase("one-hot targets of samples × classes overflowing", operation: "Dataset.withOneHotTargets()") {
        _ = Dataset<Float>(inputs: .zeros([2, 1]), labels: [0, Int.max - 1]).withOneHotTargets()
    },
]

/// Runs `body` on a new named pipe that no process writes to.
private func withFIFO(_ body: (URL) throws -> Void) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("misuse-\(UUID().uuidString).fifo").path
    guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    defer { unlink(path) }
    try body(URL(fileURLWithPath: path))
}
