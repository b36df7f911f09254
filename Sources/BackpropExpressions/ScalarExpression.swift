import Backprop

/// A formula written as text — `tanh(x*w + b)` — parsed once and evaluated on Variables, so
/// that the tape records it and a backward gives its gradients.
///
/// ```swift
/// let f = try ScalarExpression(parsing: "tanh(x*w + b)")
/// f.variableNames                                  // ["x", "w", "b"]
/// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
/// let y = try f.evaluate(["x": x, "w": w, "b": b])
/// y.backward()
/// x.grad                                           // w·(1 − tanh²(x·w + b))
/// ```
///
/// The language:
/// - numbers: `2`, `0.5`, `.5`, `2.`, `1e-3`, `6.02E23` (each must fit a `Double`);
/// - variables: letters (any script), ASCII digits and `_`, not starting with a digit (`x`,
///   `w_1`, `θ`); the function names below are reserved;
/// - infix `+ - * / ^`, with `·` and `×` for `*`, `−` for `-` and `÷` for `/`; `^` binds
///   tightest and groups to the right (`2^3^2` is `2^9`); then the signs `-` and `+` (so
///   `-x^2` is `-(x^2)` and `2^-1` is `0.5`); then `* /`; then `+ -`, both grouping to the left;
/// - parentheses, and the calls `exp log sin cos tan tanh sqrt abs relu sigmoid` (one
///   argument) and `pow max min` (two).
///
/// There is no implicit product: `2x` is an error (write `2*x`). Whitespace is ignored.
/// Errors are thrown as ``ExpressionError`` with the 1-based column, in `Character`s, of the
/// problem.
///
/// Numbers and operations on numbers alone are folded when the expression is evaluated, so a
/// literal records no node: `x * (2 + 3)` records one node, `5·x`.
public struct ScalarExpression: Sendable, Equatable {
    /// How deeply parentheses, function calls and `^` may nest before parsing stops with
    /// ``ExpressionError/Kind/nestedTooDeeply``. Parsing, evaluation and rendering are loops,
    /// not recursion, so no input can overflow the stack; the limit keeps expressions sensible.
    ///
    /// ```swift
    /// let deep = String(repeating: "(", count: 501) + "x" + String(repeating: ")", count: 501)
    /// _ = try? ScalarExpression(parsing: deep)     // throws: nested more than 500 levels deep
    /// ```
    public static let maximumNestingDepth = 500

    /// The names of the functions the language can call, alphabetically.
    ///
    /// ```swift
    /// ScalarExpression.functionNames   // ["abs", "cos", "exp", "log", "max", ...]
    /// ```
    public static var functionNames: [String] { ExpressionFunction.names }

    /// The text the expression was parsed from.
    public let text: String
    /// The distinct variable names, in the order they first appear in the text.
    public let variableNames: [String]
    /// The expression in postfix order.
    let code: [ExpressionInstruction]

    /// Parses `text`.
    ///
    /// ```swift
    /// let f = try ScalarExpression(parsing: "x^3 - 2*x")
    /// ```
    ///
    /// - Throws: ``ExpressionError`` naming the column of the first problem from the left and
    ///   what was expected there.
    public init(parsing text: String) throws(ExpressionError) {
        self.text = text
        code = try ExpressionParser.parse(text, maximumDepth: Self.maximumNestingDepth)
        var seen = Set<String>(), names: [String] = []
        for case .variable(let name, _) in code where seen.insert(name).inserted { names.append(name) }
        variableNames = names
    }

    /// Builds the expression from Variable operations on `values`, recording it on the tape.
    /// Names nothing itself: name the Variables you pass (``Variable/named(_:)``) for graphs
    /// and traces. Entries of `values` the expression does not use are ignored.
    ///
    /// ```swift
    /// let f = try ScalarExpression(parsing: "x^3")
    /// let x = Variable(2.0)
    /// try f.evaluate(["x": x]).backward()
    /// x.grad     // 12
    /// ```
    ///
    /// - Returns: a Variable; a constant one when the expression holds no variable.
    /// - Throws: ``ExpressionError/Kind/unknownVariable`` at the first use of a name without a
    ///   value, before anything is recorded.
    public func evaluate(_ values: [String: Variable]) throws(ExpressionError) -> Variable {
        try checkDefined(Set(values.keys))
        return run { values[$0].map(ExpressionOperand.variable) ?? .constant(.nan) }.asVariable
    }

    /// The value of the expression at `values`, computed on plain numbers: nothing is recorded.
    ///
    /// ```swift
    /// try ScalarExpression(parsing: "2^3^2").value(at: [:])   // 512
    /// ```
    ///
    /// - Throws: ``ExpressionError/Kind/unknownVariable`` at the first use of a name without a
    ///   value.
    public func value(at values: [String: Double]) throws(ExpressionError) -> Double {
        try checkDefined(Set(values.keys))
        switch run({ .constant(values[$0] ?? .nan) }) {
        case .constant(let value): return value
        case .variable(let variable): return variable.value
        }
    }

    /// An error at the first use of a variable that `defined` lacks.
    func checkDefined(_ defined: Set<String>) throws(ExpressionError) {
        for case .variable(let name, let column) in code where !defined.contains(name) {
            let given = defined.isEmpty ? "no values were given" : "given: " + defined.sorted().joined(separator: ", ")
            throw ExpressionError(.unknownVariable, column: column, "unknown variable '\(name)' (\(given))")
        }
    }

    /// Runs the postfix code on a stack, reading variables through `lookUp`.
    private func run(_ lookUp: (String) -> ExpressionOperand) -> ExpressionOperand {
        var stack: [ExpressionOperand] = []
        stack.reserveCapacity(16)
        for instruction in code {
            switch instruction {
            case .number(let value):
                stack.append(.constant(value))
            case .variable(let name, _):
                stack.append(lookUp(name))
            case .negate:
                stack.append(stack.removeLast().negated())
            case .binary(let operation):
                let rhs = stack.removeLast(), lhs = stack.removeLast()
                stack.append(ExpressionOperand.apply(operation, lhs, rhs))
            case .call(let function):
                let arguments = Array(stack.suffix(function.arity))
                stack.removeLast(function.arity)
                stack.append(ExpressionOperand.call(function, arguments))
            }
        }
        return stack[0]
    }
}
