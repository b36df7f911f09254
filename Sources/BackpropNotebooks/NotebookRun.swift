/// What running a notebook gave: the notebook with its new outputs, and what the run could not
/// do fully without failing.
///
/// ```swift
/// let run = try NotebookRunner(packageRoot: checkout).run(url)
/// for warning in run.warnings { print("warning:", warning) }
/// try run.notebook.write(to: url)
/// ```
public struct NotebookRun: Sendable {
    /// The notebook, with the outputs of the cells that ran.
    public var notebook: Notebook
    /// Problems that did not stop the run, one sentence each: graphs whose pictures could not
    /// be drawn (Graphviz is missing, say). Such a graph keeps the picture the file has for the same
    /// DOT source, so `notebook check` prints these and fails only if the outputs differ.
    public var warnings: [String]

    /// A run's result.
    public init(notebook: Notebook, warnings: [String]) {
        self.notebook = notebook
        self.warnings = warnings
    }
}
