import Foundation

/// The chain rule as a backward sweep applied it, step by step: for each operation, in the order
/// of the sweep, and each of its inputs, the local derivative (as a formula and a value), the
/// gradient arriving from above, their product, and — where an input is used more than once —
/// the running total, the sum of the multivariate chain rule made visible.
///
/// Each node is written the same way wherever it appears: its name, or its expression in its
/// inputs' labels, or — when that is too long — a reference such as `v11` that the trace
/// defines before its steps (``definitions``).
///
/// ```swift
/// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
/// let trace = tanh(x * w + b).backwardWithTrace()
/// print(trace)
/// // ∂L/∂(x·w + b) += ∂L/∂tanh(x·w + b) · ∂tanh(x·w + b)/∂(x·w + b): 1 × (1 − tanh²(x·w + b) = 0.0001816) = 0.0001816
/// // ...
/// ```
public struct ChainRuleTrace: Sendable, CustomStringConvertible {
    /// One application of the chain rule: an operation passing its gradient to one input.
    public struct Step: Sendable {
        /// The label of the operation's result (`x·w + b`).
        public let output: String
        /// The label of the input receiving gradient (`x·w`).
        public let input: String
        /// The local derivative ∂output/∂input as a formula in the inputs (`w`, `1 − tanh²(…)`),
        /// or for tensors the matrix form of the gradient (`δ·aᵀ`).
        public let formula: String
        /// The value of the local derivative (scalars), nil for tensors.
        public let localValue: Double?
        /// The gradient of the final output with respect to `output`.
        public let upstream: ValueSummary
        /// The contribution to the input: upstream × local derivative.
        public let contribution: ValueSummary
        /// The input's gradient so far, when this is not its first contribution.
        public let runningTotal: ValueSummary?
        /// For tensors, the shapes of the product: `[4×1]·[1×3] → [4×3]`.
        public let shapes: String?
        /// The nodes of the operation and of the input (``ComputationGraph/Node/id``), and their tape.
        let outputNode: Int32, inputNode: Int32, tape: ObjectIdentifier
    }

    /// What a name used by the steps stands for: a reference to a node whose expression is too
    /// long to repeat (`v16`: `(σ(x·w + b)^2)·log(x·w + b)`), or a symbol of the notation (`δ`).
    public struct Definition: Sendable, Equatable {
        /// The name as the steps write it.
        public let name: String
        /// What it stands for, in the labels of the steps.
        public let meaning: String
        /// Whether `meaning` is a formula rather than words.
        let isFormula: Bool
    }

    /// The steps, in the order the sweep applied them.
    public let steps: [Step]
    /// Every name the steps use that is not a name you gave or an expression: references to
    /// long expressions, `c` for unnamed constants, `δ` for the gradient arriving from above.
    public let definitions: [Definition]
    /// The graph the sweep ran through, with every node's gradient.
    public let graph: ComputationGraph

    init(steps: [Step], definitions: [Definition] = [], graph: ComputationGraph) {
        self.steps = steps
        self.definitions = definitions
        self.graph = graph
    }

    /// The steps as plain text, one per line.
    public var description: String { text }

    /// The steps as plain text, one per line, after the definitions of the names they use
    /// (`where v16 = …`).
    public var text: String {
        let width = definitions.map(\.name.count).max() ?? 0
        let definitionLines = definitions.enumerated().map { index, definition in
            (index == 0 ? "where " : "      ") + definition.name + String(repeating: " ", count: width - definition.name.count)
                + " = " + definition.meaning
        }
        return (definitionLines + steps.map { step in
            let input = parenthesized(step.input), output = parenthesized(step.output)
            var line = "∂L/∂\(input) += ∂L/∂\(output) · ∂\(output)/∂\(input): "
            if let local = step.localValue {
                line += "\(step.upstream) × (\(step.formula) = \(formatNumber(local))) = \(step.contribution)"
            } else {
                line += "\(step.formula) = \(step.contribution)"
                if let shapes = step.shapes { line += "  : \(shapes)" }
            }
            if let total = step.runningTotal { line += "   (total \(total))" }
            return line
        }).joined(separator: "\n")
    }

    /// The steps as a Markdown table, after a table of the names they use.
    public var markdown: String {
        var lines: [String] = []
        if !definitions.isEmpty {
            lines = ["| name | stands for |", "|---|---|"]
            lines += definitions.map { "| `\($0.name)` | `\($0.meaning.replacingOccurrences(of: "|", with: "\\|"))` |" }
            lines.append("")
        }
        lines += ["| step | operation | input | local derivative | upstream | contribution | total |",
                  "|---|---|---|---|---|---|---|"]
        for (index, step) in steps.enumerated() {
            let input = parenthesized(step.input), output = parenthesized(step.output)
            let local = step.localValue.map { "∂\(output)/∂\(input) = \(step.formula) = \(formatNumber($0))" }
                ?? "∂L/∂\(input) = \(step.formula)" + (step.shapes.map { " : \($0)" } ?? "")
            let cells = ["\(index + 1)", "`\(step.output)`", "`\(step.input)`", local, "\(step.upstream)", "\(step.contribution)",
                         step.runningTotal.map { "\($0)" } ?? ""]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The steps as LaTeX, one aligned equation per step, after the definitions of the names
    /// they use.
    public var latex: String {
        let definitionRows = definitions.map { definition in
            latexText(definition.name) + " &:= "
                + (definition.isFormula ? latexText(definition.meaning) : "\\text{\(definition.meaning)}")
        }
        let body = definitionRows + steps.map { step -> String in
            let output = latexText(parenthesized(step.output)), input = latexText(parenthesized(step.input))
            if let local = step.localValue {
                return "\\frac{\\partial L}{\\partial \(input)} &\\mathrel{+}= \\frac{\\partial L}{\\partial \(output)}\\cdot"
                    + "\\frac{\\partial \(output)}{\\partial \(input)} = \(latexNumber(step.upstream.scalar ?? 0))\\cdot"
                    + "\\underbrace{\(latexText(step.formula))}_{\(latexNumber(local))} = \(latexNumber(step.contribution.scalar ?? 0))"
            }
            return "\\frac{\\partial L}{\\partial \(input)} &= \(latexText(step.formula))"
                + (step.shapes.map { "\\quad \\text{\(latexText($0))}" } ?? "")
        }
        return "\\begin{aligned}\n" + body.joined(separator: " \\\\\n") + "\n\\end{aligned}"
    }

    private func latexText(_ text: String) -> String {
        let replacements: [(String, String)] = [
            ("·", "\\cdot "), ("−", "-"), ("σ", "\\sigma "), ("√", "\\sqrt "), ("δ", "\\delta "), ("ᵀ", "^{\\top}"),
            ("⊙", "\\odot "), ("²", "^2"), ("→", "\\to "), ("×", "\\times "), ("tanh", "\\tanh "), ("exp", "\\exp "),
            ("log", "\\log "), ("sin", "\\sin "), ("cos", "\\cos "),
        ]
        return replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    private func latexNumber(_ value: Double) -> String {
        formatNumber(value).replacingOccurrences(of: "e", with: "\\times 10^{") + (formatNumber(value).contains("e") ? "}" : "")
    }
}

/// Collects a chain-rule trace while a sweep runs.
final class TraceRecorder {
    private(set) var steps: [ChainRuleTrace.Step] = []
    /// The output whose graph the trace shows.
    let output: (tape: Tape, node: Int32)
    /// The graph, taken once the output's tape has been swept.
    private(set) var graph: ComputationGraph?
    /// The references the steps use, spelled out.
    private(set) var definitions: [ChainRuleTrace.Definition] = []

    /// Per tape: the labels of its nodes, every node's gradient as the sweep completed it (for
    /// the graph), how many contributions each node has received, and the nodes whose labels
    /// the trace shows.
    private struct TapeRecord {
        var labels: NodeLabels
        var gradients: [Int32: ValueSummary] = [:]
        var contributions: [Int32: Int] = [:]
        var shown: Set<Int32> = []
        /// Whether the references among `shown` are defined.
        var isDefined = false
    }
    private var tapes: [ObjectIdentifier: TapeRecord] = [:]
    /// Whether a step writes its formula with δ, the gradient arriving from above.
    private var usesDelta = false

    init(output: (tape: Tape, node: Int32)) {
        self.output = output
    }

    /// Works with the labels and records of `tape`. References to the nodes of the tapes after
    /// the first are primed (`t3′`, `t3″`), so that no name stands for two nodes.
    private func withRecord<Result>(of tape: Tape, _ body: (inout TapeRecord) -> Result) -> Result {
        let mark = String(repeating: "′", count: tapes.count)
        return body(&tapes[ObjectIdentifier(tape), default: TapeRecord(labels: NodeLabels(tape, referenceMark: mark))])
    }

    /// Works with the labels of the nodes of `tape`.
    func withLabels<Result>(of tape: Tape, _ body: (inout NodeLabels) -> Result) -> Result {
        withRecord(of: tape) { body(&$0.labels) }
    }

    /// Notes the complete gradient of `node`, for the graph.
    func noteGradient(_ gradient: ValueSummary, of node: Int32, on tape: Tape) {
        withRecord(of: tape) { $0.gradients[node] = gradient }
    }

    /// Appends the step passing `contribution` from `output` to `input` (after the sweep added
    /// it): `totalSoFar` is the input's gradient so far, shown from its second contribution on.
    /// `localValue` is the local derivative of a scalar step; a step without one is written
    /// with δ and `shapes`.
    func append(
        from output: Int32, to input: Int32, on tape: Tape, formula: String, localValue: Double? = nil,
        upstream: ValueSummary, contribution: ValueSummary, totalSoFar: () -> ValueSummary, shapes: String? = nil
    ) {
        usesDelta = usesDelta || localValue == nil
        let step = withRecord(of: tape) { record in
            let earlier = record.contributions[input, default: 0]
            record.contributions[input] = earlier + 1
            // The formula may use any input of the operation.
            record.shown.insert(output)
            record.shown.formUnion(tape.inputs(of: output))
            return ChainRuleTrace.Step(
                output: record.labels.label(of: output), input: record.labels.label(of: input), formula: formula,
                localValue: localValue, upstream: upstream, contribution: contribution,
                runningTotal: earlier > 0 ? totalSoFar() : nil, shapes: shapes, outputNode: output, inputNode: input,
                tape: ObjectIdentifier(tape))
        }
        steps.append(step)
    }

    /// Called once `tape` has been swept, before it is released: spells out the references its
    /// steps use, and takes the graph.
    func finishSweep(of tape: Tape) {
        defineReferences(on: tape)
        if tape === output.tape {
            graph = withRecord(of: tape) { tape.graph(of: output.node, gradients: $0.gradients) }
        }
    }

    /// Defines the references among the labels the steps on `tape` show. A definition may use
    /// further references, and an imported value is defined by its label on its own tape.
    private func defineReferences(on tape: Tape) {
        let found = withRecord(of: tape) { record in
            record.isDefined = true
            var pending = record.shown.sorted(by: >), defined: Set<Int32> = []
            var found: [(node: Int32, definition: ChainRuleTrace.Definition)] = []
            while let node = pending.popLast() {
                let label = record.labels.label(of: node)
                guard label == record.labels.reference(to: node), defined.insert(node).inserted else { continue }
                let (meaning, isFormula) = record.labels.definition(of: node)
                found.append((node, ChainRuleTrace.Definition(name: label, meaning: meaning, isFormula: isFormula)))
                pending += tape.inputs(of: node)
            }
            return found.sorted { $0.node < $1.node }
        }
        for (node, definition) in found {
            guard let source = tape.importSource(of: node) else {
                definitions.append(definition)
                continue
            }
            let label = withRecord(of: source.tape) { record in
                record.shown.insert(source.node)
                return record.labels.label(of: source.node)
            }
            definitions.append(ChainRuleTrace.Definition(name: definition.name, meaning: "\(label), from an earlier computation", isFormula: true))
        }
    }

    /// The trace: the steps, the definitions of what they refer to, and the graph.
    func trace() -> ChainRuleTrace {
        // A tape whose values only define imported ones was not swept, but its references count.
        while let undefined = tapes.values.first(where: { !$0.isDefined && !$0.shown.isEmpty }) {
            defineReferences(on: undefined.labels.tape)
        }
        var notation = definitions
        if tapes.values.contains(where: { $0.labels.showsUnnamedConstant }) {
            notation.append(ChainRuleTrace.Definition(name: "c", meaning: "a constant input (no gradient flows to it)", isFormula: false))
        }
        if usesDelta {
            notation.append(ChainRuleTrace.Definition(
                name: "δ", meaning: "∂L/∂(the step's operation), the gradient arriving from above", isFormula: false))
        }
        return ChainRuleTrace(steps: steps, definitions: notation, graph: graph ?? output.tape.graph(of: output.node))
    }
}

extension ChainRuleTrace {
    /// The trace of a value that depends on nothing requiring a gradient: no steps, and its graph.
    public init(ofConstant value: Variable) {
        self.init(steps: [], graph: value.graph)
    }
}
