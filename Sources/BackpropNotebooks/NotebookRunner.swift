import Foundation

/// Runs notebooks: each notebook's code cells become one Swift program, built against the
/// Backprop package at `packageRoot` in a generated package under `.build-notebooks/`, and
/// what the program prints becomes the cells' outputs.
public struct NotebookRunner: Sendable {
    /// The Backprop package the programs link against.
    public let packageRoot: URL
    /// The build configuration of the programs and the library (`release` or `debug`).
    public var configuration = "release"
    /// Seconds a notebook's program may build, and then run, before it is stopped (with its
    /// whole process group: the compilers of the build, whatever the program started).
    public var timeLimit: Double = 600

    /// A runner that builds against the package at `packageRoot`.
    ///
    /// - Throws: ``NotebookError`` when `packageRoot` has no Package.swift.
    public init(packageRoot: URL) throws(NotebookError) {
        guard FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Package.swift").path) else {
            throw NotebookError(path: packageRoot.path, problem: "has no Package.swift", fix: "Pass the Backprop checkout with --package")
        }
        self.packageRoot = packageRoot.standardizedFileURL
    }

    /// The Backprop checkout that holds `file`: the nearest directory at or above it with a
    /// Package.swift naming the package "Backprop".
    public static func packageRoot(containing file: URL) -> URL? {
        var directory = file.standardizedFileURL
        while directory.path != "/" {
            let manifest = directory.appendingPathComponent("Package.swift")
            if let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("name: \"Backprop\"") { return directory }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Runs the code cells of the notebook at `url` and returns the notebook with their new
    /// outputs. A cell that fails to compile or crashes gets an error output; the cells that did
    /// not run (all others when the program does not compile, those after a crash) keep the
    /// outputs they had, as in Jupyter.
    ///
    /// A graph whose picture Graphviz cannot draw (it is not installed, say) keeps the picture
    /// it had when its DOT source is unchanged, and the run's ``NotebookRun/warnings`` say so.
    ///
    /// - Throws: ``NotebookError`` when the notebook cannot be read, the library itself
    ///   does not build, or the run was stopped (``stopRunningPrograms(interruptedBy:)``).
    public func run(_ url: URL) throws(NotebookError) -> NotebookRun {
        let notebook = try Notebook(contentsOf: url)
        let program = NotebookProgram(notebook)
        switch try build(program, target: Self.targetName(for: url), notebook: notebook, path: url.path) {
        case .failed(let errors):
            return Self.applying(errors, to: notebook)
        case .built(let executable):
            let result: ChildProcess.Result
            do {
                result = try ChildProcess(executable: executable, arguments: [], workingDirectory: url.deletingLastPathComponent(),
                                          environment: ["SWIFT_BACKTRACE": "enable=no"], timeLimit: timeLimit).run()
            } catch let interrupted as ChildProcess.Interrupted {
                throw Self.interruptionError(interrupted, path: url.path)
            } catch {
                throw NotebookError(path: url.path, problem: "could not start its program \(executable.path) (\(error.localizedDescription))", fix: "Check the build directory")
            }
            let transcript = ProgramTranscript(standardOutput: result.standardOutput, standardError: result.standardError, failure: result.failure)
            return Self.applying(transcript, to: notebook)
        }
    }

    /// `notebook` with an error output in each cell that failed to compile; no cell ran, so the
    /// others keep their outputs.
    static func applying(_ errors: CompileErrors, to notebook: Notebook) -> NotebookRun {
        var result = notebook
        for (cell, messages) in errors.messages {
            result.cells[cell].outputs = [.error(name: "compile error", message: messages.joined(separator: "\n"))]
            result.cells[cell].setExecutionCount(nil)
        }
        return NotebookRun(notebook: result, warnings: [])
    }

    /// `notebook` with the outputs of the cells that `transcript` says ran, numbered in the
    /// order they ran; the other cells are left as they were. A graph that could not be drawn
    /// keeps the picture the cell had for the same DOT source, if any.
    static func applying(_ transcript: ProgramTranscript, to notebook: Notebook) -> NotebookRun {
        var result = notebook
        var warnings: [String] = []
        for (order, cell) in transcript.cellsRun.enumerated() where notebook.cells.indices.contains(cell) {
            var reasons = transcript.undrawnGraphs[cell] ?? []
            result.cells[cell].outputs = (transcript.outputs[cell] ?? []).map { output in
                guard case .graph(let dot, nil) = output else { return output }
                let picture = notebook.cells[cell].picture(ofGraph: dot)
                let reason = reasons.isEmpty ? "the program gave none" : reasons.removeFirst()
                warnings.append("cell \(cell + 1): a graph's picture could not be drawn (\(reason)); "
                                + (picture == nil ? "the graph is shown as DOT text only" : "the picture already in the file, of the same graph, is kept"))
                return .graph(dot: dot, svg: picture)
            }
            result.cells[cell].setExecutionCount(order + 1)
        }
        return NotebookRun(notebook: result, warnings: warnings)
    }

    /// Stops the programs (and builds) that notebook runs in this process are running, because
    /// the caller received `signal`: sends each process group SIGINT (as a Ctrl-C would, so that
    /// `swift build` cancels its build and stops its compilers), gives it a few seconds to end,
    /// then kills what is left, so that nothing keeps running once the caller exits. Those runs
    /// then throw a ``NotebookError`` naming `signal`, and later runs throw it at once.
    ///
    /// The programs run in process groups of their own, so a Ctrl-C on the terminal reaches only
    /// the caller: a command-line tool calls this from its SIGINT and SIGTERM handling (off the
    /// signal handler itself, since it waits). Returns whether anything was running.
    @discardableResult
    public static func stopRunningPrograms(interruptedBy signal: Int32) -> Bool {
        ChildProcess.stopAll(interruptedBy: signal)
    }

    private static func interruptionError(_ interrupted: ChildProcess.Interrupted, path: String) -> NotebookError {
        NotebookError(path: path, problem: "was not run to the end: signal \(interrupted.signal) (\(String(cString: strsignal(interrupted.signal)))) stopped it",
                      fix: "Run it again")
    }

    private enum Build {
        case built(URL)
        case failed(CompileErrors)
    }

    private var workspace: URL { packageRoot.appendingPathComponent(".build-notebooks") }

    /// Writes the program into the generated package (only when it changed, so that builds
    /// stay incremental) and builds it.
    private func build(_ program: NotebookProgram, target: String, notebook: Notebook, path: String) throws(NotebookError) -> Build {
        let package = workspace.appendingPathComponent("package")
        let sources = package.appendingPathComponent("Sources/\(target)")
        do {
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            try writeIfChanged(program.source, to: sources.appendingPathComponent("main.swift"))
            try writeIfChanged(manifest(), to: package.appendingPathComponent("Package.swift"))
        } catch {
            throw NotebookError(path: workspace.path, problem: "cannot hold the generated program (\(error.localizedDescription))", fix: "Check the directory's permissions")
        }
        let scratch = workspace.appendingPathComponent("build")
        forgetCompiledModulesIfLibraryFilesChanged(scratch: scratch)
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                      arguments: ["swift", "build", "--package-path", package.path, "--scratch-path", scratch.path,
                                                  "-c", configuration, "--product", target],
                                      timeLimit: timeLimit).run()
        } catch let interrupted as ChildProcess.Interrupted {
            throw Self.interruptionError(interrupted, path: path)
        } catch {
            throw NotebookError(path: path, problem: "could not start `swift build` (\(error.localizedDescription))", fix: "Put the Swift toolchain on PATH")
        }
        guard result.failure != nil else {
            return .built(scratch.appendingPathComponent("\(configuration)/\(target)"))
        }
        guard !result.timedOut else {
            throw NotebookError(path: path, problem: "was not built within the time limit of \(Int(timeLimit)) seconds, and the build was stopped",
                                fix: "Pass a longer --timeout (the first build compiles the library), or look for a cell that the compiler finds too complex")
        }
        let log = result.standardOutput + result.standardError
        let errors = CompileErrors(buildLog: log, notebook: notebook)
        guard !errors.isEmpty else {
            let tail = log.split(separator: "\n").suffix(30).joined(separator: "\n")
            throw NotebookError(path: path, problem: "could not be built, and not because of its cells:\n\(tail)\n", fix: "Fix the build of the Backprop package first")
        }
        return .failed(errors)
    }

    /// Every notebook gets its own executable target in one generated package, so that the
    /// library is built once for all of them. The cells compile without optimisation, so that
    /// a failed check (an index out of range...) says what failed, as it would in a debugger;
    /// the library keeps the configuration's optimisation.
    ///
    /// SwiftPM plans a path dependency's files once and does not notice files added to or removed
    /// from it later; the manifest names the library's file list by a fingerprint, so that a new
    /// list changes the manifest and makes SwiftPM plan again.
    private func manifest() throws -> String {
        let sources = workspace.appendingPathComponent("package/Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
        let identity = packageRoot.lastPathComponent.lowercased()
        let declarations = targets.map { target in
            """
                    .executableTarget(
                        name: "\(target)",
                        dependencies: [\(NotebookPrelude.libraries.map { ".product(name: \"\($0)\", package: \"\(identity)\")" }.joined(separator: ", "))],
                        swiftSettings: [.unsafeFlags(["-suppress-warnings", "-Onone"])]),
            """
        }
        return """
            // swift-tools-version:6.0
            // Generated by `backprop notebook`: one program per notebook. Do not edit.
            // Library files: \(librarySourcesFingerprint())
            import PackageDescription

            let package = Package(
                name: "BackpropNotebooks",
                dependencies: [.package(path: "\(packageRoot.path)")],
                targets: [
            \(declarations.joined(separator: "\n"))
                ],
                swiftLanguageModes: [.v5]
            )

            """
    }

    /// The number of the library's source files and an FNV-1a hash of their paths.
    private func librarySourcesFingerprint() -> String {
        let sources = packageRoot.appendingPathComponent("Sources")
        let paths = (FileManager.default.subpaths(atPath: sources.path) ?? []).sorted()
        let hash = paths.joined(separator: "\n").utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return "\(paths.count) paths, \(String(hash, radix: 16))"
    }

    /// Writes `text` to `url` unless the file already holds it; returns whether it wrote.
    @discardableResult
    private func writeIfChanged(_ text: String, to url: URL) throws -> Bool {
        if let existing = try? String(contentsOf: url, encoding: .utf8), existing == text { return false }
        try Data(text.utf8).write(to: url, options: .atomic)
        return true
    }

    /// Clang's cache of compiled modules does not notice a header added to a C target's include
    /// directory (the library's module then lacks the new functions), so the caches are removed
    /// whenever the library's file list changes, and rebuilt by the next build.
    private func forgetCompiledModulesIfLibraryFilesChanged(scratch: URL) {
        let record = workspace.appendingPathComponent("library-files")
        guard (try? writeIfChanged(librarySourcesFingerprint() + "\n", to: record)) == true else { return }
        for configuration in ["debug", "release"] {
            try? FileManager.default.removeItem(at: scratch.appendingPathComponent("\(configuration)/ModuleCache"))
        }
    }

    /// A target name from the notebook's file name: ASCII letters and digits, prefixed so that
    /// it never starts with a digit.
    static func targetName(for url: URL) -> String {
        let stem = url.deletingPathExtension().lastPathComponent
        return "notebook_" + String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
