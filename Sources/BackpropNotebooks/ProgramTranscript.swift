/// What a notebook program printed, split back into the outputs of the cells that printed it.
struct ProgramTranscript {
    /// Each cell's outputs, by the cell's index in the notebook.
    private(set) var outputs: [Int: [Output]] = [:]
    /// The cells that began running, in order.
    private(set) var cellsRun: [Int] = []
    /// Why Graphviz did not draw a graph, for each graph shown without a picture, by cell.
    private(set) var undrawnGraphs: [Int: [String]] = [:]

    /// Splits `standardOutput` at the prelude's tokens. When the program failed, the cell that
    /// was running gets an error output with the runtime's message from `standardError`.
    init(standardOutput: String, standardError: String, failure: String?) {
        var current: Int?
        var display: (token: String, parts: [String: String])?
        var part = ""
        // Text and tokens alternate: pieces at even positions are text, at odd ones tokens.
        for (position, piece) in standardOutput.split(separator: NotebookPrelude.separator, omittingEmptySubsequences: false).enumerated() {
            let text = String(piece)
            if position % 2 == 0 {
                if display != nil {
                    display?.parts[part, default: ""] += text
                } else if let cell = current, !text.isEmpty {
                    appendText(text, to: cell)
                }
                continue
            }
            switch text {
            case _ where text.hasPrefix("CELL "):
                current = Int(text.dropFirst(5))
                if let cell = current { cellsRun.append(cell) }
            case "SVG", "MARKDOWN", "GRAPH":
                display = (text, [:])
                part = text
            case "GRAPH-SVG", "GRAPH-UNDRAWN":
                part = text
            case "END":
                if let cell = current, let finished = display {
                    append(Self.output(finished.token, finished.parts), to: cell)
                    if let reason = finished.parts["GRAPH-UNDRAWN"] { undrawnGraphs[cell, default: []].append(reason) }
                }
                display = nil
            default:
                if let cell = current { appendText(text, to: cell) }
            }
        }
        if let failure, let cell = current {
            append(.error(name: "runtime error", message: Self.runtimeMessage(standardError, failure: failure)), to: cell)
        }
    }

    private static func output(_ token: String, _ parts: [String: String]) -> Output {
        switch token {
        case "SVG": .svg(parts["SVG"] ?? "")
        case "MARKDOWN": .markdown(parts["MARKDOWN"] ?? "")
        default: .graph(dot: parts["GRAPH"] ?? "", svg: parts["GRAPH-SVG"])
        }
    }

    private mutating func appendText(_ text: String, to cell: Int) {
        if case .stream(let earlier)? = outputs[cell]?.last {
            outputs[cell]![outputs[cell]!.count - 1] = .stream(earlier + text)
        } else {
            append(.stream(text), to: cell)
        }
    }

    private mutating func append(_ output: Output, to cell: Int) {
        outputs[cell, default: []].append(output)
    }

    /// The runtime's own lines from standard error, without the stack trace: what a reader
    /// needs ("cell 3:2: Fatal error: Index out of range") and nothing that varies by machine.
    static func runtimeMessage(_ standardError: String, failure: String) -> String {
        var lines: [Substring] = []
        for line in standardError.split(separator: "\n") {
            if line.hasPrefix("Current stack trace:") || line.hasPrefix("Stack dump:") || line.hasPrefix("💣") { break }
            lines.append(line)
        }
        return (lines + [Substring("The program " + failure + ".")]).joined(separator: "\n")
    }
}
