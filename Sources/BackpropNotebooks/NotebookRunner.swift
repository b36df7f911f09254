import Foundation

/// Runs notebooks: each notebook's code cells become one Swift program, built against the
/// Backprop package at `packageRoot` in a generated package under `.build-notebooks/`, and
/// what the program prints becomes the cells' outputs.
public struct NotebookRunner: Sendable {
    /// The Backprop package the programs link against.
    public let packageRoot: URL
    /// The build configuration of the programs and the library (`release` or `debug`).
    public var configuration = "release"
    /// Seconds a notebook's program may build, and then run, before it is stopped.
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
    /// outputs; a cell that fails to compile or crashes gets an error output, and the cells
    /// after a crash get none.
    ///
    /// - Throws: ``NotebookError`` when the notebook cannot be read or the library itself
    ///   does not build.
    public func run(_ url: URL) throws(NotebookError) -> Notebook {
        var notebook = try Notebook(contentsOf: url)
        let program = NotebookProgram(notebook)
        let transcript: ProgramTranscript
        switch try build(program, target: Self.targetName(for: url), notebook: notebook, path: url.path) {
        case .failed(let errors):
            for cell in program.codeCells {
                notebook.cells[cell].outputs = errors.messages[cell].map { [.error(name: "compile error", message: $0.joined(separator: "\n"))] } ?? []
                notebook.cells[cell].setExecutionCount(nil)
            }
            return notebook
        case .built(let executable):
            let result: ChildProcess.Result
            do {
                result = try ChildProcess(executable: executable, arguments: [], workingDirectory: url.deletingLastPathComponent(),
                                          environment: ["SWIFT_BACKTRACE": "enable=no"], timeLimit: timeLimit).run()
            } catch {
                throw NotebookError(path: url.path, problem: "could not start its program \(executable.path) (\(error.localizedDescription))", fix: "Check the build directory")
            }
            transcript = ProgramTranscript(standardOutput: result.standardOutput, standardError: result.standardError, failure: result.failure)
        }
        var executionCount = 0
        for cell in program.codeCells {
            let ran = transcript.cellsRun.contains(cell)
            if ran { executionCount += 1 }
            notebook.cells[cell].outputs = transcript.outputs[cell] ?? []
            notebook.cells[cell].setExecutionCount(ran ? executionCount : nil)
        }
        return notebook
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
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                      arguments: ["swift", "build", "--package-path", package.path, "--scratch-path", scratch.path,
                                                  "-c", configuration, "--product", target],
                                      timeLimit: timeLimit).run()
        } catch {
            throw NotebookError(path: path, problem: "could not start `swift build` (\(error.localizedDescription))", fix: "Put the Swift toolchain on PATH")
        }
        guard result.failure != nil else {
            return .built(scratch.appendingPathComponent("\(configuration)/\(target)"))
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
                        dependencies: [.product(name: "Backprop", package: "\(identity)"), .product(name: "BackpropNN", package: "\(identity)")],
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

    private func writeIfChanged(_ text: String, to url: URL) throws {
        if let existing = try? String(contentsOf: url, encoding: .utf8), existing == text { return }
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// A target name from the notebook's file name: ASCII letters and digits, prefixed so that
    /// it never starts with a digit.
    static func targetName(for url: URL) -> String {
        let stem = url.deletingPathExtension().lastPathComponent
        return "notebook_" + String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
