/// The compiler's errors about a notebook program, by the cell they are in.
struct CompileErrors {
    /// Each cell's errors, by the cell's index in the notebook, each as "line L, column C: message"
    /// followed by the cell's line and a caret under the column.
    private(set) var messages: [Int: [String]] = [:]

    /// Picks the errors in cells out of a build log: `cell N:L:C: error: message` lines, as
    /// `#sourceLocation` makes the compiler write them.
    init(buildLog: String, notebook: Notebook) {
        var seen: Set<Substring> = []
        for line in buildLog.split(separator: "\n") {
            guard let match = line.firstMatch(of: #/(?:^|/)cell (\d+):(\d+):(\d+): error: (.*)$/#),
                  let cellNumber = Int(match.1), let lineNumber = Int(match.2), let column = Int(match.3),
                  notebook.cells.indices.contains(cellNumber - 1), seen.insert(match.0).inserted else { continue }
            let cell = cellNumber - 1
            var message = "line \(lineNumber), column \(column): error: \(match.4)"
            let sourceLines = notebook.cells[cell].source.split(separator: "\n", omittingEmptySubsequences: false)
            if sourceLines.indices.contains(lineNumber - 1) {
                message += "\n    \(sourceLines[lineNumber - 1])\n    \(String(repeating: " ", count: max(column - 1, 0)))^"
            }
            messages[cell, default: []].append(message)
        }
    }

    var isEmpty: Bool { messages.isEmpty }
}
