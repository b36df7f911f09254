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
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// log(1 + x), accurate near 0.
    static func log1p(_ x: Self) -> Self
    /// The sine.
    static func sin(_ x: Self) -> Self
    /// The cosine.
    static func cos(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// xʸ.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The name used when printing a tensor's type, `Float` or `Double`.
    static var typeName: String { get }
}

extension Float: TensorElement {
    /// eˣ.
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    /// eˣ − 1.
    @inlinable public static func expm1(_ x: Float) -> Float { expm1f(x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    /// log(1 + x).
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    /// The sine.
    @inlinable public static func sin(_ x: Float) -> Float { sinf(x) }
    /// The cosine.
    @inlinable public static func cos(_ x: Float) -> Float { cosf(x) }
    /// The hyperbolic tangent.
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    /// xʸ.
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    /// `Float`.
    public static var typeName: String { "Float" }
}

extension Double: TensorElement {
    /// eˣ.
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    /// eˣ − 1.
    @inlinable public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    /// log(1 + x).
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    /// The sine.
    @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    /// The cosine.
    @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    /// The hyperbolic tangent.
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    /// xʸ.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    /// `Double`.
    public static var typeName: String { "Double" }
}
