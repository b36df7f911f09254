import Backprop
import Foundation
import Testing

/// A notebook file of code cells, each with the outputs given.
private func writeNotebook(_ cells: [(source: String, outputs: [[String: Any]])], to url: URL) throws {
    let json: [String: Any] = [
        "cells": cells.enumerated().map { index, cell in
            ["cell_type": "code", "execution_count": NSNull(), "id": "c\(index)", "metadata": [String: Any](),
             "outputs": cell.outputs, "source": cell.source] as [String: Any]
        },
        "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5,
    ]
    try JSONSerialization.data(withJSONObject: json).write(to: url)
}

/// The outputs of each cell of the notebook at `url`, as JSON text.
private func outputs(of url: URL) throws -> [String] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    let cells = object?["cells"] as? [[String: Any]] ?? []
    return try cells.map { String(decoding: try JSONSerialization.data(withJSONObject: $0["outputs"] ?? [], options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) }
}

/// Whether a process of the process group `group` is alive (a zombie, ended but not yet reaped
/// by its new parent, does not count).
private func processGroupIsAlive(_ group: Int32) -> Bool {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.contains { entry in
        guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 2 && fields[2] == "\(group)" && fields[0] != "Z"
    }
}

/// A notebook whose first cell writes its program's process ID to `pid.txt` and whose second
/// cell never ends; every test that uses it names it the same, so its program is built once.
private func writeEndlessNotebook(in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent("endless.ipynb")
    try writeNotebook([
        ("try! String(getpid()).write(toFile: \"pid.txt\", atomically: true, encoding: .utf8)\nprint(\"started\")", []),
        ("var turns = 0\nwhile true { turns &+= 1 }", []),
    ], to: url)
    return url
}

/// The arguments that run or check `file` against this checkout, in debug (quicker to build).
private func notebookArguments(_ action: String, _ file: URL, _ more: [String] = []) -> [String] {
    ["notebook", action, file.path, "--package", BackpropTool.packageRoot.path, "--debug"] + more
}

/// The first build of a notebook compiles the library; later ones are incremental.
private let buildTimeLimit: Double = 1500

@Suite("backprop notebook: interruption, time limits, pictures and failed builds, through the built executable", .serialized)
struct NotebookCommandTests {
    @Test("SIGTERM stops the notebook's program and its whole process group, and the tool exits with 128 + 15")
    func interruptionStopsTheProgram() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notebook = try writeEndlessNotebook(in: directory)
        let tool = try BackpropTool.start(notebookArguments("run", notebook), in: directory)
        let pidFile = directory.appendingPathComponent("pid.txt")
        let deadline = Date().addingTimeInterval(buildTimeLimit)
        while tool.process.isRunning && Date() < deadline && (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap({ Int32($0) }) == nil {
            usleep(100_000)
        }
        guard let program = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap({ Int32($0) }) else {
            let result = tool.finish(timeLimit: 1)
            Issue.record("the notebook's program never started: \(result.standardError)")
            return
        }
        #expect(getpgid(program) == program, "the program leads a process group of its own")
        #expect(processGroupIsAlive(program))
        kill(tool.processIdentifier, SIGTERM)
        let result = tool.finish(timeLimit: 30)
        #expect(!result.timedOut && result.status == 128 + SIGTERM, "\(result.standardError)")
        #expect(result.standardError.contains("signal 15 (Terminated) stopped it"), "\(result.standardError)")
        #expect(!processGroupIsAlive(program), "a process of the notebook's group survived")
        if processGroupIsAlive(program) { kill(-program, SIGKILL) }
    }

    @Test("--timeout stops a cell that never ends and names it in the cell's error")
    func timeLimitStopsTheProgram() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notebook = try writeEndlessNotebook(in: directory)
        let result = try BackpropTool.run(notebookArguments("run", notebook, ["--timeout", "60"]), in: directory, timeLimit: buildTimeLimit)
        #expect(result.status == 1 && result.standardOutput.contains("cell 2 failed"), "\(result.standardOutput)\(result.standardError)")
        let cells = try outputs(of: notebook)
        #expect(cells[0].contains("started"))
        #expect(cells[1].contains("The program was stopped at its time limit of 60 seconds (backprop notebook --timeout)."), "\(cells[1])")
        let program = try #require(Int32(String(contentsOf: directory.appendingPathComponent("pid.txt"), encoding: .utf8)))
        #expect(!processGroupIsAlive(program))
    }

    @Test("a graph Graphviz cannot draw keeps its picture with a warning from run and check; check passes while its DOT is unchanged and fails when it changes")
    func undrawableGraphsAreReported() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A `dot` that always fails stands first on the PATH.
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho 'cannot draw' >&2\nexit 3\n".write(to: bin.appendingPathComponent("dot"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("dot").path)
        let environment = ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]

        let x = Variable(2.0).named("x")
        let dot = (x * x).graph.dot
        let notebook = directory.appendingPathComponent("graphs.ipynb")
        let committed: [String: Any] = ["output_type": "display_data", "metadata": [String: Any](),
                                        "data": ["text/vnd.graphviz": dot, "image/svg+xml": "<svg>the picture</svg>", "text/plain": "<computation graph>"]]
        try writeNotebook([("let x = Variable(2.0).named(\"x\")\ndisplay((x * x).graph)", [committed])], to: notebook)

        let run = try BackpropTool.run(notebookArguments("run", notebook), in: directory, environment: environment, timeLimit: buildTimeLimit)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("warning: cell 1: a graph's picture could not be drawn (renderSVG: dot exited with status 3: cannot draw"), "\(run.standardError)")
        #expect(run.standardError.contains("the picture already in the file, of the same graph, is kept"))
        #expect(try outputs(of: notebook)[0].contains("<svg>the picture</svg>"))

        let check = try BackpropTool.run(notebookArguments("check", notebook), in: directory, environment: environment, timeLimit: buildTimeLimit)
        #expect(check.status == 0 && check.standardError.contains("warning: cell 1: a graph's picture could not be drawn"), "\(check.standardOutput)\(check.standardError)")

        let changedGraph = (x * x * x).graph.dot
        let stale: [String: Any] = ["output_type": "display_data", "metadata": [String: Any](),
                                    "data": ["text/vnd.graphviz": changedGraph, "image/svg+xml": "<svg>another picture</svg>", "text/plain": "<computation graph>"]]
        try writeNotebook([("let x = Variable(2.0).named(\"x\")\ndisplay((x * x).graph)", [stale])], to: notebook)
        let staleCheck = try BackpropTool.run(notebookArguments("check", notebook), in: directory, environment: environment, timeLimit: buildTimeLimit)
        #expect(staleCheck.status == 1 && staleCheck.standardError.contains("has different outputs now"), "\(staleCheck.standardOutput)\(staleCheck.standardError)")
    }

    @Test("a cell that does not compile gets the error; the other cells keep their outputs")
    func failedBuildKeepsOutputs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notebook = directory.appendingPathComponent("broken.ipynb")
        let earlier: [String: Any] = ["output_type": "stream", "name": "stdout", "text": "printed by an earlier run\n"]
        try writeNotebook([("print(\"one\")", [earlier]), ("let y: Int = \"s\"", [earlier])], to: notebook)
        let result = try BackpropTool.run(notebookArguments("run", notebook), in: directory, timeLimit: buildTimeLimit)
        #expect(result.status == 1 && result.standardOutput.contains("cell 2 failed"), "\(result.standardOutput)\(result.standardError)")
        let cells = try outputs(of: notebook)
        #expect(cells[0].contains("printed by an earlier run"))
        #expect(cells[1].contains("compile error") && cells[1].contains("cannot convert value of type 'String' to specified type 'Int'"), "\(cells[1])")
    }
}
