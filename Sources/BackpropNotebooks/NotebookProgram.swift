/// A notebook's code cells as one Swift program: the prelude, then each cell in order behind a
/// marker that tells the transcript which cell is speaking. `#sourceLocation` makes the
/// compiler and the runtime name a cell and its own line ("cell 3:2:5: error: ...").
struct NotebookProgram {
    /// The program's `main.swift`.
    let source: String
    /// The indices (in the notebook, from 0) of the code cells, in the order they run.
    let codeCells: [Int]

    init(_ notebook: Notebook) {
        var text = NotebookPrelude.source
        var codeCells: [Int] = []
        for (index, cell) in notebook.cells.enumerated() where cell.kind == .code {
            codeCells.append(index)
            text += "\n\(NotebookPrelude.beginCellFunction)(\(index))\n"
            text += "#sourceLocation(file: \"\(Self.fileName(ofCell: index))\", line: 1)\n"
            text += cell.source
            text += "\n#sourceLocation()\n"
        }
        source = text
        self.codeCells = codeCells
    }

    /// The file name diagnostics give to the cell at `index`: "cell 3" for the third cell.
    static func fileName(ofCell index: Int) -> String { "cell \(index + 1)" }
}
