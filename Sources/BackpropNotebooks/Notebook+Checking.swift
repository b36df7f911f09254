extension Notebook {
    /// What `notebook check` reports about this notebook (as committed) against `fresh`, the
    /// same notebook run again: every cell that now fails, every code cell whose outputs
    /// changed, with a line diff of what it shows, and every cell whose graph has no picture in
    /// the file although one can be drawn now. Empty when the notebook is up to date.
    public func problems(comparedWith fresh: Notebook) -> [String] {
        guard fresh.cells.map(\.source) == cells.map(\.source) else {
            return ["the cells changed while the notebook ran; run the check again"]
        }
        var problems: [String] = []
        for (index, cell) in fresh.cells.enumerated() where cell.kind == .code {
            for case .error(let name, let message) in cell.outputs {
                problems.append("cell \(index + 1) fails with a \(name):\n" + message.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            }
            if cells[index].outputs.contains(where: \.isGraphWithoutPicture) && cell.outputs.contains(where: { !$0.isGraphWithoutPicture && $0.isGraph }) {
                problems.append("cell \(index + 1) shows a graph without its picture in the file, and Graphviz draws it now")
            }
            let committed = Self.comparisonText(cells[index].outputs), now = Self.comparisonText(cell.outputs)
            if committed != now {
                problems.append("cell \(index + 1) (starting `\(cell.source.prefix { $0 != "\n" })`) has different outputs now " +
                                "(- committed, + now):\n" + LineDiff.unified(from: committed, to: now))
            }
        }
        return problems
    }

    /// The numbers (from 1) of the cells whose outputs include an error.
    public var failingCells: [Int] {
        cells.indices.filter { index in
            cells[index].outputs.contains { if case .error = $0 { true } else { false } }
        }.map { $0 + 1 }
    }

    private static func comparisonText(_ outputs: [Output]) -> String {
        outputs.map(\.textForComparison).joined(separator: "\n[next output]\n")
    }
}
