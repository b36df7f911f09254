/// How each operation is written, and its local derivatives as formulas, for graphs and
/// chain-rule traces. The rules that compute derivatives live beside the operations; these are
/// their textbook statements.
extension ScalarOperation {
    /// The operation written with its inputs `x`, `y` and constant `c`: `x·y`, `exp(x)`, `x + 2`.
    /// Compound operands of infix operators are parenthesised.
    func expression(_ x: String, _ y: String, constant c: String) -> String {
        let (px, py) = (parenthesized(x), parenthesized(y))
        switch self {
        case .constant: return c
        case .leaf, .imported, .tensor, .tensorLeaf, .tensorImported: return x
        case .tensorElement: return "Variable(\(x))"
        case .add: return "\(x) + \(y)"
        case .subtract: return "\(x) − \(py)"
        case .multiply: return "\(px)·\(py)"
        case .divide: return "\(px) / \(py)"
        case .negate: return "−\(px)"
        case .addConstant: return c.hasPrefix("-") ? "\(x) − \(c.dropFirst())" : "\(x) + \(c)"
        case .constantSubtract: return "\(c) − \(px)"
        case .multiplyConstant: return "\(c)·\(px)"
        case .divideByConstant: return "\(px) / \(c)"
        case .constantDivide: return "\(c) / \(px)"
        case .powerConstant: return "\(px)^\(c)"
        case .constantPower: return "\(c)^\(px)"
        case .power: return "\(px)^\(py)"
        case .unary(let function): return function.definition.written(x)
        case .maximum: return "max(\(x), \(y))"
        case .minimum: return "min(\(x), \(y))"
        case .maximumConstant: return "max(\(x), \(c))"
        case .minimumConstant: return "min(\(x), \(c))"
        case .custom: return "f(\(x), \(y))"
        }
    }

    /// The local derivative with respect to the first (`second` false) or second input, as a
    /// formula in the inputs and the constant.
    func derivativeFormula(second: Bool, _ x: String, _ y: String, constant c: String) -> String {
        switch self {
        case .add: "1"
        case .subtract: second ? "−1" : "1"
        case .multiply: second ? x : y
        case .divide: second ? "−\(parenthesized(x))/\(parenthesized(y))²" : "1/\(parenthesized(y))"
        case .negate, .constantSubtract: "−1"
        case .addConstant, .tensorElement, .leaf, .imported, .constant, .tensor, .tensorLeaf, .tensorImported: "1"
        case .multiplyConstant: c
        case .divideByConstant: "1/\(c)"
        case .constantDivide: "−\(c)/\(parenthesized(x))²"
        case .powerConstant: "\(c)·\(parenthesized(x))^(\(c)−1)"
        case .constantPower: "\(c)^\(parenthesized(x))·ln \(c)"
        case .power: second ? "\(parenthesized(x))^\(parenthesized(y))·ln \(parenthesized(x))" : "\(parenthesized(y))·\(parenthesized(x))^(\(y)−1)"
        case .unary(let function): function.definition.derivative(x)
        case .maximum: second ? "[\(y) > \(x)]" : "[\(x) > \(y)]"
        case .minimum: second ? "[\(y) < \(x)]" : "[\(x) < \(y)]"
        case .maximumConstant: "[\(x) > \(c)]"
        case .minimumConstant: "[\(x) < \(c)]"
        case .custom: second ? "∂f/∂\(y)" : "∂f/∂\(x)"
        }
    }
}

extension TensorOperation {
    /// The matrix-form gradient formula of input `index`, whose inputs are labelled `inputs` and
    /// whose upstream gradient is δ. Broadcast inputs then receive the formula summed over the
    /// repeated axes.
    func gradientFormula(input index: Int, inputs: [String]) -> String {
        let a = inputs.first ?? "x", b = inputs.count > 1 ? inputs[1] : "y"
        let (pa, pb) = (parenthesized(a), parenthesized(b))
        switch self {
        case .add, .leaf, .imported, .variableAsTensor, .clone: return "δ"
        case .addingProduct: return index == 0 ? "δ" : "c·δ"
        case .subtract: return index == 0 ? "δ" : "−δ"
        case .multiply: return index == 0 ? "δ ⊙ \(pb)" : "δ ⊙ \(pa)"
        case .divide: return index == 0 ? "δ / \(pb)" : "−δ ⊙ \(pa) / \(pb)²"
        case .negate: return "−δ"
        case .square: return "δ ⊙ 2·\(pa)"
        case .pow: return index == 0 ? "δ ⊙ p·\(pa)^(p−1)" : "δ ⊙ \(pa)^\(pb)·ln \(pa)"
        case .unary(let function): return Self.gradientFormula(of: function, input: a)
        case .sqrtZeroAtZero: return Self.gradientFormula(of: .sqrt, input: a) + " (0 where \(a) = 0)"
        case .reluMask: return "δ ⊙ [mask > 0]"
        case .clamp: return "δ ⊙ [lo < \(a) < hi]"
        case .select: return index == 0 ? "δ ⊙ [condition]" : "δ ⊙ [not condition]"
        case .sum: return "broadcast(δ)"
        case .max, .maxPool2d: return "δ at the arg-max"
        case .maxUnpool2d: return "δ gathered at the arg-max"
        case .logSoftmax: return "δ − softmax(\(a))·Σδ"
        case .cumulativeSum(let reversed): return reversed ? "cumulative sum of δ" : "reverse cumulative sum of δ"
        case .reshape: return "reshape(δ)"
        case .permute: return "permute⁻¹(δ)"
        case .broadcast: return "sum of δ over the repeated axes"
        case .flip: return "flip(δ)"
        case .concatenate: return "the part of δ from input \(index + 1)"
        case .slice: return "δ in zeros at the slice"
        case .pad: return "δ without the padding"
        case .sliceScatter: return "δ at the slice"
        case .gather, .gatherElements: return "δ added at the gathered indices"
        case .scatterAdd, .scatterAddElements: return "δ gathered at the indices"
        case .matmul(false, false): return index == 0 ? "δ·\(pb)ᵀ" : "\(pa)ᵀ·δ"
        case .matmul(true, false): return index == 0 ? "\(pb)·δᵀ" : "\(pa)·δ"
        case .matmul(false, true): return index == 0 ? "δ·\(pb)" : "δᵀ·\(pa)"
        case .matmul(true, true): return index == 0 ? "\(pb)ᵀ·δᵀ" : "δᵀ·\(pa)ᵀ"
        case .im2col: return "col2im(δ)"
        case .col2im: return "im2col(δ)"
        case .conv2d: return ["col2im(\(pb)ᵀ·δ)", "δ·im2col(\(a))ᵀ", "Σ δ over images and positions"][Swift.min(index, 2)]
        case .conv2dInputGradient: return index == 0 ? "conv2d(δ, \(b))" : "\(pa)·im2col(δ)ᵀ"
        case .conv2dFilterGradient: return index == 0 ? "col2im(δᵀ·\(pb))" : "conv2d(\(a), δ)"
        case .custom(let name): return "the pullback of \(name) applied to δ"
        case .linearRecurrence(let reversed):
            let adjoint = "λ, the recurrence of δ run \(reversed ? "forward" : "backward")"
            return index == 0 ? adjoint : "\(adjoint) ⊙ h shifted one position"
        case .logCumulativeSumExp(let reversed):
            return "Σ over \(reversed ? "k ≤ j" : "k ≥ j") of δ_k·exp(\(a)_j − y_k)"
        case .scatter(let reduction, _):
            switch reduction {
            case nil: return index == 0 ? "δ, 0 at the written positions" : "δ gathered at the indices"
            case .sum: return index == 0 ? "δ" : "δ gathered at the indices"
            case .mean: return index == 0 ? "δ / count" : "(δ / count) gathered at the indices"
            case .product: return "δ ⊙ the product of the other elements at the position"
            case .amax, .amin: return "δ shared among the elements equal to the result"
            }
        case .solve(let transpose):
            let inverseTransposed = transpose ? "\(pa)⁻¹" : "\(pa)⁻ᵀ"
            return index == 1 ? "\(inverseTransposed)·δ" : transpose ? "−X·(\(inverseTransposed)·δ)ᵀ" : "−\(inverseTransposed)·δ·Xᵀ"
        case .determinant: return "δ·det(\(a))·\(pa)⁻ᵀ"
        case .logAbsDeterminant: return "δ·\(pa)⁻ᵀ"
        case .cholesky: return "L⁻ᵀ·Φ(Lᵀ·δ)·L⁻¹, Φ the lower triangle with half its diagonal, symmetrised"
        case .qr: return "(δ_Q + Q·copyltu(triu(δ_R·Rᵀ − Qᵀ·δ_Q)))·R⁻ᵀ"
        case .singularValueDecomposition: return "U·(skew(Uᵀδ_U)·S + S·skew(Vᵀδ_V)) ⊘ (S_l² − S_j²) + diag(δ_S))·Vᵀ + the parts outside U and V"
        case .symmetricEigen: return "V·(diag(δw) + ½(Vᵀδ_V − δ_Vᵀ V) ⊘ (wⱼ − wᵢ))·Vᵀ"
        case .triangularSolve(let upper, let transpose, _):
            let inverseTransposed = transpose ? "\(pa)⁻¹" : "\(pa)⁻ᵀ"
            let triangle = upper ? "triu" : "tril"
            return index == 1 ? "\(inverseTransposed)·δ" : transpose ? "\(triangle)(−X·(\(inverseTransposed)·δ)ᵀ)" : "\(triangle)(−\(inverseTransposed)·δ·Xᵀ)"
        }
    }

    /// δ ⊙ f′(a) for an elementwise function, from the same formula the scalar traces show:
    /// `δ ⊙ (1 − tanh²(a))`, with `δ / a` for a derivative 1/a and `−δ ⊙ …` for a negative one.
    private static func gradientFormula(of function: UnaryFunction, input a: String) -> String {
        let local = function.definition.derivative(a)
        if local.hasPrefix("1/") { return "δ / " + parenthesized(String(local.dropFirst(2))) }
        if local.hasPrefix("−") { return "−δ ⊙ " + parenthesized(String(local.dropFirst())) }
        return "δ ⊙ " + parenthesized(local)
    }

    /// The operation written with its inputs' labels, in the notation of the formulas:
    /// `W·x + b`, `σ(u)`, `h − z`; `name(a, b)` for operations without a notation of their own.
    func expression(inputs: [String]) -> String {
        guard let a = inputs.first else { return name }
        let b = inputs.count > 1 ? inputs[1] : "y"
        let (pa, pb) = (parenthesized(a), parenthesized(b))
        switch self {
        case .add: return "\(a) + \(b)"
        case .addingProduct: return "\(a) + c·\(pb)"
        case .subtract: return "\(a) − \(pb)"
        case .multiply: return "\(pa) ⊙ \(pb)"
        case .divide: return "\(pa) / \(pb)"
        case .negate: return "−\(pa)"
        case .matmul(let transposeA, let transposeB): return "\(pa)\(transposeA ? "ᵀ" : "")·\(pb)\(transposeB ? "ᵀ" : "")"
        case .sum: return "Σ\(pa)"
        case .square: return "\(pa)²"
        case .pow: return "\(pa)^p"
        case .unary(let function): return function.definition.written(a)
        case .sqrtZeroAtZero: return UnaryFunction.sqrt.definition.written(a)
        case .variableAsTensor: return "Tensor(\(a))"
        default: return "\(name)(\(inputs.joined(separator: ", ")))"
        }
    }
}

/// `text` in parentheses when it is a compound expression: when it holds an infix operator
/// outside any brackets (`x·w + b`, but not `tanh(x·w + b)`) or starts with a sign (`−x`).
func parenthesized(_ text: String) -> String {
    var depth = 0
    var compound = text.hasPrefix("−") || text.hasPrefix("-")
    for character in text {
        switch character {
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth -= 1
        case " ", "+", "−", "·", "/", "^": if depth == 0 { compound = true }
        default: break
        }
    }
    return compound ? "(\(text))" : text
}
