#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar types a ``Tensor`` can hold: `Float` and `Double`.
///
/// The requirements are the elementary functions the kernels need, named as in C so that each
/// type uses its own precision (`expf` for `Float`, `exp` for `Double`).
public protocol TensorElement: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, CustomStringConvertible {
    /// eˣ.
    static func exp(_ x: Self) -> Self
    /// eˣ − 1, accurate near 0.
    static func expm1(_ x: Self) -> Self
    /// 2ˣ.
    static func exp2(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// log(1 + x), accurate near 0.
    static func log1p(_ x: Self) -> Self
    /// The base-2 logarithm.
    static func log2(_ x: Self) -> Self
    /// The base-10 logarithm.
    static func log10(_ x: Self) -> Self
    /// The sine.
    static func sin(_ x: Self) -> Self
    /// The cosine.
    static func cos(_ x: Self) -> Self
    /// The tangent.
    static func tan(_ x: Self) -> Self
    /// The arcsine.
    static func asin(_ x: Self) -> Self
    /// The arccosine.
    static func acos(_ x: Self) -> Self
    /// The arctangent.
    static func atan(_ x: Self) -> Self
    /// The hyperbolic sine.
    static func sinh(_ x: Self) -> Self
    /// The hyperbolic cosine.
    static func cosh(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The inverse hyperbolic sine.
    static func asinh(_ x: Self) -> Self
    /// The inverse hyperbolic cosine.
    static func acosh(_ x: Self) -> Self
    /// The inverse hyperbolic tangent.
    static func atanh(_ x: Self) -> Self
    /// The error function.
    static func erf(_ x: Self) -> Self
    /// The complementary error function 1 − erf x.
    static func erfc(_ x: Self) -> Self
    /// xʸ.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The name used when printing a tensor's type, `Float` or `Double`.
    static var typeName: String { get }
}

extension Float: TensorElement {
    /// eˣ.
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    /// eˣ − 1, accurate near 0.
    @inlinable public static func expm1(_ x: Float) -> Float { expm1f(x) }
    /// 2ˣ.
    @inlinable public static func exp2(_ x: Float) -> Float { exp2f(x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    /// log(1 + x), accurate near 0.
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    /// The base-2 logarithm.
    @inlinable public static func log2(_ x: Float) -> Float { log2f(x) }
    /// The base-10 logarithm.
    @inlinable public static func log10(_ x: Float) -> Float { log10f(x) }
    /// The sine.
    @inlinable public static func sin(_ x: Float) -> Float { sinf(x) }
    /// The cosine.
    @inlinable public static func cos(_ x: Float) -> Float { cosf(x) }
    /// The tangent.
    @inlinable public static func tan(_ x: Float) -> Float { tanf(x) }
    /// The arcsine.
    @inlinable public static func asin(_ x: Float) -> Float { asinf(x) }
    /// The arccosine.
    @inlinable public static func acos(_ x: Float) -> Float { acosf(x) }
    /// The arctangent.
    @inlinable public static func atan(_ x: Float) -> Float { atanf(x) }
    /// The hyperbolic sine.
    @inlinable public static func sinh(_ x: Float) -> Float { sinhf(x) }
    /// The hyperbolic cosine.
    @inlinable public static func cosh(_ x: Float) -> Float { coshf(x) }
    /// The hyperbolic tangent.
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    /// The inverse hyperbolic sine.
    @inlinable public static func asinh(_ x: Float) -> Float { asinhf(x) }
    /// The inverse hyperbolic cosine.
    @inlinable public static func acosh(_ x: Float) -> Float { acoshf(x) }
    /// The inverse hyperbolic tangent.
    @inlinable public static func atanh(_ x: Float) -> Float { atanhf(x) }
    /// The error function.
    @inlinable public static func erf(_ x: Float) -> Float { erff(x) }
    /// The complementary error function 1 − erf x.
    @inlinable public static func erfc(_ x: Float) -> Float { erfcf(x) }
    /// xʸ.
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    /// `Float`.
    public static var typeName: String { "Float" }
}

extension Double: TensorElement {
    /// eˣ.
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    /// eˣ − 1, accurate near 0.
    @inlinable public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    /// 2ˣ.
    @inlinable public static func exp2(_ x: Double) -> Double { Glibc.exp2(x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    /// log(1 + x), accurate near 0.
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    /// The base-2 logarithm.
    @inlinable public static func log2(_ x: Double) -> Double { Glibc.log2(x) }
    /// The base-10 logarithm.
    @inlinable public static func log10(_ x: Double) -> Double { Glibc.log10(x) }
    /// The sine.
    @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    /// The cosine.
    @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    /// The tangent.
    @inlinable public static func tan(_ x: Double) -> Double { Glibc.tan(x) }
    /// The arcsine.
    @inlinable public static func asin(_ x: Double) -> Double { Glibc.asin(x) }
    /// The arccosine.
    @inlinable public static func acos(_ x: Double) -> Double { Glibc.acos(x) }
    /// The arctangent.
    @inlinable public static func atan(_ x: Double) -> Double { Glibc.atan(x) }
    /// The hyperbolic sine.
    @inlinable public static func sinh(_ x: Double) -> Double { Glibc.sinh(x) }
    /// The hyperbolic cosine.
    @inlinable public static func cosh(_ x: Double) -> Double { Glibc.cosh(x) }
    /// The hyperbolic tangent.
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    /// The inverse hyperbolic sine.
    @inlinable public static func asinh(_ x: Double) -> Double { Glibc.asinh(x) }
    /// The inverse hyperbolic cosine.
    @inlinable public static func acosh(_ x: Double) -> Double { Glibc.acosh(x) }
    /// The inverse hyperbolic tangent.
    @inlinable public static func atanh(_ x: Double) -> Double { Glibc.atanh(x) }
    /// The error function.
    @inlinable public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
    /// The complementary error function 1 − erf x.
    @inlinable public static func erfc(_ x: Double) -> Double { Glibc.erfc(x) }
    /// xʸ.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    /// `Double`.
    public static var typeName: String { "Double" }
}
