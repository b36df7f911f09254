import Backprop
import BackpropExpressions
import Foundation

/// `backprop explain`: evaluates an expression at given values, differentiates it, and shows
/// the value, the partial derivatives and the chain rule step by step (or the graph as DOT).
enum ExplainCommand {
    static let usage = """
        USAGE: backprop explain EXPRESSION [NAME=VALUE ...] [--format text|markdown|latex | --dot]

        Evaluates EXPRESSION at the given values, runs a backward pass, and prints its value,
        every partial derivative ∂f/∂NAME (in full precision) and the chain rule step by step
        in the order the backward sweep applied it (L stands for f).

        EXPRESSION (quote it for the shell):
          numbers      2  0.5  .5  1e-3
          variables    letters, digits and _, not starting with a digit: x  w_1  θ
          operators    + - * / ^   (also · or × for *, − for -, ÷ for /)
                       ^ binds tightest and groups to the right (2^3^2 = 512); then the signs
                       - and + (-x^2 = -(x^2)); then * and /; then + and -.
                       There is no implicit product: write 2*x, not 2x.
          functions    exp log sin cos tan tanh sqrt abs relu sigmoid (one argument),
                       pow max min (two arguments); their names cannot be variables

        ARGUMENTS:
          NAME=VALUE   the value of a variable, e.g. x=2 w=-3; every variable of the
                       expression needs one. A name the expression does not use is a warning
                       on stderr, not an error.

        OPTIONS:
          --format F   text (default), markdown or latex: how the report is written
          --dot        print only the computation graph, in Graphviz DOT, instead of the report:
                       every node shows its value and its gradient (pipe it to `dot -Tsvg`).
                       Cannot be combined with --format.
          --           end of options: later arguments are the expression and NAME=VALUEs even
                       when they start with - (as in: backprop explain -- --x x=1)
          -h, --help   show this help

        EXIT STATUS:
          0 success; 64 a usage problem (an unknown option, a malformed NAME=VALUE, a variable
          of the expression without a value); 65 a malformed expression. Errors go to stderr
          with the expression and a caret under the column of the problem (columns count
          characters from 1).

        EXAMPLES:
          backprop explain "tanh(x*w + b)" x=2 w=-3 b=1
          backprop explain "sigmoid(a)^2 - log(a)" a=0.5 --format markdown
          backprop explain "x^3 - 2*x" x=1.5 --dot | dot -Tsvg > graph.svg
        """

    /// Exit status of a command line that cannot be run (EX_USAGE).
    static let usageStatus: Int32 = 64
    /// Exit status of a malformed expression (EX_DATAERR).
    static let malformedExpressionStatus: Int32 = 65

    static func run(_ arguments: [String]) -> Int32 {
        let request: Request
        do {
            guard let parsed = try Request(arguments) else {
                say(usage)
                return 0
            }
            request = parsed
        } catch {
            printError("backprop explain: \(error.message)\n\nRun `backprop explain --help` for the syntax and examples.")
            return usageStatus
        }

        let expression: ScalarExpression
        do {
            expression = try ScalarExpression(parsing: request.expression)
        } catch {
            printError("backprop explain: \(error)\n" + indented(error.annotating(request.expression)))
            return malformedExpressionStatus
        }

        let explanation: ExpressionExplanation
        do {
            explanation = try expression.explain(at: request.values)
        } catch {
            var message = "backprop explain: \(error)\n" + indented(error.annotating(request.expression))
            if error.kind == .unknownVariable {
                let missing = expression.variableNames.filter { request.values[$0] == nil }
                message += "\ngive every variable a value: " + missing.map { "\($0)=VALUE" }.joined(separator: " ")
            }
            printError(message)
            return usageStatus
        }
        for name in explanation.unusedNames {
            printError("backprop explain: warning: '\(name)' does not occur in the expression; ignoring \(request.assignments[name] ?? name)")
        }
        say(request.dot ? explanation.trace.graph.dot : explanation.report(request.format))
        return 0
    }

    /// Each line of `text` indented by two spaces.
    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// What the command line asks for.
    private struct Request {
        var expression = ""
        var values: [String: Double] = [:]
        /// Each assignment as written, by name.
        var assignments: [String: String] = [:]
        var format = ExpressionExplanation.Format.text
        var dot = false

        /// Reads the arguments; nil when they ask for help.
        init?(_ arguments: [String]) throws(UsageError) {
            var expression: String?, format: ExpressionExplanation.Format?, optionsEnded = false
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                index += 1
                if !optionsEnded {
                    switch argument {
                    case "-h", "--help": return nil
                    case "--": optionsEnded = true; continue
                    case "--dot": dot = true; continue
                    case "--format":
                        guard index < arguments.count else { throw UsageError("--format needs a value: text, markdown or latex") }
                        format = try Self.format(arguments[index])
                        index += 1
                        continue
                    default:
                        if argument.hasPrefix("--format=") {
                            format = try Self.format(String(argument.dropFirst("--format=".count)))
                            continue
                        }
                        if argument.hasPrefix("--") { throw UsageError("unknown option '\(argument)' (to explain an expression that starts with --, put -- before it)") }
                    }
                }
                if expression == nil {
                    expression = argument
                } else {
                    try assign(argument)
                }
            }
            guard let expression else {
                throw UsageError("missing the expression, as in: backprop explain \"tanh(x*w + b)\" x=2 w=-3 b=1")
            }
            if dot && format != nil {
                throw UsageError("--dot and --format cannot be combined: --dot prints only the graph, in DOT")
            }
            self.expression = expression
            self.format = format ?? .text
        }

        private static func format(_ text: String) throws(UsageError) -> ExpressionExplanation.Format {
            guard let format = ExpressionExplanation.Format(rawValue: text) else {
                throw UsageError("--format must be text, markdown or latex, not '\(text)'")
            }
            return format
        }

        /// Reads `NAME=VALUE`.
        private mutating func assign(_ argument: String) throws(UsageError) {
            guard let equals = argument.firstIndex(of: "=") else {
                throw UsageError("invalid argument '\(argument)': expected NAME=VALUE, such as x=2 (the expression is the first argument; quote it if it holds spaces)")
            }
            let name = String(argument[..<equals])
            var valueText = String(argument[argument.index(after: equals)...])
            if valueText.hasPrefix("−") { valueText = "-" + valueText.dropFirst() }
            guard !name.isEmpty else {
                throw UsageError("invalid assignment '\(argument)': the variable name before '=' is missing")
            }
            guard (try? ScalarExpression(parsing: name))?.fullyParenthesized == name else {
                let reason = ScalarExpression.functionNames.contains(name)
                    ? "'\(name)' is a function, not a variable"
                    : "'\(name)' is not a variable name (letters, digits and _, not starting with a digit)"
                throw UsageError("invalid assignment '\(argument)': \(reason)")
            }
            guard !valueText.isEmpty else {
                throw UsageError("invalid assignment '\(argument)': the value after '=' is missing")
            }
            guard let value = Double(valueText), value.isFinite else {
                throw UsageError("invalid assignment '\(argument)': '\(valueText)' is not a finite number")
            }
            if let earlier = assignments[name] {
                throw UsageError("'\(name)' is assigned twice: '\(earlier)' and '\(argument)'")
            }
            values[name] = value
            assignments[name] = argument
        }
    }
}
