import Foundation

extension ComputationGraph {
    /// The graph in Graphviz DOT: operations as boxes, leaves as ellipses, the output outlined
    /// twice; each node shows its label, operation, value and gradient; edges run from inputs to
    /// the operations that use them. When labels refer to other nodes (`reshape(t3)`), each
    /// operation also shows its own reference, so that `t3` can be found.
    public var dot: String {
        var lines = ["digraph backprop {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=11];"]
        let references = Set(nodes.map(\.reference))
        let labelsReferToNodes = nodes.contains { node in
            node.label.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { references.contains(String($0)) && String($0) != node.label }
        }
        for node in nodes {
            var text = [node.label]
            if node.kind == .operation && node.operation != node.label {
                text.append(labelsReferToNodes && node.label != node.reference ? "\(node.operation) (\(node.reference))" : node.operation)
            }
            if let value = node.value { text.append("value \(value)") }
            if let gradient = node.gradient { text.append("grad \(gradient)") }
            let style = node.kind == .operation
                ? "shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\""
                : "shape=ellipse, style=filled, fillcolor=\"#fff4d6\""
            let outline = node.id == output ? ", peripheries=2" : ""
            lines.append("  n\(node.id) [\(style)\(outline), label=\"\(text.map(escaped).joined(separator: "\\n"))\"];")
        }
        for node in nodes {
            for input in node.inputs { lines.append("  n\(input) -> n\(node.id);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// The graph as a tree drawn from the output down to the leaves, for a terminal; a node used
    /// twice is drawn once and then referred to.
    ///
    /// ```
    /// tanh(x·w + b) = -0.9951  grad 1
    /// └─ x·w + b = -5  grad 0.009866
    ///    ├─ x·w = -6  grad 0.009866
    ///    │  ├─ x = 2  grad -0.0296  (leaf)
    ///    │  └─ w = -3  grad 0.01973  (leaf)
    ///    └─ b = 1  grad 0.009866  (leaf)
    /// ```
    public var textTree: String {
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        var lines: [String] = []
        var drawn = Set<Int>()
        func describe(_ node: Node) -> String {
            var text = node.label
            if let value = node.value { text += " = \(value)" }
            if let gradient = node.gradient { text += "  grad \(gradient)" }
            if node.kind != .operation { text += "  (\(node.kind.rawValue))" }
            return text
        }
        func draw(_ id: Int, prefix: String, connector: String, childPrefix: String) {
            guard let node = byID[id] else { return }
            if drawn.contains(id) && !node.inputs.isEmpty {
                lines.append(prefix + connector + node.label + "  (shown above)")
                return
            }
            drawn.insert(id)
            lines.append(prefix + connector + describe(node))
            for (position, input) in node.inputs.enumerated() {
                let last = position == node.inputs.count - 1
                draw(input, prefix: prefix + childPrefix, connector: last ? "└─ " : "├─ ", childPrefix: last ? "   " : "│  ")
            }
        }
        draw(output, prefix: "", connector: "", childPrefix: "")
        return lines.joined(separator: "\n")
    }

    /// The graph as SVG, drawn by Graphviz's `dot` program, and scaled down to at most 640
    /// points wide (and to its container's width where a page's styles apply) so that a long
    /// chain is shown whole rather than cut off.
    ///
    /// - Throws: ``GraphvizError`` when `dot` is not installed or fails.
    public func renderSVG() throws -> String {
        guard let dotProgram = GraphvizError.locateDot() else { throw GraphvizError.notInstalled }
        // The DOT text and dot's messages go through files: a pipe to a `dot` that stops early
        // would end this process with SIGPIPE, and one that fills up would stall it.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-dot-\(UUID().uuidString)")
        let source = directory.appendingPathComponent("graph.dot"), messages = directory.appendingPathComponent("messages")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: source)
        } catch {
            throw GraphvizError(problem: "could not write the graph for dot in \(directory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = FileManager.default.createFile(atPath: messages.path, contents: nil)
        let process = Process()
        process.executableURL = dotProgram
        process.arguments = ["-Tsvg", source.path]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        do {
            process.standardError = try FileHandle(forWritingTo: messages)
            try process.run()
        } catch {
            throw GraphvizError(problem: "could not start \(dotProgram.path): \(error.localizedDescription)")
        }
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            let message = (try? Data(contentsOf: messages)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            throw GraphvizError(problem: "dot exited with status \(process.terminationStatus): \(message)")
        }
        return GraphvizSVG.fittingWidth(String(decoding: svg, as: UTF8.self))
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

/// Drawing a graph as SVG failed, most often because Graphviz is not installed.
public struct GraphvizError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let problem: String

    /// The error of a machine without Graphviz's `dot`.
    static let notInstalled = GraphvizError(
        problem: "the program `dot` was not found on the PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz, macOS: brew install graphviz), or use the graph's `dot` text or `textTree` instead")

    /// `renderSVG: <problem>`.
    public var description: String { "renderSVG: \(problem)" }

    /// The `dot` executable on the PATH, if any.
    static func locateDot() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
