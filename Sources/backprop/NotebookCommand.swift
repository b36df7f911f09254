import BackpropNotebooks
import Foundation

/// `backprop notebook run|check FILE...`: executes notebooks' Swift cells and writes or checks
/// their outputs.
enum NotebookCommand {
    static let usage = """
        USAGE: backprop notebook run FILE.ipynb...
               backprop notebook check FILE.ipynb...

        run    Executes each notebook's code cells in order, as one Swift program linked against
               Backprop, and writes what each cell printed and displayed into that cell.
        check  Executes them again and fails, with a diff, when an output differs from the one
               in the file or a cell fails. The files are not changed.

        The programs are built in .build-notebooks/ of the Backprop checkout that holds the
        notebooks (the first build compiles the library and takes a minute or two).

        OPTIONS:
          --package DIR   the Backprop checkout to build against (default: the one holding FILE)
          --debug         build in debug mode (faster to compile, slower to run)
          -h, --help      show this help
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
        var files: [URL] = []
        var options: [String] = []
        var remaining = arguments.dropFirst()
        while let argument = remaining.popFirst() {
            if argument == "--package", let value = remaining.popFirst() {
                options += [argument, value]
            } else if argument.hasPrefix("-") {
                options.append(argument)
            } else {
                files.append(URL(fileURLWithPath: argument))
            }
        }
        do {
            let parsed = try Options(options, valued: ["--package"], switches: ["--debug"])
            guard !files.isEmpty else { throw UsageError("name at least one notebook file") }
            var failures = 0
            for file in files {
                guard let root = parsed.string("--package").map({ URL(fileURLWithPath: $0) }) ?? NotebookRunner.packageRoot(containing: file) else {
                    throw NotebookError(path: file.path, problem: "is not inside a Backprop checkout", fix: "Pass the checkout with --package DIR")
                }
                var runner = try NotebookRunner(packageRoot: root)
                if parsed.has("--debug") { runner.configuration = "debug" }
                let started = Date()
                let fresh = try runner.run(file)
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                if action == "run" {
                    try fresh.write(to: file)
                    let failing = fresh.failingCells
                    say("\(file.path): ran in \(seconds) s" + (failing.isEmpty ? "" : "; cells \(failing.map(String.init).joined(separator: ", ")) failed"))
                    if !failing.isEmpty { failures += 1 }
                } else {
                    let problems = try Notebook(contentsOf: file).problems(comparedWith: fresh)
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
            printError("backprop notebook: \(error)")
            return 1
        }
    }
}
