#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A number with a directional derivative beside it (forward mode), so that a compiled
/// function's reverse sweep run on dual numbers gives a Hessian-vector product: the tangent
/// parts of the gradient are H·u (forward over reverse).
struct DualNumber {
    var value: Double
    /// The derivative of `value` along the chosen direction.
    var tangent: Double

    init(_ value: Double, tangent: Double) {
        self.value = value
        self.tangent = tangent
    }
}

extension DualNumber: ScalarArithmetic {
    init(constant: Double) { self.init(constant, tangent: 0) }
    static func sum(_ lhs: Self, _ rhs: Self) -> Self { lhs + rhs }
    static func difference(_ lhs: Self, _ rhs: Self) -> Self { lhs - rhs }
    static func product(_ lhs: Self, _ rhs: Self) -> Self { lhs * rhs }
    static func quotient(_ lhs: Self, _ rhs: Self) -> Self { lhs / rhs }
    static func negation(_ x: Self) -> Self { -x }
    static func apply(_ function: UnaryFunction, _ x: Self) -> Self {
        let value = function.value(x.value)
        return Self(value, tangent: x.tangent == 0 ? 0 : function.derivative(x: x.value, output: value) * x.tangent)
    }
    static func positive(_ x: Self) -> Self { Self(constant: Double.positive(x.value)) }
    static func sign(_ x: Self) -> Self { Self(constant: Double.sign(x.value)) }

    static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.value + rhs.value, tangent: lhs.tangent + rhs.tangent) }
    static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.value - rhs.value, tangent: lhs.tangent - rhs.tangent) }
    static func * (lhs: Self, rhs: Self) -> Self {
        Self(lhs.value * rhs.value, tangent: lhs.tangent * rhs.value + lhs.value * rhs.tangent)
    }
    static func / (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value / rhs.value
        return Self(value, tangent: (lhs.tangent - value * rhs.tangent) / rhs.value)
    }
    static prefix func - (operand: Self) -> Self { Self(-operand.value, tangent: -operand.tangent) }
    var number: Double { value }

    /// xʸ, whose tangent takes each operand's term only where that operand moves, so that a
    /// constant exponent of a negative base (or a constant base 0) adds no NaN from ln.
    static func elementaryPow(_ x: Self, _ y: Self) -> Self {
        let value = pow(x.value, y.value)
        var tangent = 0.0
        if x.tangent != 0 && y.value != 0 { tangent += y.value * pow(x.value, y.value - 1) * x.tangent }
        if y.tangent != 0 { tangent += value * log(x.value) * y.tangent }
        return Self(value, tangent: tangent)
    }
}
