/// The arithmetic that derivative rules are written in, once, for three kinds of value: `Double`
/// evaluates a rule while recording (the partial kept on the tape); `Variable` evaluates it on
/// the tape when a backward pass is itself recorded (`createGraph`), which is what gives higher
/// derivatives; `Tensor` evaluates it elementwise for a tensor's pullback and its batched form.
///
/// Its operations have names rather than operators: operators declared in a protocol that
/// tensors conform to make Swift type-check long tensor expressions too slowly. Rules are
/// written with operators on ``RuleTerm``.
@usableFromInline
protocol DerivativeArithmetic {
    /// A constant: a number, a value needing no gradient, a 0-d tensor that broadcasts.
    init(constant: Double)
    static func sum(_ lhs: Self, _ rhs: Self) -> Self
    static func difference(_ lhs: Self, _ rhs: Self) -> Self
    static func product(_ lhs: Self, _ rhs: Self) -> Self
    static func quotient(_ lhs: Self, _ rhs: Self) -> Self
    static func negation(_ x: Self) -> Self
    /// `function` applied to `x` (recorded, for Variables and tensors that need a gradient).
    static func apply(_ function: UnaryFunction, _ x: Self) -> Self
    /// 1 where x > 0 and 0 elsewhere, as a constant: the derivative of relu, 0 at 0.
    static func positive(_ x: Self) -> Self
    /// −1, 0 or 1 by the sign of x, as a constant: the derivative of abs, 0 at 0.
    static func sign(_ x: Self) -> Self
}

/// A value in a derivative rule, so that rules read as formulas: `.one - y * y`.
@usableFromInline @frozen
struct RuleTerm<Value: DerivativeArithmetic> {
    @usableFromInline let value: Value

    @inlinable @inline(__always) init(_ value: Value) { self.value = value }

    @inlinable @inline(__always) static var one: Self { constant(1) }
    @inlinable @inline(__always) static func constant(_ c: Double) -> Self { Self(Value(constant: c)) }
    @inlinable @inline(__always) static func + (lhs: Self, rhs: Self) -> Self { Self(.sum(lhs.value, rhs.value)) }
    @inlinable @inline(__always) static func - (lhs: Self, rhs: Self) -> Self { Self(.difference(lhs.value, rhs.value)) }
    @inlinable @inline(__always) static func * (lhs: Self, rhs: Self) -> Self { Self(.product(lhs.value, rhs.value)) }
    @inlinable @inline(__always) static func / (lhs: Self, rhs: Self) -> Self { Self(.quotient(lhs.value, rhs.value)) }
    @inlinable @inline(__always) static prefix func - (x: Self) -> Self { Self(.negation(x.value)) }
    @inlinable @inline(__always) static func apply(_ function: UnaryFunction, _ x: Self) -> Self { Self(.apply(function, x.value)) }
    @inlinable @inline(__always) static func positive(_ x: Self) -> Self { Self(.positive(x.value)) }
    @inlinable @inline(__always) static func sign(_ x: Self) -> Self { Self(.sign(x.value)) }
}

extension Double: DerivativeArithmetic {
    @inlinable @inline(__always) init(constant: Double) { self = constant }
    @inlinable @inline(__always) static func sum(_ lhs: Double, _ rhs: Double) -> Double { lhs + rhs }
    @inlinable @inline(__always) static func difference(_ lhs: Double, _ rhs: Double) -> Double { lhs - rhs }
    @inlinable @inline(__always) static func product(_ lhs: Double, _ rhs: Double) -> Double { lhs * rhs }
    @inlinable @inline(__always) static func quotient(_ lhs: Double, _ rhs: Double) -> Double { lhs / rhs }
    @inlinable @inline(__always) static func negation(_ x: Double) -> Double { -x }
    @inlinable @inline(__always) static func apply(_ function: UnaryFunction, _ x: Double) -> Double { function.value(x) }
    @inlinable @inline(__always) static func positive(_ x: Double) -> Double { x > 0 ? 1 : 0 }
    @inlinable @inline(__always) static func sign(_ x: Double) -> Double { x > 0 ? 1 : x < 0 ? -1 : 0 }
}

extension Variable: DerivativeArithmetic {
    /// A constant: a value that needs no gradient, as a number mixed into an expression is.
    /// It records nothing (it is node 0 of a shared tape of constants) and costs no thread lookup.
    @inlinable @inline(__always)
    public init(constant: Double) {
        self.init(value: constant, tape: constantsTape, index: 0)
    }
    @usableFromInline static func sum(_ lhs: Variable, _ rhs: Variable) -> Variable { lhs + rhs }
    @usableFromInline static func difference(_ lhs: Variable, _ rhs: Variable) -> Variable { lhs - rhs }
    @usableFromInline static func product(_ lhs: Variable, _ rhs: Variable) -> Variable { lhs * rhs }
    @usableFromInline static func quotient(_ lhs: Variable, _ rhs: Variable) -> Variable { lhs / rhs }
    @usableFromInline static func negation(_ x: Variable) -> Variable { -x }
    @usableFromInline static func apply(_ function: UnaryFunction, _ x: Variable) -> Variable { x.applying(function) }
    @usableFromInline static func positive(_ x: Variable) -> Variable { Variable(constant: Double.positive(x.value)) }
    @usableFromInline static func sign(_ x: Variable) -> Variable { Variable(constant: Double.sign(x.value)) }
}

extension Tensor: DerivativeArithmetic {
    @usableFromInline init(constant: Double) { self.init(Element(constant)) }
    @usableFromInline static func sum(_ lhs: Tensor, _ rhs: Tensor) -> Tensor { lhs + rhs }
    @usableFromInline static func difference(_ lhs: Tensor, _ rhs: Tensor) -> Tensor { lhs - rhs }
    @usableFromInline static func product(_ lhs: Tensor, _ rhs: Tensor) -> Tensor { lhs * rhs }
    @usableFromInline static func quotient(_ lhs: Tensor, _ rhs: Tensor) -> Tensor { lhs / rhs }
    @usableFromInline static func negation(_ x: Tensor) -> Tensor { -x }
    @usableFromInline static func apply(_ function: UnaryFunction, _ x: Tensor) -> Tensor { x.applying(function) }
    @usableFromInline static func positive(_ x: Tensor) -> Tensor { x.detached().mapped(.positiveMask) }
    @usableFromInline static func sign(_ x: Tensor) -> Tensor { x.detached().mapped(.sign) }
}
