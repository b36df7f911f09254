#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

extension Variable: ScalarArithmetic {
    @usableFromInline var number: Double { value }
    @usableFromInline static func elementaryPow(_ x: Variable, _ y: Variable) -> Variable { pow(x, y) }
}
