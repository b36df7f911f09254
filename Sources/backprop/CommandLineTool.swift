import Foundation

/// Parses the first argument and hands the rest to a subcommand.
enum CommandLineTool {
    static let version = "0.1.0"

    static let usage = """
        backprop — reverse-mode automatic differentiation in Swift

        USAGE: backprop <subcommand> [options]

        SUBCOMMANDS:
          train [options]       Train a network on the bundled 8×8 digits and save its weights.
          evaluate --weights F  Reload saved weights and measure them on the test digits.
          explain "EXPR" [NAME=VALUE...] [--format text|markdown|latex] [--dot]
                                Differentiate an expression at a point; show each ∂f/∂NAME and the
                                chain rule step by step, or the graph as DOT.
          bench [--filter NAME[,NAME...]] [--list]
                                Time the benchmark workloads; prints each one's median time.
          notebook run|check FILE...
                                Run notebooks' Swift cells and write, or check, their outputs.
          soak [options]        Run the engine for a long time; fail if resident memory keeps growing.

        Run `backprop SUBCOMMAND --help` for a subcommand's options, written --name value or
        --name=value.

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
        case "train":
            return TrainCommand.run(Array(arguments.dropFirst()))
        case "evaluate":
            return EvaluateCommand.run(Array(arguments.dropFirst()))
        case "explain":
            return ExplainCommand.run(Array(arguments.dropFirst()))
        case "bench":
            return BenchCommand.run(Array(arguments.dropFirst()))
        case "notebook":
            return NotebookCommand.run(Array(arguments.dropFirst()))
        case "soak":
            return SoakCommand.run(Array(arguments.dropFirst()))
        default:
            printError("backprop: unknown subcommand '\(first)'\n\n\(usage)")
            return 64
        }
    }
}

/// Writes a line to standard output at once (unbuffered, so that it interleaves correctly
/// with a progress bar).
func say(_ message: String) {
    FileHandle.standardOutput.write(Data((message + "\n").utf8))
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
