/// The elementwise functions of one input: each is defined once here, and everything else (the
/// `Variable` and `Tensor` forms, first and higher derivatives, batched Jacobians, graphs, traces
/// in text, Markdown and LaTeX, the `explain` language, the random programs of the tests) is
/// derived from these three switches. A function added here and missing from one of them is a
/// compile error.
///
/// Each entry gives:
/// - ``value(_:)``: the function on one element of every element type;
/// - ``derivative(x:output:)``: its local derivative, written once in ``DerivativeArithmetic``,
///   which evaluates it as `Double` while recording (the partial kept on the tape), as
///   `Variable` when a backward pass is itself recorded (so higher derivatives follow), and as
///   `Tensor` for the tensor pullback `g · f′` and its batched form;
/// - ``definition``: its name, how it is written, its derivative as a formula, and where it is
///   differentiable.
///
/// ```swift
/// UnaryFunction.tanh.value(0.5)                        // 0.4621...
/// Tensor<Double>([0, 1]).applying(.erf)                 // [0, 0.8427...]
/// ```
public enum UnaryFunction: UInt8, CaseIterable, Sendable {
    case exp, expm1, exp2, log, log1p, log2, log10
    case sin, cos, tan, asin, acos, atan
    case sinh, cosh, tanh, asinh, acosh, atanh
    case sqrt, abs, relu, sigmoid, softplus, erf, erfc

    /// The function at `x`.
    @inlinable @inline(__always)
    public func value<Element: TensorElement>(_ x: Element) -> Element {
        switch self {
        case .exp: .exp(x)
        case .expm1: .expm1(x)
        case .exp2: .exp2(x)
        case .log: .log(x)
        case .log1p: .log1p(x)
        case .log2: .log2(x)
        case .log10: .log10(x)
        case .sin: .sin(x)
        case .cos: .cos(x)
        case .tan: .tan(x)
        case .asin: .asin(x)
        case .acos: .acos(x)
        case .atan: .atan(x)
        case .sinh: .sinh(x)
        case .cosh: .cosh(x)
        case .tanh: .tanh(x)
        case .asinh: .asinh(x)
        case .acosh: .acosh(x)
        case .atanh: .atanh(x)
        case .sqrt: x.squareRoot()
        case .abs: Swift.abs(x)
        // Written so that relu(NaN) is NaN, as PyTorch's, and the loop still vectorises.
        case .relu: x <= 0 ? 0 : x
        case .sigmoid: logistic(x)
        case .softplus: Swift.max(x, 0) + .log1p(.exp(-Swift.abs(x)))
        case .erf: .erf(x)
        case .erfc: .erfc(x)
        }
    }

    /// The local derivative f′(x), given the input and the output f(x) (whichever reads more
    /// simply). Where a function has no derivative, PyTorch's choice: 0 for `abs` and `relu` at 0.
    @inlinable @inline(__always)
    func derivative<S: DerivativeArithmetic>(x: S, output: S) -> S {
        rule(x: RuleTerm(x), y: RuleTerm(output)).value
    }

    /// ``derivative(x:output:)`` as a formula in the input `x` and the output `y`.
    @inlinable @inline(__always)
    func rule<S>(x: RuleTerm<S>, y: RuleTerm<S>) -> RuleTerm<S> {
        switch self {
        case .exp: y
        case .expm1: y + .one
        case .exp2: y * .constant(0.6931471805599453)   // ln 2
        case .log: .one / x
        case .log1p: .one / (x + .one)
        case .log2: .one / (x * .constant(0.6931471805599453))
        case .log10: .one / (x * .constant(2.302585092994046))   // ln 10
        case .sin: .apply(.cos, x)
        case .cos: -.apply(.sin, x)
        case .tan: .one + y * y
        case .asin: .one / .apply(.sqrt, .one - x * x)
        case .acos: -(.one / .apply(.sqrt, .one - x * x))
        case .atan: .one / (.one + x * x)
        case .sinh: .apply(.cosh, x)
        case .cosh: .apply(.sinh, x)
        case .tanh: .one - y * y
        case .asinh: .one / .apply(.sqrt, x * x + .one)
        case .acosh: .one / .apply(.sqrt, x * x - .one)
        case .atanh: .one / (.one - x * x)
        case .sqrt: .constant(0.5) / y
        case .abs: .sign(x)
        case .relu: .positive(x)
        case .sigmoid: y * (.one - y)
        case .softplus: .apply(.sigmoid, x)
        case .erf: .constant(1.1283791670955126) * .apply(.exp, -(x * x))   // 2/√π
        case .erfc: .constant(-1.1283791670955126) * .apply(.exp, -(x * x))
        }
    }

    /// What graphs, traces and the expression language show of the function.
    public struct Definition: Sendable {
        /// The name in code and in the expression language: `tanh`.
        public let name: String
        /// The name in LaTeX: `\tanh`, `\operatorname{erf}`.
        public let latexName: String
        /// The function applied to an operand written `x`: `tanh(x)`, `σ(x)`, `√x`, `|x|`.
        public let written: @Sendable (_ x: String) -> String
        /// The derivative as a formula in the operand: `1 − tanh²(x)`.
        public let derivative: @Sendable (_ x: String) -> String
        /// The open interval where the function is differentiable, endpoints excluded (points
        /// such as 0 for `abs` aside).
        public let domain: (lower: Double, upper: Double)

        init(
            _ name: String, latex: String? = nil, written: (@Sendable (String) -> String)? = nil,
            derivative: @escaping @Sendable (String) -> String, domain: (lower: Double, upper: Double) = (-.infinity, .infinity)
        ) {
            self.name = name
            latexName = latex ?? "\\operatorname{\(name)}"
            self.written = written ?? { "\(name)(\($0))" }
            self.derivative = derivative
            self.domain = domain
        }
    }

    /// The function's name, notation, derivative formula and domain.
    public var definition: Definition { Self.definitions[Int(rawValue)] }

    /// Every function's ``definition``, made once.
    private static let definitions = allCases.map(define)

    private static func define(_ function: UnaryFunction) -> Definition {
        let positive = (0.0, Double.infinity), unit = (-1.0, 1.0)
        return switch function {
        case .exp: Definition("exp", latex: "\\exp", derivative: { "exp(\($0))" })
        case .expm1: Definition("expm1", derivative: { "exp(\($0))" })
        case .exp2: Definition("exp2", written: { "2^\(parenthesized($0))" }, derivative: { "2^\(parenthesized($0))·ln 2" })
        case .log: Definition("log", latex: "\\log", derivative: { "1/\(parenthesized($0))" }, domain: positive)
        case .log1p: Definition("log1p", derivative: { "1/(1 + \($0))" }, domain: (-1, .infinity))
        case .log2: Definition("log2", latex: "\\log_2", derivative: { "1/(\(parenthesized($0))·ln 2)" }, domain: positive)
        case .log10: Definition("log10", latex: "\\log_{10}", derivative: { "1/(\(parenthesized($0))·ln 10)" }, domain: positive)
        case .sin: Definition("sin", latex: "\\sin", derivative: { "cos(\($0))" })
        case .cos: Definition("cos", latex: "\\cos", derivative: { "−sin(\($0))" })
        case .tan: Definition("tan", latex: "\\tan", derivative: { "1 + tan²(\($0))" }, domain: (-1.5707963267948966, 1.5707963267948966))
        case .asin: Definition("asin", latex: "\\arcsin", derivative: { "1/√(1 − \(parenthesized($0))²)" }, domain: unit)
        case .acos: Definition("acos", latex: "\\arccos", derivative: { "−1/√(1 − \(parenthesized($0))²)" }, domain: unit)
        case .atan: Definition("atan", latex: "\\arctan", derivative: { "1/(1 + \(parenthesized($0))²)" })
        case .sinh: Definition("sinh", latex: "\\sinh", derivative: { "cosh(\($0))" })
        case .cosh: Definition("cosh", latex: "\\cosh", derivative: { "sinh(\($0))" })
        case .tanh: Definition("tanh", latex: "\\tanh", derivative: { "1 − tanh²(\($0))" })
        case .asinh: Definition("asinh", latex: "\\operatorname{arsinh}", derivative: { "1/√(\(parenthesized($0))² + 1)" })
        case .acosh: Definition("acosh", latex: "\\operatorname{arcosh}", derivative: { "1/√(\(parenthesized($0))² − 1)" }, domain: (1, .infinity))
        case .atanh: Definition("atanh", latex: "\\operatorname{artanh}", derivative: { "1/(1 − \(parenthesized($0))²)" }, domain: unit)
        case .sqrt: Definition("sqrt", latex: "\\sqrt", written: { "√\(parenthesized($0))" }, derivative: { "1/(2√\(parenthesized($0)))" }, domain: positive)
        case .abs: Definition("abs", written: { "|\($0)|" }, derivative: { "sign(\($0))" })
        case .relu: Definition("relu", derivative: { "[\($0) > 0]" })
        case .sigmoid: Definition("sigmoid", latex: "\\sigma", written: { "σ(\($0))" }, derivative: { "σ(\($0))·(1 − σ(\($0)))" })
        case .softplus: Definition("softplus", derivative: { "σ(\($0))" })
        case .erf: Definition("erf", derivative: { "(2/√π)·exp(−\(parenthesized($0))²)" })
        case .erfc: Definition("erfc", derivative: { "−(2/√π)·exp(−\(parenthesized($0))²)" })
        }
    }

    /// The function with this ``Definition/name``, if there is one.
    public init?(named name: String) {
        guard let function = Self.allCases.first(where: { $0.definition.name == name }) else { return nil }
        self = function
    }
}

/// 1 / (1 + e⁻ˣ) without overflow for large |x|.
@inlinable @inline(__always)
func logistic<Element: TensorElement>(_ x: Element) -> Element {
    let e = Element.exp(-Swift.abs(x))
    return x >= 0 ? 1 / (1 + e) : e / (1 + e)
}
