import Backprop

/// An expression worked through at a point: its value, its partial derivatives and the chain
/// rule that produced them — what `backprop explain` prints.
///
/// ```swift
/// let f = try ScalarExpression(parsing: "tanh(x*w + b)")
/// let explanation = try f.explain(at: ["x": 2, "w": -3, "b": 1])
/// explanation.value              // tanh(−5) = −0.99990920...
/// explanation.gradients["w"]     // x·(1 − tanh²(−5)) = 0.00036...
/// print(explanation.report(.markdown))
/// ```
public struct ExpressionExplanation: Sendable {
    /// How ``report(_:)`` writes the explanation.
    public enum Format: String, Sendable, CaseIterable {
        /// Plain text with Unicode symbols, for a terminal.
        case text
        /// Markdown: a table of the value and partials, then the trace as a table.
        case markdown
        /// LaTeX (amsmath): display equations for the function, its partials and the trace.
        case latex
    }

    /// The expression explained.
    public let expression: ScalarExpression
    /// The value of each of its variables.
    public let inputs: [String: Double]
    /// The value of the expression.
    public let value: Double
    /// ∂f/∂name for each variable of the expression (missing only if no gradient was
    /// computed, as inside ``withoutRecording(_:)``).
    public let gradients: [String: Double]
    /// Names that were given a value but do not occur in the expression, alphabetically.
    public let unusedNames: [String]
    /// The chain rule, step by step, as the backward sweep applied it; its ``ChainRuleTrace/graph``
    /// is the expression's graph with every value and gradient.
    public let trace: ChainRuleTrace

    /// The explanation as text, Markdown or LaTeX: the function and the point, its value, each
    /// partial derivative in full precision, then the chain-rule trace.
    ///
    /// ```swift
    /// print(explanation.report(.text))
    /// // f(x, w, b) = tanh(x*w + b)
    /// // at x = 2, w = -3, b = 1:
    /// //
    /// // f     = -0.9999092042625951
    /// // ∂f/∂x = -0.0005447496928315809
    /// // ...
    /// ```
    public func report(_ format: Format) -> String {
        let names = expression.variableNames
        let signature = names.isEmpty ? "f" : "f(\(names.joined(separator: ", ")))"
        let point = names.map { "\($0) = \(plainNumber(inputs[$0] ?? .nan))" }.joined(separator: ", ")
        func gradient(_ name: String) -> String { gradients[name].map(plainNumber) ?? "not computed" }
        let traceNote = "(the backward sweep, in order; L is f, ∂L/∂L = 1)"
        switch format {
        case .text:
            var lines = ["\(signature) = \(expression.text)"]
            if !names.isEmpty { lines.append("at \(point):") }
            let results = [("f", plainNumber(value))] + names.map { ("∂f/∂\($0)", gradient($0)) }
            let width = results.map(\.0.count).max() ?? 0
            lines += [""] + results.map { label, number in label + String(repeating: " ", count: width - label.count) + " = " + number }
            lines += ["", "chain rule \(traceNote):"]
            lines.append(trace.steps.isEmpty ? "  (no steps: \(noStepsReason))" : trace.text)
            return lines.joined(separator: "\n")
        case .markdown:
            var lines = ["**\(signature) = `\(expression.text)`**" + (names.isEmpty ? "" : " at \(point)"), "",
                         "| quantity | value |", "|---|---|", "| f | \(plainNumber(value)) |"]
            lines += names.map { "| ∂f/∂\($0) | \(gradient($0)) |" }
            lines += ["", "Chain rule \(traceNote):", ""]
            lines.append(trace.steps.isEmpty ? "_No steps: \(noStepsReason)._" : trace.markdown)
            return lines.joined(separator: "\n")
        case .latex:
            let latexSignature = names.isEmpty ? "f" : "f(" + names.map(ScalarExpression.latexName).joined(separator: ", ") + ")"
            let latexPoint = names.map { "\(ScalarExpression.latexName($0)) = \(latexNumber(inputs[$0] ?? .nan))" }
                .joined(separator: ",\\ ")
            var rows = ["\(latexSignature) &= \(expression.latex)"]
            rows.append("&= \(latexNumber(value))" + (names.isEmpty ? "" : "\\quad \\text{at } \(latexPoint)"))
            rows += names.map { name in
                "\\frac{\\partial f}{\\partial \(ScalarExpression.latexName(name))} &= " + (gradients[name].map(latexNumber) ?? "\\text{not computed}")
            }
            var lines = ["\\[", "\\begin{aligned}", rows.joined(separator: " \\\\\n"), "\\end{aligned}", "\\]"]
            lines += ["% chain rule (the backward sweep, in order; L is f)"]
            lines += trace.steps.isEmpty ? ["% no steps: \(noStepsReason)"] : ["\\[", trace.latex, "\\]"]
            return lines.joined(separator: "\n")
        }
    }

    /// Why a trace can be empty.
    private var noStepsReason: String {
        expression.variableNames.isEmpty ? "the expression holds no variable" : "f is one of the variables itself"
    }
}

extension ScalarExpression {
    /// Evaluates the expression at `values` on fresh Variables named after its variables, runs
    /// a backward pass with a trace, and collects the value, the partials and the trace.
    ///
    /// ```swift
    /// let explanation = try ScalarExpression(parsing: "x^3").explain(at: ["x": 2])
    /// explanation.gradients["x"]     // 12
    /// ```
    ///
    /// - Parameter values: a value for every variable of the expression; others are listed in
    ///   ``ExpressionExplanation/unusedNames``.
    /// - Throws: ``ExpressionError/Kind/unknownVariable`` at the first variable without a value.
    public func explain(at values: [String: Double]) throws(ExpressionError) -> ExpressionExplanation {
        try checkDefined(Set(values.keys))
        var variables: [String: Variable] = [:]
        for name in variableNames {
            if let value = values[name] { variables[name] = Variable(value).named(name) }
        }
        let result = try evaluate(variables)
        let trace = result.requiresGrad ? result.backwardWithTrace() : ChainRuleTrace(ofConstant: result)
        var gradients: [String: Double] = [:]
        for (name, variable) in variables {
            if let gradient = variable.grad { gradients[name] = gradient }
        }
        return ExpressionExplanation(
            expression: self, inputs: values.filter { variables[$0.key] != nil }, value: result.value, gradients: gradients,
            unusedNames: values.keys.filter { variables[$0] == nil }.sorted(), trace: trace)
    }
}
