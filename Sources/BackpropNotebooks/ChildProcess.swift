import Foundation

/// Runs a program to completion and collects what it printed. Output goes through temporary
/// files rather than pipes, so that neither stream can fill up and stall the child.
struct ChildProcess {
    /// How the child ended.
    struct Result {
        /// Its standard output.
        let standardOutput: String
        /// Its standard error.
        let standardError: String
        /// Nil when it exited with status 0; otherwise how it failed, for messages.
        let failure: String?
    }

    let executable: URL
    let arguments: [String]
    var workingDirectory: URL?
    var environment: [String: String] = [:]
    /// Seconds after which the child is killed.
    var timeLimit: Double = 600

    func run() throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout"), errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: outputURL), errorHandle = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        let identifier = process.processIdentifier
        let deadline = DispatchWorkItem { kill(identifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: deadline)
        process.waitUntilExit()
        deadline.cancel()
        try? outputHandle.close()
        try? errorHandle.close()

        let failure: String? = switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): nil
        case (.exit, let status): "exited with status \(status)"
        case (_, SIGKILL): "was killed (after \(Int(timeLimit)) seconds, or by another process)"
        case (_, let signal): "was stopped by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
        return Result(standardOutput: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self),
                      standardError: String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self),
                      failure: failure)
    }
}
