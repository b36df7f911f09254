import Foundation

/// The `backprop-misuse-cases` executable, run as a child process.
enum MisuseChild {
    /// How a run ended.
    struct Result {
        /// Standard output and standard error, interleaved.
        let output: String
        /// Nil when the child exited with status 0; otherwise how it ended.
        let failure: String?
    }

    /// The executable, built beside this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("backprop-misuse-cases")
    }

    /// The names of every cataloged case (none when the executable cannot be run, which the
    /// catalog test reports).
    static func caseNames() -> [String] {
        guard let listing = try? run(["--list"], timeLimit: 60), listing.failure == nil else { return [] }
        return listing.output.split(separator: "\n").map(String.init)
    }

    /// Runs the executable with `arguments`, killing it after `timeLimit` seconds.
    static func run(_ arguments: [String], timeLimit: Double) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let outputURL = try temporaryFile()
        let output = try FileHandle(forUpdating: outputURL)
        try? FileManager.default.removeItem(at: outputURL)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let identifier = process.processIdentifier
        let deadline = DispatchWorkItem { kill(identifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: deadline)
        process.waitUntilExit()
        let timedOut = deadline.isCancelled == false && process.terminationReason == .uncaughtSignal
            && process.terminationStatus == SIGKILL
        deadline.cancel()
        try output.seek(toOffset: 0)
        let text = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        try output.close()
        let failure: String? = switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): nil
        case (.exit, let status): "exited with status \(status)"
        case _ where timedOut: "did not finish within \(Int(timeLimit)) s"
        case (_, let signal): "was stopped by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
        return Result(output: text, failure: failure)
    }

    /// A new empty file for the child's output.
    private static func temporaryFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("misuse-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}
