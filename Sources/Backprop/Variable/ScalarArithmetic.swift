#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The derivative arithmetic of scalars (`Double` while recording, `Variable` under
/// `createGraph`), with what the scalar rules of the tape need beyond the elementwise functions:
/// the plain number, for decisions such as which of two tied inputs wins, and powers.
@usableFromInline
protocol ScalarArithmetic: DerivativeArithmetic {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    /// The plain number.
    var number: Double { get }
    static func elementaryPow(_ x: Self, _ y: Self) -> Self
}

extension Double: ScalarArithmetic {
    @inlinable var number: Double { self }
    @inlinable static func elementaryPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}

extension ScalarOperation {
    /// The local partial derivatives ∂output/∂x and ∂output/∂y of this operation, given its
    /// inputs, its output and its constant operand (for the `…Constant` forms). The single
    /// statement of every scalar derivative rule (the elementwise functions' are in
    /// ``UnaryFunction``). Operations of one input return their constant as the second partial,
    /// which is how the tape keeps it.
    @inlinable @inline(__always)
    func partials<S: ScalarArithmetic>(x: S, y: S, output: S, constant c: Double) -> (S, S) {
        let zero = S(constant: 0), one = S(constant: 1), kept = S(constant: c)
        switch self {
        case .constant, .leaf, .imported, .tensor, .tensorLeaf, .tensorImported: return (zero, zero)
        case .unary(let function): return (function.derivative(x: x, output: output), zero)
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
            return (c == 0 && x.number >= 0 ? zero : output * S(constant: log(c)), kept)
        case .power:
            let dx = y.number == 0 ? zero : y * S.elementaryPow(x, y - one)
            // The exponent's derivative is output·ln x; at x = 0 with y ≥ 0 the limit is 0.
            let dy = x.number == 0 && y.number >= 0 ? zero : output * S.apply(.log, x)
            return (dx, dy)
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
