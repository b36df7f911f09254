import Foundation
import Testing
@testable import BackpropNotebooks

@Suite struct NotebookFileTests {
    static let jupyterNotebook = #"""
        {
         "cells": [
          {"cell_type": "markdown", "id": "a1", "metadata": {"tags": ["intro"]}, "source": ["# Title\n", "Some text"]},
          {"cell_type": "code", "execution_count": 7, "id": "b2", "metadata": {},
           "outputs": [
            {"name": "stdout", "output_type": "stream", "text": ["x = 1\n", "y = 2\n"]},
            {"data": {"image/png": "iVBORw0KGgo="}, "metadata": {}, "output_type": "display_data"}
           ],
           "source": "print(1)"}
         ],
         "metadata": {"kernelspec": {"display_name": "Swift", "language": "swift", "name": "swift"}, "custom": {"n": 1.50}},
         "nbformat": 4, "nbformat_minor": 5
        }
        """#

    @Test func readingKeepsSourcesOutputsAndUnknownFields() throws {
        let notebook = try Notebook(data: Data(Self.jupyterNotebook.utf8))
        #expect(notebook.cells.map(\.kind) == [.markdown, .code])
        #expect(notebook.cells[0].source == "# Title\nSome text")
        #expect(notebook.cells[1].source == "print(1)")
        #expect(notebook.cells[1].outputs.first == .stream("x = 1\ny = 2\n"))
        guard case .other(let json)? = notebook.cells[1].outputs.last else {
            Issue.record("a PNG output should be kept as it was read")
            return
        }
        #expect(json.contains("iVBORw0KGgo="))
        let written = String(decoding: notebook.jsonData(), as: UTF8.self)
        for kept in ["\"id\": \"a1\"", "\"intro\"", "\"execution_count\": 7", "\"n\": 1.50", "\"image/png\": \"iVBORw0KGgo=\""] {
            #expect(written.contains(kept), "lost \(kept)")
        }
    }

    @Test func writingThenReadingGivesTheSameNotebook() throws {
        let notebook = try Notebook(data: Data(Self.jupyterNotebook.utf8))
        let again = try Notebook(data: notebook.jsonData())
        #expect(again.jsonData() == notebook.jsonData())
        #expect(again.cells.map(\.source) == notebook.cells.map(\.source))
    }

    @Test func writtenNotebooksUseJupytersLayout() throws {
        var notebook = Notebook(cells: [Cell(kind: .code, source: "print(1)\nprint(2)")])
        notebook.cells[0].outputs = [.stream("1\n2\n"), .svg("<svg/>"), .graph(dot: "digraph {}", svg: nil)]
        let text = String(decoding: notebook.jsonData(), as: UTF8.self)
        #expect(text.hasPrefix("{\n \"cells\": [\n  {\n   \"cell_type\": \"code\","))
        #expect(text.contains("\"source\": [\n    \"print(1)\\n\",\n    \"print(2)\"\n   ]"))
        #expect(text.contains("\"image/svg+xml\": [\n       \"<svg/>\"\n      ]"))
        #expect(text.contains("\"text/vnd.graphviz\""))
        #expect(text.hasSuffix("\"nbformat_minor\": 5\n}\n"))
        let reread = try Notebook(data: notebook.jsonData())
        #expect(reread.cells[0].outputs == notebook.cells[0].outputs)
    }

    @Test(arguments: [
        ("[1, 2]", "an array at the top"),
        ("{\"nbformat\": 3, \"cells\": []}", "is not nbformat 4"),
        ("{\"nbformat\": 4}", "no \"cells\" array"),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"widget\", \"source\": \"\"}]}", "cell 1 without a known \"cell_type\""),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": 3}]}", "cell 1 without a text \"source\""),
        ("{\"nbformat\": 4, \"cells\": [", "is not valid JSON"),
        ("{\"nbformat\": 4,\n \"cells\": [{\"cell_type\": \"code\" \"source\": \"\"}]}",
         "expected in an object at line 2, column 33"),
        ("{\"nbformat\": 4, \"cells\": [\n", "unexpected end of the notebook where a value was expected at line 2, column 1"),
    ])
    func malformedNotebooksThrowErrorsThatSayWhatIsWrong(text: String, expected: String) {
        #expect {
            try Notebook(data: Data(text.utf8), path: "bad.ipynb")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("bad.ipynb ") && description.contains(expected)
        }
    }

    @Test func writingReplacesTheFileAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("n.ipynb")
        try Notebook(cells: [Cell(kind: .markdown, source: "old")]).write(to: url)
        try Notebook(cells: [Cell(kind: .markdown, source: "new")]).write(to: url)
        #expect(try Notebook(contentsOf: url).cells.map(\.source) == ["new"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["n.ipynb"])
    }
}
