import Foundation
import Testing
@testable import BackpropNotebooks

@Suite struct NotebookRunnerPartsTests {
    static let notebook = Notebook(cells: [
        Cell(kind: .markdown, source: "intro"),
        Cell(kind: .code, source: "let x = 1\nprint(x)"),
        Cell(kind: .code, source: "let y: Int = \"s\""),
    ])

    @Test func theProgramRunsEachCodeCellBehindAMarkerWithItsOwnLineNumbers() {
        let program = NotebookProgram(Self.notebook)
        #expect(program.codeCells == [1, 2])
        #expect(program.source.hasPrefix(NotebookPrelude.source))
        #expect(program.source.contains("__notebookBeginCell(1)\n#sourceLocation(file: \"cell 2\", line: 1)\nlet x = 1\nprint(x)\n#sourceLocation()\n"))
        #expect(program.source.contains("__notebookBeginCell(2)\n#sourceLocation(file: \"cell 3\", line: 1)\nlet y: Int = \"s\"\n"))
    }

    @Test func theTranscriptGivesEachCellWhatItPrintedAndDisplayed() {
        let output = "\u{1E}CELL 1\u{1E}one\ntwo\n\u{1E}SVG\u{1E}<svg/>\u{1E}END\u{1E}three\n"
            + "\u{1E}CELL 2\u{1E}\u{1E}GRAPH\u{1E}digraph {}\u{1E}GRAPH-SVG\u{1E}<svg>g</svg>\u{1E}END\u{1E}"
            + "\u{1E}MARKDOWN\u{1E}$x^2$\u{1E}END\u{1E}"
        let transcript = ProgramTranscript(standardOutput: output, standardError: "", failure: nil)
        #expect(transcript.cellsRun == [1, 2])
        #expect(transcript.outputs[1] == [.stream("one\ntwo\n"), .svg("<svg/>"), .stream("three\n")])
        #expect(transcript.outputs[2] == [.graph(dot: "digraph {}", svg: "<svg>g</svg>"), .markdown("$x^2$")])
    }

    @Test func aCrashBecomesAnErrorInTheCellThatWasRunningWithoutTheStackTrace() {
        let output = "\u{1E}CELL 1\u{1E}before\n\u{1E}CELL 4\u{1E}partial"
        let errors = "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range\nCurrent stack trace:\n0 libswiftCore.so 0x1\n"
        let transcript = ProgramTranscript(standardOutput: output, standardError: errors, failure: "was stopped by signal 4 (Illegal instruction)")
        #expect(transcript.outputs[1] == [.stream("before\n")])
        #expect(transcript.outputs[4] == [.stream("partial"), .error(name: "runtime error", message:
            "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range\nThe program was stopped by signal 4 (Illegal instruction).")])
    }

    @Test func compileErrorsAreFiledUnderTheirCellWithTheLineAndACaret() {
        let log = """
            Building for debugging...
            /tmp/x/Sources/n/cell 3:1:14: error: cannot convert value of type 'String' to specified type 'Int'
            cell 3:1:14: error: cannot convert value of type 'String' to specified type 'Int'
            /tmp/x/Sources/n/main.swift:9:1: warning: something else
            """
        let errors = CompileErrors(buildLog: log, notebook: Self.notebook)
        #expect(errors.messages.keys.sorted() == [2])
        #expect(errors.messages[2]?.first == "line 1, column 14: error: cannot convert value of type 'String' to specified type 'Int'\n    let y: Int = \"s\"\n                 ^")
    }

    @Test func theCheckReportsChangedOutputsAsALineDiffAndFailingCells() {
        var committed = Self.notebook
        committed.cells[1].outputs = [.stream("a\nb\nc\n")]
        var fresh = Self.notebook
        fresh.cells[1].outputs = [.stream("a\nB\nc\n")]
        fresh.cells[2].outputs = [.error(name: "compile error", message: "line 1: no")]
        let problems = committed.problems(comparedWith: fresh)
        #expect(problems.count == 3)
        #expect(problems[0].contains("cell 2 (starting `let x = 1`) has different outputs now"))
        #expect(problems[0].hasSuffix("  a\n- b\n+ B\n  c\n  "))
        #expect(problems[1] == "cell 3 fails with a compile error:\n    line 1: no")
        #expect(committed.problems(comparedWith: committed).isEmpty)
        #expect(fresh.failingCells == [3])
    }

    @Test func aGraphIsComparedByItsDOTSourceNotByGraphvizsDrawing() {
        var committed = Self.notebook, fresh = Self.notebook
        committed.cells[1].outputs = [.graph(dot: "digraph { a -> b }", svg: "<svg>drawn by one version</svg>")]
        fresh.cells[1].outputs = [.graph(dot: "digraph { a -> b }", svg: nil)]
        #expect(committed.problems(comparedWith: fresh).isEmpty)
        fresh.cells[1].outputs = [.graph(dot: "digraph { a -> c }", svg: nil)]
        #expect(committed.problems(comparedWith: fresh).count == 1)
    }

    @Test func cellsThatDidNotRunKeepTheirOutputs() {
        var committed = Self.notebook
        committed.cells[1].outputs = [.stream("1\n")]
        committed.cells[2].outputs = [.stream("earlier\n")]
        let log = "cell 3:1:14: error: cannot convert value of type 'String' to specified type 'Int'"
        let compiled = NotebookRunner.applying(CompileErrors(buildLog: log, notebook: committed), to: committed).notebook
        #expect(compiled.cells[1].outputs == [.stream("1\n")])
        #expect(compiled.cells[2].outputs.count == 1 && compiled.failingCells == [3])

        let crash = ProgramTranscript(standardOutput: "\u{1E}CELL 1\u{1E}2\n", standardError: "", failure: "exited with status 1")
        let crashed = NotebookRunner.applying(crash, to: committed).notebook
        #expect(crashed.cells[1].outputs.first == .stream("2\n"))
        #expect(crashed.cells[2].outputs == [.stream("earlier\n")])
    }

    @Test func aGraphGraphvizCannotDrawKeepsItsPictureAndIsAWarning() {
        var committed = Self.notebook
        committed.cells[1].outputs = [.graph(dot: "digraph { a -> b }", svg: "<svg>a, b</svg>")]
        committed.cells[2].outputs = [.graph(dot: "digraph { c }", svg: "<svg>c</svg>")]
        let output = "\u{1E}CELL 1\u{1E}\u{1E}GRAPH\u{1E}digraph { a -> b }\u{1E}GRAPH-UNDRAWN\u{1E}renderSVG: no dot\u{1E}END\u{1E}"
            + "\u{1E}CELL 2\u{1E}\u{1E}GRAPH\u{1E}digraph { d }\u{1E}GRAPH-UNDRAWN\u{1E}renderSVG: no dot\u{1E}END\u{1E}"
        let transcript = ProgramTranscript(standardOutput: output, standardError: "", failure: nil)
        #expect(transcript.undrawnGraphs == [1: ["renderSVG: no dot"], 2: ["renderSVG: no dot"]])
        let run = NotebookRunner.applying(transcript, to: committed)
        #expect(run.notebook.cells[1].outputs == [.graph(dot: "digraph { a -> b }", svg: "<svg>a, b</svg>")])
        #expect(run.notebook.cells[2].outputs == [.graph(dot: "digraph { d }", svg: nil)])
        #expect(run.warnings == [
            "cell 2: a graph's picture could not be drawn (renderSVG: no dot); the picture already in the file, of the same graph, is kept",
            "cell 3: a graph's picture could not be drawn (renderSVG: no dot); the graph is shown as DOT text only",
        ])
    }

    @Test func aCommittedGraphWithoutItsPictureFailsTheCheckOnceGraphvizCanDrawIt() {
        var committed = Self.notebook, fresh = Self.notebook
        committed.cells[1].outputs = [.graph(dot: "digraph { a -> b }", svg: nil)]
        fresh.cells[1].outputs = [.graph(dot: "digraph { a -> b }", svg: "<svg>a, b</svg>")]
        #expect(committed.problems(comparedWith: fresh) == ["cell 2 shows a graph without its picture in the file, and Graphviz draws it now"])
    }

    @Test func lineDiffElidesUnchangedRunsAndHandlesEdges() {
        let old = (1...20).map(String.init).joined(separator: "\n")
        let new = old.replacingOccurrences(of: "\n10\n", with: "\nten\n")
        #expect(LineDiff.unified(from: old, to: new) == "  …\n  8\n  9\n- 10\n+ ten\n  11\n  12\n  …")
        #expect(LineDiff.unified(from: "", to: "x") == "- \n+ x")
        #expect(LineDiff.unified(from: "same", to: "same") == "")
    }

    @Test func lineDiffOfALongOutputShowsOnlyTheChangedLinesFarApart() {
        let old = (0..<3_000).map { "step \($0): loss \(1.0 / Double($0 + 1))" }
        var new = old
        for changed in [100, 1_500, 2_900] { new[changed] += " (changed)" }
        let diff = LineDiff.unified(from: old.joined(separator: "\n"), to: new.joined(separator: "\n")).split(separator: "\n")
        #expect(diff.filter { $0.hasPrefix("-") } == [100, 1_500, 2_900].map { "- \(old[$0])" })
        #expect(diff.filter { $0.hasPrefix("+") } == [100, 1_500, 2_900].map { "+ \(new[$0])" })
        #expect(diff.count == 3 * (2 + 2 + 2 + 1) + 1, "each change with two lines either side and an ellipsis, and one at the end")
    }

    @Test func targetNamesAreValidSwiftIdentifiers() {
        #expect(NotebookRunner.targetName(for: URL(fileURLWithPath: "/a/01-chain rule.ipynb")) == "notebook_01_chain_rule")
        #expect(NotebookRunner.targetName(for: URL(fileURLWithPath: "/a/dérivée.ipynb")) == "notebook_d_riv_e")
    }
}
