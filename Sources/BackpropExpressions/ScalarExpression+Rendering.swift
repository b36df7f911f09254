import Backprop

extension ScalarExpression {
    /// The expression with every operation in parentheses, showing how it was read.
    ///
    /// ```swift
    /// try ScalarExpression(parsing: "-x^2 + 2^3^2").fullyParenthesized   // ((-(x ^ 2)) + (2 ^ (3 ^ 2)))
    /// try ScalarExpression(parsing: "1 − -x·w").fullyParenthesized       // (1 - ((-x) * w))
    /// ```
    public var fullyParenthesized: String {
        render { instruction, operands in
            switch instruction {
            case .number(let value): return [.text(plainNumber(value))]
            case .variable(let name, _): return [.text(name)]
            case .negate: return [.text("(-"), .node(operands[0]), .text(")")]
            case .binary(let operation):
                return [.text("("), .node(operands[0]), .text(" \(operation.symbol) "), .node(operands[1]), .text(")")]
            case .call(let function):
                var pieces: [RenderPiece] = [.text(function.name + "(")]
                for (position, operand) in operands.enumerated() {
                    if position > 0 { pieces.append(.text(", ")) }
                    pieces.append(.node(operand))
                }
                return pieces + [.text(")")]
            }
        }
    }

    /// The expression as LaTeX math (without the surrounding `$`), with as few parentheses as
    /// the precedence needs: quotients as `\frac`, powers as superscripts, `w_1` as `w_{1}`.
    ///
    /// ```swift
    /// try ScalarExpression(parsing: "tanh(x*w + b)").latex   // \tanh\left(x \cdot w + b\right)
    /// try ScalarExpression(parsing: "sqrt(x)/2^-y").latex    // \frac{\sqrt{x}}{2^{-y}}
    /// ```
    public var latex: String {
        let levels = code.map(Self.latexLevel)
        return render { instruction, operands in
            func operand(_ position: Int, parenthesizedBelow level: Int, orNegation: Bool = false) -> [RenderPiece] {
                let child = operands[position]
                let wrap = levels[child] < level || (orNegation && code[child] == .negate)
                return wrap ? [.text("\\left("), .node(child), .text("\\right)")] : [.node(child)]
            }
            switch instruction {
            case .number(let value): return [.text(latexNumber(value))]
            case .variable(let name, _): return [.text(Self.latexName(name))]
            case .negate: return [.text("-")] + operand(0, parenthesizedBelow: 4)
            case .binary(.add): return operand(0, parenthesizedBelow: 1) + [.text(" + ")] + operand(1, parenthesizedBelow: 1, orNegation: true)
            case .binary(.subtract):
                return operand(0, parenthesizedBelow: 1) + [.text(" - ")] + operand(1, parenthesizedBelow: 2, orNegation: true)
            case .binary(.multiply):
                return operand(0, parenthesizedBelow: 2) + [.text(" \\cdot ")] + operand(1, parenthesizedBelow: 2, orNegation: true)
            case .binary(.divide): return [.text("\\frac{"), .node(operands[0]), .text("}{"), .node(operands[1]), .text("}")]
            case .binary(.power), .call(.pow):
                return operand(0, parenthesizedBelow: 5) + [.text("^{"), .node(operands[1]), .text("}")]
            case .call(.unary(.sqrt)): return [.text("\\sqrt{"), .node(operands[0]), .text("}")]
            case .call(.unary(.abs)): return [.text("\\left|"), .node(operands[0]), .text("\\right|")]
            case .call(let function):
                let name = switch function {
                case .unary(let function): function.definition.latexName
                case .pow, .max, .min: "\\" + function.name
                }
                var pieces: [RenderPiece] = [.text(name + "\\left(")]
                for (position, operand) in operands.enumerated() {
                    if position > 0 { pieces.append(.text(", ")) }
                    pieces.append(.node(operand))
                }
                return pieces + [.text("\\right)")]
            }
        }
    }

    /// A piece of rendered output: text, or an operand still to render.
    enum RenderPiece {
        case text(String)
        case node(Int)
    }

    /// Renders the expression without recursion: `pieces` says how instruction `i` is written
    /// given the indices of its operands' instructions.
    private func render(_ pieces: (ExpressionInstruction, [Int]) -> [RenderPiece]) -> String {
        var operands = [[Int]](repeating: [], count: code.count), stack: [Int] = []
        for (index, instruction) in code.enumerated() {
            operands[index] = Array(stack.suffix(instruction.arity))
            stack.removeLast(instruction.arity)
            stack.append(index)
        }
        var output = "", work: [RenderPiece] = [.node(code.count - 1)]
        while let piece = work.popLast() {
            switch piece {
            case .text(let text): output += text
            case .node(let index): work.append(contentsOf: pieces(code[index], operands[index]).reversed())
            }
        }
        return output
    }

    /// How tightly an instruction's LaTeX holds together: 1 a sum, 2 a product, 3 a negation,
    /// 4 a power or quotient, 5 an atom (a name, a call, a plain number).
    private static func latexLevel(_ instruction: ExpressionInstruction) -> Int {
        switch instruction {
        case .number(let value): plainNumber(value).contains("e") ? 2 : 5
        case .binary(.power), .call(.pow), .binary(.divide): 4
        case .variable, .call: 5
        case .negate: 3
        case .binary(.multiply): 2
        case .binary(.add), .binary(.subtract): 1
        }
    }

    /// `x`, `w_{1}`, `\mathrm{rate}`.
    static func latexName(_ name: String) -> String {
        let parts = name.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts[0].isEmpty ? "\\_" : parts[0].count == 1 ? String(parts[0]) : "\\mathrm{\(parts[0])}"
        guard parts.count == 2 else { return base }
        return base + "_{" + parts[1].map { $0 == "_" ? "\\_" : String($0) }.joined() + "}"
    }
}

/// A number as the expression language writes it, in full precision: `2`, `0.001`, `1e-05`.
func plainNumber(_ value: Double) -> String {
    if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// A number in LaTeX: `2`, `0.25`, `1.5 \times 10^{-5}`.
func latexNumber(_ value: Double) -> String {
    let plain = plainNumber(value)
    guard let e = plain.firstIndex(of: "e") else { return plain }
    let mantissa = plain[..<e], exponent = Int(plain[plain.index(after: e)...]) ?? 0
    return (mantissa == "1" || mantissa == "1.0" ? "" : "\(mantissa) \\times ") + "10^{\(exponent)}"
}
