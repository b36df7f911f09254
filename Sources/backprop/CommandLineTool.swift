import Foundation

/// Parses the first argument and hands the rest to a subcommand.
enum CommandLineTool {
    static let version = "0.1.0"

    static let usage = """
        backprop — reverse-mode automatic differentiation in Swift

        USAGE: backprop <subcommand> [options]

        SUBCOMMANDS:
          bench [--filter NAME[,NAME...]] [--list]
                        Time the benchmark workloads; prints workload<TAB>who<TAB>seconds.

        OPTIONS:
          -h, --help    Show this help.
          --version     Show the version.
        """

    /// Runs the tool and returns its exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            print(usage)
            return 0
        }
        switch first {
        case "-h", "--help", "help":
            print(usage)
            return 0
        case "--version":
            print("backprop \(version)")
            return 0
        case "bench":
            return BenchCommand.run(Array(arguments.dropFirst()))
        default:
            printError("backprop: unknown subcommand '\(first)'\n\n\(usage)")
            return 64
        }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
