#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// eˣ; its derivative is eˣ.
@inlinable @inline(__always)
public func exp(_ x: Variable) -> Variable { Variable.record(.exp, exp(x.value), x) }
/// The natural logarithm; its derivative is 1/x.
@inlinable @inline(__always)
public func log(_ x: Variable) -> Variable { Variable.record(.log, log(x.value), x) }
/// The sine; its derivative is cos x.
@inlinable @inline(__always)
public func sin(_ x: Variable) -> Variable { Variable.record(.sin, sin(x.value), x) }
/// The cosine; its derivative is −sin x.
@inlinable @inline(__always)
public func cos(_ x: Variable) -> Variable { Variable.record(.cos, cos(x.value), x) }
/// The tangent; its derivative is 1 + tan²x.
@inlinable @inline(__always)
public func tan(_ x: Variable) -> Variable { Variable.record(.tan, tan(x.value), x) }
/// The hyperbolic tangent; its derivative is 1 − tanh²x.
@inlinable @inline(__always)
public func tanh(_ x: Variable) -> Variable { Variable.record(.tanh, tanh(x.value), x) }
/// The square root; its derivative is 1/(2√x) (infinite at 0).
@inlinable @inline(__always)
public func sqrt(_ x: Variable) -> Variable { Variable.record(.sqrt, x.value.squareRoot(), x) }
/// The absolute value; its derivative is the sign of x, taken as 0 at 0.
@inlinable @inline(__always)
public func abs(_ x: Variable) -> Variable { Variable.record(.abs, Swift.abs(x.value), x) }

/// xᵖ for a constant exponent; its derivative is p·xᵖ⁻¹ (0 for p = 0, even at x = 0), as in
/// PyTorch.
@inlinable @inline(__always)
public func pow(_ x: Variable, _ p: Double) -> Variable {
    Variable.record(.powerConstant, p == 2 ? x.value * x.value : pow(x.value, p), x, constant: p)
}
/// bˣ for a constant base; its derivative is bˣ·ln b, taken as 0 for b = 0 and x ≥ 0 (the limit,
/// where 0·(−∞) would be NaN) and NaN for b < 0, as in PyTorch.
@inlinable @inline(__always)
public func pow(_ base: Double, _ x: Variable) -> Variable {
    Variable.record(.constantPower, pow(base, x.value), x, constant: base)
}
/// xʸ; ∂/∂x = y·xʸ⁻¹ (0 where y = 0) and ∂/∂y = xʸ·ln x, taken as 0 where x = 0 and y ≥ 0
/// (the limit), −∞ where x = 0 and y < 0, and NaN where x < 0, as in PyTorch.
@inlinable @inline(__always)
public func pow(_ x: Variable, _ y: Variable) -> Variable {
    Variable.record(.power, pow(x.value, y.value), x, y)
}

/// The larger value; the gradient goes to it, split evenly on a tie.
@inlinable @inline(__always)
public func max(_ x: Variable, _ y: Variable) -> Variable {
    Variable.record(.maximum, Swift.max(x.value, y.value), x, y)
}
/// The smaller value; the gradient goes to it, split evenly on a tie.
@inlinable @inline(__always)
public func min(_ x: Variable, _ y: Variable) -> Variable {
    Variable.record(.minimum, Swift.min(x.value, y.value), x, y)
}

/// The larger of a value and a constant; the gradient flows to x where x is larger (half on a tie).
@inlinable @inline(__always)
public func max(_ x: Variable, _ c: Double) -> Variable {
    Variable.record(.maximumConstant, Swift.max(x.value, c), x, constant: c)
}
/// The smaller of a value and a constant; the gradient flows to x where x is smaller (half on a tie).
@inlinable @inline(__always)
public func min(_ x: Variable, _ c: Double) -> Variable {
    Variable.record(.minimumConstant, Swift.min(x.value, c), x, constant: c)
}

extension Variable {
    /// max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 at 0, as in PyTorch).
    @inlinable @inline(__always)
    public func relu() -> Variable { Variable.record(.relu, Swift.max(value, 0), self) }
    /// 1 / (1 + e⁻ˣ); its derivative is σ(x)(1 − σ(x)).
    @inlinable @inline(__always)
    public func sigmoid() -> Variable { Variable.record(.sigmoid, stableSigmoid(value), self) }
    /// log(1 + eˣ), computed without overflow; its derivative is σ(x).
    @inlinable @inline(__always)
    public func softplus() -> Variable { Variable.record(.softplus, stableSoftplus(value), self) }
}

extension Variable: ScalarArithmetic {
    /// A constant: node 0 of the shared tape of constants, which records nothing, so that a
    /// literal costs no thread lookup and operations treat it as they treat a `Double`.
    @inlinable @inline(__always)
    init(constant: Double) {
        self.init(value: constant, tape: constantsTape, index: 0)
    }
    @usableFromInline var number: Double { value }
    @usableFromInline static func elementaryExp(_ x: Variable) -> Variable { exp(x) }
    @usableFromInline static func elementaryLog(_ x: Variable) -> Variable { log(x) }
    @usableFromInline static func elementarySin(_ x: Variable) -> Variable { sin(x) }
    @usableFromInline static func elementaryCos(_ x: Variable) -> Variable { cos(x) }
    @usableFromInline static func elementaryPow(_ x: Variable, _ y: Variable) -> Variable { pow(x, y) }
    @usableFromInline static func elementarySigmoid(_ x: Variable) -> Variable { x.sigmoid() }
}
