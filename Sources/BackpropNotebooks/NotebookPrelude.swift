/// The code every notebook program starts with: the imports, unbuffered output (so that a
/// crash loses nothing already printed) and the `display` functions cells call to show images.
///
/// Displays reach the runner on standard output between record-separator tokens, which
/// ordinary text never contains.
enum NotebookPrelude {
    /// The character that brackets a token.
    static let separator: Character = "\u{1E}"
    /// The function the program calls before each cell's code.
    static let beginCellFunction = "__notebookBeginCell"
    /// The package's libraries every notebook program imports (and depends on).
    static let libraries = ["Backprop", "BackpropExpressions", "BackpropNN", "BackpropPlots"]

    static let source = #"""
        import Foundation
        \#(libraries.map { "import \($0)" }.joined(separator: "\n"))

        setvbuf(stdout, nil, _IONBF, 0)

        func __notebookToken(_ token: String) { print("\u{1E}\(token)\u{1E}", terminator: "") }

        func \#(beginCellFunction)(_ index: Int) { __notebookToken("CELL \(index)") }

        /// Shows an SVG image below the cell.
        func display(svg: String) {
            __notebookToken("SVG")
            print(svg, terminator: "")
            __notebookToken("END")
        }

        /// Shows a plot below the cell.
        func display(_ plot: Plot) { display(svg: plot.svg) }

        /// Shows Markdown (LaTeX between `$` signs included) below the cell.
        func display(markdown: String) {
            __notebookToken("MARKDOWN")
            print(markdown, terminator: "")
            __notebookToken("END")
        }

        /// Shows a computation graph below the cell: drawn by Graphviz when it is installed, and
        /// kept as DOT either way; the runner warns when the picture could not be drawn.
        func display(_ graph: ComputationGraph) {
            __notebookToken("GRAPH")
            print(graph.dot, terminator: "")
            do {
                let svg = try graph.renderSVG()
                __notebookToken("GRAPH-SVG")
                print(svg, terminator: "")
            } catch {
                __notebookToken("GRAPH-UNDRAWN")
                print(error, terminator: "")
            }
            __notebookToken("END")
        }

        """#
}
