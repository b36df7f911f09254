import Foundation
import Testing
@testable import Backprop
@testable import BackpropExpressions

/// The error parsing `text` throws, or nil if it parses.
private func parseError(_ text: String) -> ExpressionError? {
    do {
        _ = try ScalarExpression(parsing: text)
        return nil
    } catch {
        return error
    }
}

/// The value and gradients of `text` at `point`, by evaluating it on Variables and running a backward.
private func valueAndGradients(_ text: String, at point: [String: Double]) throws -> (Double, [String: Double]) {
    let expression = try ScalarExpression(parsing: text)
    let variables = point.mapValues { Variable($0) }
    let result = try expression.evaluate(variables)
    result.backward()
    return (result.value, variables.mapValues { $0.grad ?? 0 })
}

@Suite("The expression language")
struct ExpressionTests {
    @Test("tanh(x*w + b): value and gradients match the closed form")
    func neuron() throws {
        let (value, gradients) = try valueAndGradients("tanh(x*w + b)", at: ["x": 2, "w": -3, "b": 1])
        let t = Foundation.tanh(-5.0), local = 1 - t * t
        #expect(value == t)
        #expect(close([gradients["x"]!, gradients["w"]!, gradients["b"]!], [-3 * local, 2 * local, local], tolerance: 1e-14))
    }

    @Test("powers, sigmoid, relu, functions of two arguments: values and gradients against closed forms")
    func closedForms() throws {
        let cases: [(String, [String: Double], Double, [String: Double])] = [
            ("x^3", ["x": 2], 8, ["x": 12]),
            ("x^3 - 2*x", ["x": 1.5], 3.375 - 3, ["x": 3 * 2.25 - 2]),
            ("relu(x)", ["x": 1.5], 1.5, ["x": 1]),
            ("relu(x*y)", ["x": 2, "y": 3], 6, ["x": 3, "y": 2]),
            ("-x^2", ["x": 3], -9, ["x": -6]),
            ("1 - -x", ["x": 2], 3, ["x": 1]),
            ("x / y", ["x": 3, "y": 4], 0.75, ["x": 0.25, "y": -3.0 / 16]),
            ("pow(x, y)", ["x": 2, "y": 3], 8, ["x": 12, "y": 8 * Foundation.log(2.0)]),
            ("x^y", ["x": 2, "y": 3], 8, ["x": 12, "y": 8 * Foundation.log(2.0)]),
            ("2^x", ["x": 3], 8, ["x": 8 * Foundation.log(2.0)]),
            ("max(x, y) + min(x, y)", ["x": 2, "y": 5], 7, ["x": 1, "y": 1]),
            ("max(x, 1) * min(3, y)", ["x": 2, "y": 5], 6, ["x": 3, "y": 0]),
            ("sqrt(x) + abs(y)", ["x": 4, "y": -2], 4, ["x": 0.25, "y": -1]),
            ("exp(x) * log(y)", ["x": 0, "y": M_E], 1, ["x": 1, "y": 1 / M_E]),
            ("x·w − b", ["x": 2, "w": -3, "b": 1], -7, ["x": -3, "w": 2, "b": -1]),
            ("x × w ÷ b", ["x": 2, "w": -3, "b": 1], -6, ["x": -3, "w": 2, "b": 6]),
            ("x", ["x": 5], 5, ["x": 1]),
            ("x*x", ["x": 5], 25, ["x": 10]),
        ]
        for (text, point, expectedValue, expectedGradients) in cases {
            let (value, gradients) = try valueAndGradients(text, at: point)
            #expect(close([value], [expectedValue], tolerance: 1e-14), "\(text)")
            let names = expectedGradients.keys.sorted()
            #expect(close(names.map { gradients[$0]! }, names.map { expectedGradients[$0]! }, tolerance: 1e-14), "\(text)")
        }
        let s = 1 / (1 + Foundation.exp(-0.7))
        let (value, gradients) = try valueAndGradients("sigmoid(x)", at: ["x": 0.7])
        #expect(close([value, gradients["x"]!], [s, s * (1 - s)], tolerance: 1e-14))
        let trig = try valueAndGradients("sin(x) * cos(x) + tan(x)", at: ["x": 0.4])
        let (sine, cosine) = (Foundation.sin(0.4), Foundation.cos(0.4))
        #expect(close([trig.0, trig.1["x"]!], [sine * cosine + Foundation.tan(0.4), cosine * cosine - sine * sine + 1 / (cosine * cosine)],
                      tolerance: 1e-14))
    }

    @Test("every function's gradient agrees with central finite differences")
    func finiteDifferences() throws {
        let texts = ["exp(x/y) - log(x*y)", "sin(x)^2 + cos(y)^3 - tan(x*y)", "tanh(x - y) * sigmoid(x + y)",
                     "sqrt(x^2 + y^2)", "abs(x - 2*y) + relu(x*y)", "pow(x, y) / max(x, y) - min(x, y)", "x^y^0.5", "-(x - y)^2 / 2"]
        let point = ["x": 0.8, "y": 1.3]
        for text in texts {
            let expression = try ScalarExpression(parsing: text)
            let (value, gradients) = try valueAndGradients(text, at: point)
            #expect(close([value], [try expression.value(at: point)], tolerance: 1e-14), "\(text)")
            for name in ["x", "y"] {
                let h = 1e-6
                var up = point, down = point
                up[name]! += h
                down[name]! -= h
                let numeric = (try expression.value(at: up) - expression.value(at: down)) / (2 * h)
                #expect(close([gradients[name]!], [numeric], tolerance: 1e-6), "∂(\(text))/∂\(name)")
            }
        }
    }

    @Test("precedence and associativity: ^ tightest and to the right, signs below ^, then * /, then + -")
    func precedence() throws {
        let values: [(String, Double)] = [
            ("2^3^2", 512), ("-2^2", -4), ("(-2)^2", 4), ("2^-1", 0.5), ("2^-1^2", 0.5), ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20),
            ("8 / 4 / 2", 1), ("8 - 4 - 2", 2), ("2^3 * 2", 16), ("2 * 3^2", 18), ("-3 * -2", 6), ("- - 3", 3), ("+3 - +2", 1),
            ("1 - -1", 2), ("1e-3 * 1E+3", 1), (".5 + 2.", 2.5), ("6.02e23 / 6.02E23", 1), ("10 − 4 · 2", 2), ("max(2, -3) - min(2, -3)", 5),
        ]
        for (text, expected) in values {
            #expect(try ScalarExpression(parsing: text).value(at: [:]) == expected, "\(text)")
        }
        #expect(try ScalarExpression(parsing: "-x^2 + 2^3^2").fullyParenthesized == "((-(x ^ 2)) + (2 ^ (3 ^ 2)))")
        #expect(try ScalarExpression(parsing: "1 − -x·w").fullyParenthesized == "(1 - ((-x) * w))")
        #expect(try ScalarExpression(parsing: "a - b - c / d / e").fullyParenthesized == "((a - b) - ((c / d) / e))")
        #expect(try ScalarExpression(parsing: "pow(a, b + 1) * sin(c)").fullyParenthesized == "(pow(a, (b + 1)) * sin(c))")
    }

    @Test("variable names: letters, digits and underscores, listed in order of first appearance")
    func variableNames() throws {
        #expect(try ScalarExpression(parsing: "b + x*w + x - b").variableNames == ["b", "x", "w"])
        #expect(try ScalarExpression(parsing: "w_1*x_1 + _bias + θ2").variableNames == ["w_1", "x_1", "_bias", "θ2"])
        #expect(try ScalarExpression(parsing: "2^10").variableNames == [])
    }

    @Test("numbers are folded: a literal records no node, evaluation names nothing")
    func constantsRecordNothing() throws {
        let x = Variable(2.0)
        let y = try ScalarExpression(parsing: "x * (2 + 3)").evaluate(["x": x])
        y.backward(retainGraph: true)
        #expect(y.value == 10 && x.grad == 5)
        #expect(y.graph.nodes.count == 2)
        #expect(!y.graph.nodes.contains { $0.label == "x" })
        let constant = try ScalarExpression(parsing: "2^10").evaluate([:])
        #expect(constant.value == 1024 && !constant.requiresGrad)
    }

    @Test("LaTeX rendering uses as few parentheses as the precedence needs")
    func latex() throws {
        let cases = [
            ("tanh(x*w + b)", "\\tanh\\left(x \\cdot w + b\\right)"),
            ("sqrt(x)/2^-y", "\\frac{\\sqrt{x}}{2^{-y}}"),
            ("-(a + b)^2 - (c - d)", "-\\left(a + b\\right)^{2} - \\left(c - d\\right)"),
            ("(-a)^2 * -b", "\\left(-a\\right)^{2} \\cdot \\left(-b\\right)"),
            ("w_1 * rate + abs(x) + sigmoid(z) + relu(y)", "w_{1} \\cdot \\mathrm{rate} + \\left|x\\right| + \\sigma\\left(z\\right) + \\operatorname{relu}\\left(y\\right)"),
            ("1e-5 * x", "10^{-5} \\cdot x"),
        ]
        for (text, expected) in cases {
            #expect(try ScalarExpression(parsing: text).latex == expected, "\(text)")
        }
    }

    @Test("malformed input: each error names its exact column and what was expected")
    func handWrittenErrors() {
        let cases: [(String, Int, ExpressionError.Kind, String)] = [
            ("", 1, .empty, "the expression is empty"),
            ("   ", 1, .empty, "the expression is empty"),
            ("x * w *", 8, .expectedExpression, "expected an expression after '*'"),
            ("x * w * ", 9, .expectedExpression, "expected an expression after '*'"),
            ("2*cot(x)", 3, .unknownFunction, "unknown function 'cot' (known: abs, acos, acosh, asin, asinh, atan, atanh, cos, cosh, erf, erfc, exp, exp2, expm1, log, log10, log1p, log2, max, min, pow, relu, sigmoid, sin, sinh, softplus, sqrt, tan, tanh)"),
            ("tanh(x*w + b", 13, .missingClosingParenthesis, "missing ')' for the '(' at column 5"),
            ("(tanh(x) + (b)", 15, .missingClosingParenthesis, "missing ')' for the '(' at column 1"),
            ("(x, y)", 3, .missingClosingParenthesis, "missing ')' for the '(' at column 1, found ','"),
            ("x + $", 5, .unexpectedCharacter, "unexpected character '$'"),
            ("θ·w − €", 7, .unexpectedCharacter, "unexpected character '€'"),
            // A combining mark alone cannot start a name: after a '(' it would merge with it.
            ("\u{6E1}x+1", 1, .unexpectedCharacter, "unexpected character U+06E1"),
            ("x\u{200B}", 2, .unexpectedCharacter, "unexpected character U+200B"),
            ("\u{301}x", 1, .unexpectedCharacter, "unexpected character U+0301"),
            ("x *\u{301} y", 3, .unexpectedCharacter, "unexpected character U+002A U+0301"),
            ("x = 2", 3, .unexpectedCharacter, "unexpected character '='"),
            ("(x + 1))", 8, .unmatchedClosingParenthesis, "')' without a matching '('"),
            ("x, y", 2, .unmatchedClosingParenthesis, "',' outside the parentheses of a function call"),
            ("2x", 2, .expectedOperator, "expected an operator before 'x' (write '*' for a product)"),
            ("(a)(b)", 4, .expectedOperator, "expected an operator before '(' (write '*' for a product)"),
            ("2exp(x)", 2, .expectedOperator, "expected an operator before 'exp' (write '*' for a product)"),
            ("sin x", 5, .expectedOperator, "expected '(' after the function 'sin', found 'x'"),
            ("exp", 4, .expectedOperator, "expected '(' after the function 'exp', found the end of the input"),
            ("sin(x, y)", 1, .wrongArgumentCount, "'sin' takes 1 argument, but 2 were given"),
            ("1 + pow(x)", 5, .wrongArgumentCount, "'pow' takes 2 arguments, but 1 was given"),
            ("sin()", 1, .wrongArgumentCount, "'sin' takes 1 argument, but 0 were given"),
            ("max(x, )", 8, .expectedExpression, "expected an expression after ',', found ')'"),
            ("f(x)", 1, .unknownFunction, "unknown function 'f' (known: abs, acos, acosh, asin, asinh, atan, atanh, cos, cosh, erf, erfc, exp, exp2, expm1, log, log10, log1p, log2, max, min, pow, relu, sigmoid, sin, sinh, softplus, sqrt, tan, tanh)"),
            ("x ** 2", 4, .expectedExpression, "expected an expression after '*', found '*' (write '^' for a power)"),
            ("(", 2, .expectedExpression, "expected an expression after '('"),
            (")", 1, .expectedExpression, "expected an expression, found ')'"),
            ("* x", 1, .expectedExpression, "expected an expression, found '*'"),
            ("x + * y", 5, .expectedExpression, "expected an expression after '+', found '*'"),
            ("x^", 3, .expectedExpression, "expected an expression after '^'"),
            ("1e999 + x", 1, .numberOutOfRange, "the number '1e999' does not fit a Double (the largest is about 1.8e308)"),
            ("x + 2e", 7, .malformedNumber, "expected the digits of the exponent after '2e'"),
            ("1e+ 2", 4, .malformedNumber, "expected the digits of the exponent after '1e+'"),
            ("x . 2", 3, .unexpectedCharacter, "unexpected character '.'"),
            ("1.5.3", 4, .expectedOperator, "expected an operator before '.3' (write '*' for a product)"),
        ]
        for (text, column, kind, message) in cases {
            let error = parseError(text)
            #expect(error == ExpressionError(kind, column: column, message), "\(text.debugDescription)")
        }
    }

    @Test("evaluation names the column of the first variable without a value, and what was given")
    func unknownVariable() throws {
        let expression = try ScalarExpression(parsing: "z + x*w + b + q")
        let values = ["x": Variable(2.0), "w": Variable(-3.0), "b": Variable(1.0)]
        #expect(throws: ExpressionError(.unknownVariable, column: 1, "unknown variable 'z' (given: b, w, x)")) {
            try expression.evaluate(values)
        }
        #expect(throws: ExpressionError(.unknownVariable, column: 15, "unknown variable 'q' (given: b, w, x, z)")) {
            try expression.value(at: ["x": 1, "w": 1, "b": 1, "z": 1])
        }
        #expect(throws: ExpressionError(.unknownVariable, column: 1, "unknown variable 'z' (no values were given)")) {
            try expression.value(at: [:])
        }
    }

    @Test("the description and the caret diagram")
    func errorDisplay() {
        let error = parseError("tanh(x*w + b")!
        #expect(error.description == "column 13: missing ')' for the '(' at column 5")
        #expect(error.annotating("tanh(x*w + b") == "tanh(x*w + b\n            ^")
        #expect(parseError("\tx $")!.annotating("\tx $") == "\tx $\n\t  ^")
    }

    @Test("nesting is limited, and hostile input ends in an error rather than a crash")
    func nesting() throws {
        let limit = ScalarExpression.maximumNestingDepth
        func nested(_ depth: Int) -> String { String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth) }
        #expect(try ScalarExpression(parsing: nested(limit)).value(at: ["x": 3]) == 3)
        let message = "nested more than \(limit) levels deep (parentheses, function calls and '^' each add one)"
        #expect(parseError(nested(limit + 1)) == ExpressionError(.nestedTooDeeply, column: limit + 1, message))
        #expect(parseError(String(repeating: "(", count: 100_000)) == ExpressionError(.nestedTooDeeply, column: limit + 1, message))
        #expect(parseError(String(repeating: "sin(", count: 100_000))?.kind == .nestedTooDeeply)
        #expect(parseError(String(repeating: "2^", count: 100_000) + "2")?.kind == .nestedTooDeeply)
        #expect(parseError(String(repeating: ")", count: 100_000))?.kind == .expectedExpression)

        // Long flat input is not nesting: signs and sums are loops, evaluation and rendering too.
        let signs = try ScalarExpression(parsing: String(repeating: "-", count: 100_000) + "x")
        #expect(try signs.value(at: ["x": 2]) == 2)
        let terms = 100_000
        let sum = try ScalarExpression(parsing: Array(repeating: "x", count: terms).joined(separator: " + "))
        let x = Variable(1.0)
        let total = try sum.evaluate(["x": x])
        total.backward()
        #expect(total.value == Double(terms) && x.grad == Double(terms))
        #expect(sum.fullyParenthesized.count == terms + 5 * (terms - 1))
    }

    @Test("parsing is a loop, not recursion: the deepest allowed input parses on a thread with a 256 KB stack")
    func smallStack() async {
        let limit = ScalarExpression.maximumNestingDepth
        let inputs = [String(repeating: "(", count: limit) + "x" + String(repeating: ")", count: limit),
                      String(repeating: "sin(-", count: limit) + "x" + String(repeating: ")", count: limit),
                      String(repeating: "2^", count: limit) + "x",
                      String(repeating: "(", count: 100_000)]
        let outcomes: [Bool] = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: inputs.map { (try? ScalarExpression(parsing: $0)) != nil })
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        #expect(outcomes == [true, true, true, false])
    }

    @Test("1,000 seeded random mutations of valid expressions parse or throw with a column inside the text")
    func randomMutations() {
        let seeds = ["tanh(x*w + b)", "x^3 - 2*x", "sigmoid(a)^2 - log(a)", "-x^2 + 2^3^2", "pow(x, y) / max(x, 1e-3)",
                     "relu(x·w − b) * (1 - -x)", "sqrt(abs(sin(x) + cos(y)))", "exp(-(x - 0.5)^2 / 2) / 2.5066",
                     "min(θ, w_1) + .5 * tan(z)", "(((a)))*((b + c)/(d - e))"]
        let language = Array("0123456789.eE+-*/^(),·− xywabsinpqrt_")
        let foreign = Array("$#=!?@&|;:'\"[]{}<>%~`\\é€θ\t\n\u{200B}\u{301}²")
        var generator = SeededRandomNumberGenerator(seed: 20_250_601)
        var parsed = 0, rejected = 0
        for _ in 0..<1000 {
            var characters = Array(seeds.randomElement(using: &generator)!)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let pool = Bool.random(using: &generator) ? language : foreign
                let position = Int.random(in: 0...characters.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where position < characters.count: characters.remove(at: position)
                case 1 where position < characters.count: characters[position] = pool.randomElement(using: &generator)!
                default: characters.insert(pool.randomElement(using: &generator)!, at: position)
                }
            }
            let text = String(characters)
            do {
                let expression = try ScalarExpression(parsing: text)
                parsed += 1
                let values = Dictionary(uniqueKeysWithValues: expression.variableNames.map { ($0, Variable(0.7)) })
                let result = try expression.evaluate(values)
                if result.requiresGrad { result.backward() }
            } catch {
                rejected += 1
                #expect((1...(text.count + 1)).contains(error.column), "\(text.debugDescription): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed + rejected == 1000)
        #expect(parsed > 50 && rejected > 500)
    }

    @Test("explain: value, partials, unused names and the report in three formats")
    func explanation() throws {
        let expression = try ScalarExpression(parsing: "tanh(x*w + b)")
        let explanation = try expression.explain(at: ["x": 2, "w": -3, "b": 1, "q": 9])
        let t = Foundation.tanh(-5.0), local = 1 - t * t
        #expect(explanation.value == t)
        #expect(close([explanation.gradients["x"]!, explanation.gradients["w"]!, explanation.gradients["b"]!],
                      [-3 * local, 2 * local, local], tolerance: 1e-14))
        #expect(explanation.unusedNames == ["q"] && explanation.inputs == ["x": 2, "w": -3, "b": 1])
        #expect(explanation.trace.steps.count == 5)
        #expect(explanation.trace.graph.nodes.map(\.label) == ["x", "w", "b", "x·w", "x·w + b", "tanh(x·w + b)"])

        let text = explanation.report(.text)
        #expect(text.hasPrefix("f(x, w, b) = tanh(x*w + b)\nat x = 2, w = -3, b = 1:\n\nf     = \(plainNumber(t))\n∂f/∂x = \(plainNumber(-3 * local))\n"))
        #expect(text.contains(explanation.trace.text))
        let markdown = explanation.report(.markdown)
        #expect(markdown.hasPrefix("**f(x, w, b) = `tanh(x*w + b)`** at x = 2, w = -3, b = 1") && markdown.contains("| ∂f/∂w | ")
                && markdown.contains(explanation.trace.markdown))
        let latex = explanation.report(.latex)
        #expect(latex.contains("f(x, w, b) &= \\tanh\\left(x \\cdot w + b\\right)") && latex.contains("\\frac{\\partial f}{\\partial b} &= ")
                && latex.contains(explanation.trace.latex))

        #expect(throws: ExpressionError(.unknownVariable, column: 12, "unknown variable 'b' (given: q, w, x)")) {
            try expression.explain(at: ["x": 2, "w": -3, "q": 1])
        }
    }

    @Test("explain: an expression without variables, and one that is a single variable")
    func degenerateExplanations() throws {
        let constant = try ScalarExpression(parsing: "2^10 - 24").explain(at: ["x": 1])
        #expect(constant.value == 1000 && constant.gradients.isEmpty && constant.trace.steps.isEmpty && constant.unusedNames == ["x"])
        #expect(constant.report(.text).contains("no steps: the expression holds no variable"))
        let identity = try ScalarExpression(parsing: "x").explain(at: ["x": 4])
        #expect(identity.value == 4 && identity.gradients == ["x": 1] && identity.trace.steps.isEmpty)
    }
}
