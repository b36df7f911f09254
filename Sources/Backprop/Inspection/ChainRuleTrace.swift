import Foundation

/// The chain rule as a backward sweep applied it, step by step: for each operation, in the order
/// of the sweep, and each of its inputs, the local derivative (as a formula and a value), the
/// gradient arriving from above, their product, and — where an input is used more than once —
/// the running total, the sum of the multivariate chain rule made visible.
///
/// ```swift
/// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
/// let trace = tanh(x * w + b).backwardWithTrace()
/// print(trace)
/// // ∂y/∂(x·w + b) = 1 − tanh²(x·w + b) = 0.009866;  upstream 1;  gradient 0.009866
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
    }

    /// The steps, in the order the sweep applied them.
    public let steps: [Step]
    /// The graph the sweep ran through, with every node's gradient.
    public let graph: ComputationGraph

    /// The steps as plain text, one per line.
    public var description: String { text }

    /// The steps as plain text, one per line.
    public var text: String {
        steps.map { step in
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
        }.joined(separator: "\n")
    }

    /// The steps as a Markdown table.
    public var markdown: String {
        var lines = ["| step | operation | input | local derivative | upstream | contribution | total |",
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

    /// The steps as LaTeX, one aligned equation per step.
    public var latex: String {
        let body = steps.map { step -> String in
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
    var steps: [ChainRuleTrace.Step] = []
    /// The output whose graph the trace shows.
    let output: (tape: Tape, node: Int32)
    /// Every node's gradient as the sweep completed it, for the graph.
    var gradients: [Int32: ValueSummary] = [:]
    /// The graph, taken once the output's tape has been swept.
    var graph: ComputationGraph?

    init(output: (tape: Tape, node: Int32)) {
        self.output = output
    }
    /// How many contributions each node has received, per tape and node.
    private var contributions: [ObjectIdentifier: [Int32: Int]] = [:]

    /// Counts a contribution to `node` of `tape`; true when it is not the first.
    func addContribution(to node: Int32, on tape: Tape) -> Bool {
        let seen = contributions[ObjectIdentifier(tape), default: [:]][node, default: 0]
        contributions[ObjectIdentifier(tape), default: [:]][node] = seen + 1
        return seen > 0
    }
}
