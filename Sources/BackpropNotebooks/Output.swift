import Backprop

/// One output of a code cell.
public enum Output: Equatable, Sendable {
    /// Text the cell printed (standard output).
    case stream(String)
    /// An SVG image the cell displayed (a plot).
    case svg(String)
    /// Markdown the cell displayed.
    case markdown(String)
    /// A computation graph the cell displayed: its DOT source, and its picture when Graphviz
    /// drew one.
    case graph(dot: String, svg: String?)
    /// The cell failed: what failed (`compile error`, `runtime error`) and the message.
    case error(name: String, message: String)
    /// Any other output (from Jupyter, say), kept as it was read: its JSON text.
    case other(json: String)

    /// The MIME type that carries a graph's DOT source beside its picture.
    static let dotType = "text/vnd.graphviz"

    init(_ value: JSONValue, cell: Int, position: Int, path: String) throws(NotebookError) {
        guard case .string(let type)? = value["output_type"] else {
            throw NotebookError(path: path, problem: "has an output \(position + 1) of cell \(cell + 1) without an \"output_type\"",
                                fix: "Clear the cell's outputs and run it again")
        }
        let data = value["data"]
        switch type {
        case "stream" where value["name"] == .string("stdout"):
            self = .stream(value["text"]?.multilineText ?? "")
        case "display_data" where data?[Self.dotType] != nil:
            self = .graph(dot: data?[Self.dotType]?.multilineText ?? "", svg: data?["image/svg+xml"]?.multilineText)
        case "display_data" where data?["image/svg+xml"] != nil:
            self = .svg(data?["image/svg+xml"]?.multilineText ?? "")
        case "display_data" where data?["text/markdown"] != nil:
            self = .markdown(data?["text/markdown"]?.multilineText ?? "")
        case "error":
            self = .error(name: value["ename"]?.multilineText ?? "error", message: value["evalue"]?.multilineText ?? "")
        default:
            self = .other(json: value.serialized())
        }
    }

    /// The output as nbformat JSON.
    var json: JSONValue {
        switch self {
        case .stream(let text):
            return .object(members(("output_type", .string("stream")), ("name", .string("stdout")), ("text", .lines(text))))
        case .svg(let svg):
            return Self.displayData([("image/svg+xml", svg), ("text/plain", "<SVG image>")])
        case .markdown(let markdown):
            return Self.displayData([("text/markdown", markdown), ("text/plain", markdown)])
        case .graph(let dot, let svg):
            // Without a picture the DOT source is what a reader sees.
            return Self.displayData([(Self.dotType, dot)] + (svg.map { [("image/svg+xml", $0), ("text/plain", "<computation graph>")] } ?? [("text/plain", dot)]))
        case .error(let name, let message):
            return .object(members(("output_type", .string("error")), ("ename", .string(name)), ("evalue", .string(message)),
                                   ("traceback", .array(message.split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }))))
        case .other(let json):
            // The text was serialized from a parsed value, so it parses.
            return (try? json.utf8CString.withUnsafeBytes { bytes throws(TextSyntaxError) in try JSONValue.parse(UnsafeRawBufferPointer(rebasing: bytes.dropLast())) }) ?? .null
        }
    }

    private static func displayData(_ representations: [(String, String)]) -> JSONValue {
        .object(members(("output_type", .string("display_data")), ("metadata", .object([])),
                        ("data", .object(representations.map { JSONMember(key: $0.0, value: .lines($0.1)) }))))
    }

    /// Whether this is a computation graph.
    var isGraph: Bool { if case .graph = self { true } else { false } }

    /// Whether this is a computation graph without its picture.
    var isGraphWithoutPicture: Bool { if case .graph(_, nil) = self { true } else { false } }

    /// What `notebook check` compares: what the output shows. A graph is compared by its DOT
    /// source, since Graphviz's drawing of it varies between Graphviz versions and machines.
    var textForComparison: String {
        switch self {
        case .stream(let text): text
        case .svg(let svg): "[SVG image]\n" + svg
        case .markdown(let markdown): "[Markdown]\n" + markdown
        case .graph(let dot, _): "[computation graph]\n" + dot
        case .error(let name, let message): "[\(name)]\n" + message
        case .other(let json): json
        }
    }
}
