import BackpropNotebooks
import Foundation

/// `backprop notebook run|check FILE...`: executes notebooks' Swift cells and writes or checks
/// their outputs.
enum NotebookCommand {
    static let usage = """
        USAGE: backprop notebook run FILE.ipynb...
               backprop notebook check FILE.ipynb...

        run    Executes each notebook's code cells in order, as one Swift program linked against
               Backprop, and writes what each cell printed and displayed into that cell. Cells
               that do not run (a cell fails to compile, or an earlier one crashes) keep their
               outputs; a graph that cannot be drawn is a warning and keeps its picture.
        check  Executes them again and fails, with a diff, when an output differs from the one
               in the file, a cell fails, or a graph's picture cannot be drawn (Graphviz's `dot`
               must be installed). The files are not changed.

        The programs are built in .build-notebooks/ of the Backprop checkout that holds the
        notebooks (the first build compiles the library and takes a minute or two).

        OPTIONS:
          --package DIR     the Backprop checkout to build against (default: the one holding FILE)
          --debug           build in debug mode (faster to compile, slower to run)
          --timeout SECONDS the longest a notebook's build, and then its program, may take
                            (1 to 604800, default 600); the build or program is then stopped and
                            the cell that was running gets the error
          -h, --help        show this help

        SIGINT (Ctrl-C) and SIGTERM stop the running build or program with everything it started,
        and the command exits with status 128 + the signal.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return arguments.isEmpty ? 64 : 0
        }
        let action = arguments[0]
        guard action == "run" || action == "check" else {
            printError("backprop notebook: unknown action '\(action)'; use run or check\n\n\(usage)")
            return 64
        }
        InterruptForwarding.install()
        do {
            let parsed = try Options(Array(arguments.dropFirst()), valued: ["--package", "--timeout"], switches: ["--debug"], takesPositionals: true)
            let timeLimit = try parsed.integer("--timeout", default: 600, in: 1...604_800)
            let files = parsed.positionals.map { URL(fileURLWithPath: $0) }
            guard !files.isEmpty else { throw UsageError("name at least one notebook file") }
            var failures = 0
            for file in files {
                guard let root = parsed.string("--package").map({ URL(fileURLWithPath: $0) }) ?? NotebookRunner.packageRoot(containing: file) else {
                    throw NotebookError(path: file.path, problem: "is not inside a Backprop checkout", fix: "Pass the checkout with --package DIR")
                }
                var runner = try NotebookRunner(packageRoot: root)
                runner.timeLimit = Double(timeLimit)
                if parsed.has("--debug") { runner.configuration = "debug" }
                let started = Date()
                let run = try runner.run(file)
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                if action == "run" {
                    try run.notebook.write(to: file)
                    for warning in run.warnings { printError("\(file.path): warning: \(warning)") }
                    let failing = run.notebook.failingCells
                    say("\(file.path): ran in \(seconds) s" + (failing.isEmpty ? "" : "; \(failing.count == 1 ? "cell" : "cells") \(failing.map(String.init).joined(separator: ", ")) failed"))
                    if !failing.isEmpty { failures += 1 }
                } else {
                    // A picture Graphviz cannot draw here is kept from the file when its DOT source is
                    // unchanged, so the comparison of outputs below already tells whether the notebook
                    // still shows what it did; the warning only says the picture was not redrawn.
                    for warning in run.warnings { printError("\(file.path): warning: \(warning)") }
                    let problems = try Notebook(contentsOf: file).problems(comparedWith: run.notebook)
                    if problems.isEmpty {
                        say("\(file.path): up to date (\(seconds) s)")
                    } else {
                        failures += 1
                        printError("\(file.path): \(problems.count) problem\(problems.count == 1 ? "" : "s")\n" + problems.joined(separator: "\n\n")
                                   + "\nRun `backprop notebook run \(file.path)` to write the new outputs once they are right.")
                    }
                }
            }
            return failures == 0 ? 0 : 1
        } catch let error as UsageError {
            printError("backprop notebook: \(error.message)\n\n\(usage)")
            return 64
        } catch {
            let signal = InterruptForwarding.received.load(ordering: .sequentiallyConsistent)
            printError("backprop notebook: \(error)")
            return signal == 0 ? 1 : InterruptForwarding.status(for: signal)
        }
    }
}
