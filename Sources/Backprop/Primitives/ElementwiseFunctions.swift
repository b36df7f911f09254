/// A value the elementwise functions of ``UnaryFunction`` apply to, with their derivatives:
/// ``Variable`` and ``Tensor``. The functions below have one form for each rather than one
/// generic form: with a generic one, Swift takes too long to type-check long expressions.
public protocol ElementwiseDifferentiable {
    /// `function` applied to this value (to every element of a tensor), recorded with its
    /// derivative when this value needs a gradient.
    func applying(_ function: UnaryFunction) -> Self
}

extension Variable: ElementwiseDifferentiable {
    /// `function` applied to this value; recorded as one node whose partial is the function's
    /// derivative (see ``UnaryFunction``).
    @inlinable @inline(__always)
    public func applying(_ function: UnaryFunction) -> Variable {
        Variable.record(.unary(function), function.value(value), self)
    }
}

/// eˣ; its derivative is eˣ.
@inlinable @inline(__always) public func exp(_ x: Variable) -> Variable { x.applying(.exp) }
/// eˣ; its derivative is eˣ.
public func exp<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.exp) }
/// eˣ − 1, accurate near 0; its derivative is eˣ.
@inlinable @inline(__always) public func expm1(_ x: Variable) -> Variable { x.applying(.expm1) }
/// eˣ − 1, accurate near 0; its derivative is eˣ.
public func expm1<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.expm1) }
/// 2ˣ; its derivative is 2ˣ·ln 2.
@inlinable @inline(__always) public func exp2(_ x: Variable) -> Variable { x.applying(.exp2) }
/// 2ˣ; its derivative is 2ˣ·ln 2.
public func exp2<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.exp2) }
/// The natural logarithm; its derivative is 1/x (−inf at 0, NaN below, as PyTorch).
@inlinable @inline(__always) public func log(_ x: Variable) -> Variable { x.applying(.log) }
/// The natural logarithm; its derivative is 1/x (−inf at 0, NaN below, as PyTorch).
public func log<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.log) }
/// log(1 + x), accurate near 0; its derivative is 1/(1 + x).
@inlinable @inline(__always) public func log1p(_ x: Variable) -> Variable { x.applying(.log1p) }
/// log(1 + x), accurate near 0; its derivative is 1/(1 + x).
public func log1p<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.log1p) }
/// The base-2 logarithm; its derivative is 1/(x·ln 2).
@inlinable @inline(__always) public func log2(_ x: Variable) -> Variable { x.applying(.log2) }
/// The base-2 logarithm; its derivative is 1/(x·ln 2).
public func log2<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.log2) }
/// The base-10 logarithm; its derivative is 1/(x·ln 10).
@inlinable @inline(__always) public func log10(_ x: Variable) -> Variable { x.applying(.log10) }
/// The base-10 logarithm; its derivative is 1/(x·ln 10).
public func log10<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.log10) }
/// The sine; its derivative is cos x.
@inlinable @inline(__always) public func sin(_ x: Variable) -> Variable { x.applying(.sin) }
/// The sine; its derivative is cos x.
public func sin<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.sin) }
/// The cosine; its derivative is −sin x.
@inlinable @inline(__always) public func cos(_ x: Variable) -> Variable { x.applying(.cos) }
/// The cosine; its derivative is −sin x.
public func cos<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.cos) }
/// The tangent; its derivative is 1 + tan²x.
@inlinable @inline(__always) public func tan(_ x: Variable) -> Variable { x.applying(.tan) }
/// The tangent; its derivative is 1 + tan²x.
public func tan<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.tan) }
/// The arcsine; its derivative is 1/√(1 − x²) (infinite at ±1, NaN beyond, as PyTorch).
@inlinable @inline(__always) public func asin(_ x: Variable) -> Variable { x.applying(.asin) }
/// The arcsine; its derivative is 1/√(1 − x²) (infinite at ±1, NaN beyond, as PyTorch).
public func asin<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.asin) }
/// The arccosine; its derivative is −1/√(1 − x²).
@inlinable @inline(__always) public func acos(_ x: Variable) -> Variable { x.applying(.acos) }
/// The arccosine; its derivative is −1/√(1 − x²).
public func acos<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.acos) }
/// The arctangent; its derivative is 1/(1 + x²).
@inlinable @inline(__always) public func atan(_ x: Variable) -> Variable { x.applying(.atan) }
/// The arctangent; its derivative is 1/(1 + x²).
public func atan<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.atan) }
/// The hyperbolic sine; its derivative is cosh x.
@inlinable @inline(__always) public func sinh(_ x: Variable) -> Variable { x.applying(.sinh) }
/// The hyperbolic sine; its derivative is cosh x.
public func sinh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.sinh) }
/// The hyperbolic cosine; its derivative is sinh x.
@inlinable @inline(__always) public func cosh(_ x: Variable) -> Variable { x.applying(.cosh) }
/// The hyperbolic cosine; its derivative is sinh x.
public func cosh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.cosh) }
/// The hyperbolic tangent; its derivative is 1 − tanh²x.
@inlinable @inline(__always) public func tanh(_ x: Variable) -> Variable { x.applying(.tanh) }
/// The hyperbolic tangent; its derivative is 1 − tanh²x.
public func tanh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.tanh) }
/// The inverse hyperbolic sine; its derivative is 1/√(x² + 1).
@inlinable @inline(__always) public func asinh(_ x: Variable) -> Variable { x.applying(.asinh) }
/// The inverse hyperbolic sine; its derivative is 1/√(x² + 1).
public func asinh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.asinh) }
/// The inverse hyperbolic cosine; its derivative is 1/√(x² − 1) (infinite at 1, NaN below).
@inlinable @inline(__always) public func acosh(_ x: Variable) -> Variable { x.applying(.acosh) }
/// The inverse hyperbolic cosine; its derivative is 1/√(x² − 1) (infinite at 1, NaN below).
public func acosh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.acosh) }
/// The inverse hyperbolic tangent; its derivative is 1/(1 − x²) (infinite at ±1).
@inlinable @inline(__always) public func atanh(_ x: Variable) -> Variable { x.applying(.atanh) }
/// The inverse hyperbolic tangent; its derivative is 1/(1 − x²) (infinite at ±1).
public func atanh<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.atanh) }
/// The square root; its derivative is 1/(2√x) (infinite at 0).
@inlinable @inline(__always) public func sqrt(_ x: Variable) -> Variable { x.applying(.sqrt) }
/// The square root; its derivative is 1/(2√x) (infinite at 0).
public func sqrt<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.sqrt) }
/// The absolute value; its derivative is the sign of x, taken as 0 at 0, as PyTorch.
@inlinable @inline(__always) public func abs(_ x: Variable) -> Variable { x.applying(.abs) }
/// The absolute value; its derivative is the sign of x, taken as 0 at 0, as PyTorch.
public func abs<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.abs) }
/// The error function 2/√π ∫₀ˣ e^(−t²) dt; its derivative is (2/√π)·e^(−x²).
@inlinable @inline(__always) public func erf(_ x: Variable) -> Variable { x.applying(.erf) }
/// The error function 2/√π ∫₀ˣ e^(−t²) dt; its derivative is (2/√π)·e^(−x²).
public func erf<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.erf) }
/// The complementary error function 1 − erf x, accurate where erf x is near 1; its derivative
/// is −(2/√π)·e^(−x²).
@inlinable @inline(__always) public func erfc(_ x: Variable) -> Variable { x.applying(.erfc) }
/// The complementary error function 1 − erf x, accurate where erf x is near 1; its derivative
/// is −(2/√π)·e^(−x²).
public func erfc<Element>(_ x: Tensor<Element>) -> Tensor<Element> { x.applying(.erfc) }

extension ElementwiseDifferentiable {
    /// max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 at 0, as in PyTorch).
    @inlinable @inline(__always) public func relu() -> Self { applying(.relu) }
    /// 1 / (1 + e⁻ˣ), computed without overflow; its derivative is σ(x)(1 − σ(x)).
    @inlinable @inline(__always) public func sigmoid() -> Self { applying(.sigmoid) }
    /// log(1 + eˣ), computed without overflow; its derivative is σ(x).
    @inlinable @inline(__always) public func softplus() -> Self { applying(.softplus) }
}
