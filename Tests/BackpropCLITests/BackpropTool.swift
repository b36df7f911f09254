import Foundation
import Testing

/// How a run of the `backprop` executable ended.
struct ToolResult {
    /// The exit status, or 128 + the signal that ended it.
    let status: Int32
    let standardOutput: String
    let standardError: String
    /// Whether it was killed at the run's time limit.
    let timedOut: Bool
}

/// The built `backprop` executable, which SwiftPM puts beside the test bundle, and runs of it in
/// a child process with a time limit.
enum BackpropTool {
    /// The executable: next to the test runner (`CommandLine.arguments[0]`) or the test bundle.
    static let executable: URL? = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [runner.deletingLastPathComponent(), Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("backprop") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The checkout these tests belong to, for `notebook --package`.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `backprop arguments` in `directory`; its output goes to files in a new temporary
    /// directory, read by ``finish(_:timeLimit:)``.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunningTool {
        let executable = try #require(executable, "the backprop executable is not beside the test bundle; build it with swift build")
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let output = outputs.appendingPathComponent("stdout"), error = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        return RunningTool(process: process, outputs: outputs)
    }

    /// Runs `backprop arguments` to the end, killing it after `timeLimit` seconds.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], timeLimit: Double = 120) throws -> ToolResult {
        try start(arguments, in: directory, environment: environment).finish(timeLimit: timeLimit)
    }
}

/// A `backprop` process that is running.
struct RunningTool {
    let process: Process
    /// The directory of its output files.
    let outputs: URL

    var processIdentifier: Int32 { process.processIdentifier }

    /// Waits for the process to end, killing it after `timeLimit` seconds, and returns how it ended.
    func finish(timeLimit: Double) -> ToolResult {
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: outputs) }
        func text(_ name: String) -> String {
            String(decoding: (try? Data(contentsOf: outputs.appendingPathComponent(name))) ?? Data(), as: UTF8.self)
        }
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return ToolResult(status: status, standardOutput: text("stdout"), standardError: text("stderr"), timedOut: timedOut)
    }
}

/// A new empty directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
