import Backprop

/// One cell of a notebook: Markdown or raw text, or Swift code with its outputs.
public struct Cell: Sendable {
    /// What a cell holds.
    public enum Kind: String, Sendable {
        /// Swift code, run by `backprop notebook run`.
        case code
        /// Markdown text.
        case markdown
        /// Text shown as it is.
        case raw
    }

    /// What the cell holds.
    public var kind: Kind
    /// The cell's text.
    public var source: String
    /// What running the cell printed and displayed (code cells only).
    public var outputs: [Output]
    /// The cell's JSON object as read (id, metadata, execution count...), so that writing it
    /// back keeps every field this type does not model.
    private var fields: JSONValue

    /// A new cell.
    public init(kind: Kind, source: String, outputs: [Output] = []) {
        self.kind = kind
        self.source = source
        self.outputs = outputs
        fields = .object(members(("metadata", .object([]))))
    }

    init(_ value: JSONValue, index: Int, path: String) throws(NotebookError) {
        guard case .object = value else {
            throw NotebookError(path: path, problem: "has a cell \(index + 1) that is not an object", fix: "Open it in Jupyter and save it again")
        }
        guard case .string(let type)? = value["cell_type"], let kind = Kind(rawValue: type) else {
            throw NotebookError(path: path, problem: "has a cell \(index + 1) without a known \"cell_type\"", fix: "Use code, markdown or raw cells")
        }
        guard let source = value["source"]?.multilineText else {
            throw NotebookError(path: path, problem: "has a cell \(index + 1) without a text \"source\"", fix: "Open it in Jupyter and save it again")
        }
        var outputs: [Output] = []
        if case .array(let values)? = value["outputs"] {
            for (position, output) in values.enumerated() {
                outputs.append(try Output(output, cell: index, position: position, path: path))
            }
        }
        self.kind = kind
        self.source = source
        self.outputs = outputs
        fields = value
    }

    /// The cell as nbformat JSON.
    var json: JSONValue {
        var object = fields
        object["cell_type"] = .string(kind.rawValue)
        object["source"] = .lines(source)
        if object["metadata"] == nil { object["metadata"] = .object([]) }
        if kind == .code {
            object["outputs"] = .array(outputs.map(\.json))
            if object["execution_count"] == nil { object["execution_count"] = .null }
        } else {
            object["outputs"] = nil
            object["execution_count"] = nil
        }
        return object
    }

    /// The picture of the graph output whose DOT source is `dot`, if the cell has one.
    func picture(ofGraph dot: String) -> String? {
        outputs.lazy.compactMap { output in
            if case .graph(dot, let svg?) = output { svg } else { nil }
        }.first
    }

    /// Sets the number Jupyter shows beside a code cell that ran; nil for one that did not.
    mutating func setExecutionCount(_ count: Int?) {
        fields["execution_count"] = count.map { .number(String($0)) } ?? .null
    }
}
