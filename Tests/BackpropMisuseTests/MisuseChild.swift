import Foundation
@testable import BackpropNotebooks

/// The `backprop-misuse-cases` executable, run as a child process (the notebook runner's, which
/// stops the child's whole process group at the time limit).
enum MisuseChild {
    /// The executable, built beside this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("backprop-misuse-cases")
    }

    /// The names of every cataloged case (none when the executable cannot be run, which the
    /// catalog test reports).
    static func caseNames() -> [String] {
        guard let listing = try? run(["--list"], timeLimit: 60), listing.failure == nil else { return [] }
        return listing.standardOutput.split(separator: "\n").map(String.init)
    }

    /// Runs the executable with `arguments`, stopping it after `timeLimit` seconds.
    static func run(_ arguments: [String], timeLimit: Double) throws -> ChildProcess.Result {
        try ChildProcess(executable: executable, arguments: arguments, timeLimit: timeLimit).run()
    }
}
