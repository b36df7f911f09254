#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The arithmetic that scalar derivative rules are written in. `Double` evaluates a rule while
/// recording (the partials stored on the tape); `Variable` evaluates the same rule on the tape
/// when a backward sweep is itself recorded (`createGraph`), which is what gives higher
/// derivatives.
@usableFromInline
protocol ScalarArithmetic {
    /// A constant: a number for `Double`, a value needing no gradient for `Variable`.
    init(constant: Double)
    /// The plain number, for decisions such as which branch of `relu` applies.
    var number: Double { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func elementaryExp(_ x: Self) -> Self
    static func elementaryLog(_ x: Self) -> Self
    static func elementarySin(_ x: Self) -> Self
    static func elementaryCos(_ x: Self) -> Self
    static func elementaryPow(_ x: Self, _ y: Self) -> Self
    static func elementarySigmoid(_ x: Self) -> Self
}

extension Double: ScalarArithmetic {
    @inlinable init(constant: Double) { self = constant }
    @inlinable var number: Double { self }
    @inlinable static func elementaryExp(_ x: Double) -> Double { exp(x) }
    @inlinable static func elementaryLog(_ x: Double) -> Double { log(x) }
    @inlinable static func elementarySin(_ x: Double) -> Double { sin(x) }
    @inlinable static func elementaryCos(_ x: Double) -> Double { cos(x) }
    @inlinable static func elementaryPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    @inlinable static func elementarySigmoid(_ x: Double) -> Double { stableSigmoid(x) }
}

/// 1 / (1 + e⁻ˣ) without overflow for large |x|.
@inlinable @inline(__always)
func stableSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
}

/// log(1 + eˣ) without overflow for large x or loss of precision for very negative x.
@inlinable @inline(__always)
func stableSoftplus(_ x: Double) -> Double {
    max(x, 0) + log1p(exp(-Swift.abs(x)))
}

extension ScalarOperation {
    /// The local partial derivatives ∂output/∂x and ∂output/∂y of this operation, given its
    /// inputs, its output and its constant operand (for the `…Constant` forms). The single
    /// statement of every scalar derivative rule. Operations of one input return their constant
    /// as the second partial, which is how the tape keeps it.
    @inlinable @inline(__always)
    func partials<S: ScalarArithmetic>(x: S, y: S, output: S, constant c: Double) -> (S, S) {
        let zero = S(constant: 0), one = S(constant: 1), kept = S(constant: c)
        switch self {
        case .constant, .leaf, .imported, .tensor, .tensorLeaf, .tensorImported: return (zero, zero)
        case .add: return (one, one)
        case .subtract: return (one, S(constant: -1))
        case .multiply: return (y, x)
        case .divide: return (one / y, -output / y)
        case .negate: return (S(constant: -1), zero)
        case .addConstant: return (one, kept)
        case .constantSubtract: return (S(constant: -1), kept)
        case .multiplyConstant: return (kept, kept)
        case .divideByConstant: return (S(constant: 1 / c), kept)
        case .constantDivide: return (-output / x, kept)
        case .powerConstant:
            if c == 2 { return (x + x, kept) }
            // x⁰ is constant: its derivative is 0 even at x = 0, where 0·0⁻¹ would be NaN.
            if c == 0 { return (zero, kept) }
            return (kept * S.elementaryPow(x, S(constant: c - 1)), kept)
        case .constantPower:
            // cˣ·ln c; at c = 0 with x ≥ 0 the limit is 0 (0·(−∞) would be NaN), as in PyTorch.
            return (c == 0 && x.number >= 0 ? zero : output * S(constant: Double.elementaryLog(c)), kept)
        case .power:
            let dx = y.number == 0 ? zero : y * S.elementaryPow(x, y - one)
            // The exponent's derivative is output·ln x; at x = 0 with y ≥ 0 the limit is 0.
            let dy = x.number == 0 && y.number >= 0 ? zero : output * S.elementaryLog(x)
            return (dx, dy)
        case .exp: return (output, zero)
        case .log: return (one / x, zero)
        case .sin: return (S.elementaryCos(x), zero)
        case .cos: return (-S.elementarySin(x), zero)
        case .tan: return (one + output * output, zero)
        case .tanh: return (one - output * output, zero)
        case .sqrt: return (S(constant: 0.5) / output, zero)
        case .abs: return (S(constant: x.number > 0 ? 1 : x.number < 0 ? -1 : 0), zero)
        case .relu: return (x.number > 0 ? one : zero, zero)
        case .sigmoid: return (output * (one - output), zero)
        case .softplus: return (S.elementarySigmoid(x), zero)
        case .maximum, .minimum:
            let (a, b) = (x.number, y.number)
            if a == b { return (S(constant: 0.5), S(constant: 0.5)) }
            return (a > b) == (self == .maximum) ? (one, zero) : (zero, one)
        case .maximumConstant, .minimumConstant:
            if x.number == c { return (S(constant: 0.5), kept) }
            return ((x.number > c) == (self == .maximumConstant) ? one : zero, kept)
        case .tensorElement: return (one, zero)
        case .custom: return (zero, zero)  // Its rule lives in `Tape.customRules`.
        }
    }
}
