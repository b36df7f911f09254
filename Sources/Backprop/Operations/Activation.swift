/// Which form of GELU to compute, as the `approximate` argument of PyTorch's `gelu`.
public enum GELUApproximation: Sendable, Hashable {
    /// The exact x·Φ(x), with Φ the standard normal distribution function (PyTorch's `'none'`).
    case none
    /// ½x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), the approximation of the original GPT and BERT
    /// code (PyTorch's `'tanh'`).
    case tanh
}

/// The smooth activations, each written once as a formula in the differentiable arithmetic
/// that derivative rules use, so that the same line serves `Variable` and `Tensor` and every
/// order of derivative follows from the primitives it is built of.
enum SmoothActivation {
    static func gelu<S>(_ x: RuleTerm<S>, approximate: GELUApproximation) -> RuleTerm<S> {
        switch approximate {
        // x·Φ(x) = ½x·erfc(−x/√2): erfc keeps the far negative tail accurate, where 1 + erf(x/√2) cancels.
        case .none: .constant(0.5) * x * .apply(.erfc, x * .constant(-0.7071067811865476))
        case .tanh:
            .constant(0.5) * x
                * (.one + .apply(.tanh, .constant(0.7978845608028654) * (x + .constant(0.044715) * x * x * x)))   // √(2/π)
        }
    }

    static func silu<S>(_ x: RuleTerm<S>) -> RuleTerm<S> { x * .apply(.sigmoid, x) }

    static func mish<S>(_ x: RuleTerm<S>) -> RuleTerm<S> { x * .apply(.tanh, .apply(.softplus, x)) }

    static func softsign<S>(_ x: RuleTerm<S>) -> RuleTerm<S> { x / (.one + .apply(.abs, x)) }

    // log σ(x) = −softplus(−x), and softplus is computed without overflow.
    static func logSigmoid<S>(_ x: RuleTerm<S>) -> RuleTerm<S> { -.apply(.softplus, -x) }
}

extension Tensor {
    /// The Gaussian error linear unit x·Φ(x) elementwise, as PyTorch's `gelu`; with
    /// `approximate: .tanh`, its tanh approximation. Smooth, so its gradient has no convention
    /// to choose; it is composed of primitives and differentiable to any order.
    ///
    /// ```swift
    /// Tensor<Double>([-1, 0, 1]).gelu()                     // [-0.1587, 0, 0.8413]
    /// Tensor<Double>([-1, 0, 1]).gelu(approximate: .tanh)   // [-0.1588, 0, 0.8412]
    /// ```
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        SmoothActivation.gelu(RuleTerm(self), approximate: approximate).value
    }

    /// The sigmoid linear unit (swish) x·σ(x) elementwise, as PyTorch's `silu`.
    public func silu() -> Tensor { SmoothActivation.silu(RuleTerm(self)).value }

    /// x·tanh(softplus(x)) elementwise, as PyTorch's `mish`.
    public func mish() -> Tensor { SmoothActivation.mish(RuleTerm(self)).value }

    /// x / (1 + |x|) elementwise, as PyTorch's `softsign`; its derivative 1/(1 + |x|)² is 1 at 0.
    public func softsign() -> Tensor { SmoothActivation.softsign(RuleTerm(self)).value }

    /// log σ(x) = −softplus(−x) elementwise, as PyTorch's `logsigmoid`: finite for inputs of any
    /// size (log σ(−1000) is −1000, not −∞); its derivative is σ(−x).
    public func logSigmoid() -> Tensor { SmoothActivation.logSigmoid(RuleTerm(self)).value }

    /// x for x > 0 and `negativeSlope`·x otherwise, as PyTorch's `leaky_relu`. At 0 the gradient
    /// is `negativeSlope`, as PyTorch's (the gradient of the branch x ≤ 0).
    ///
    /// ```swift
    /// Tensor<Double>([-2, 3]).leakyReLU(negativeSlope: 0.1)   // [-0.2, 3]
    /// ```
    public func leakyReLU(negativeSlope: Element = 0.01) -> Tensor {
        .where(self .> 0, self, self * negativeSlope)
    }

    /// The exponential linear unit: x for x > 0 and α·(eˣ − 1) otherwise, as PyTorch's `elu`.
    /// At 0 the gradient is α, as PyTorch's (the gradient of the branch x ≤ 0). Large positive
    /// inputs never reach the exponential, so they give no overflow in the value or gradient.
    public func elu(alpha: Element = 1) -> Tensor {
        // min(x, 0), passing the gradient at 0 (so α there, as PyTorch), keeps eˣ from overflowing.
        .where(self .> 0, self, alpha * expm1(.where(self .> 0, Element(0), self)))
    }

    /// The scaled exponential linear unit λ·elu(x, α) with PyTorch's constants
    /// α = 1.6732632423543772 and λ = 1.0507009873554805, as its `selu`; at 0 the gradient is λ·α.
    public func selu() -> Tensor {
        elu(alpha: Element(1.6732632423543772848170429916717)) * Element(1.0507009873554804934193349852946)
    }

    /// min(max(x/6 + ½, 0), 1) elementwise, as PyTorch's `hardsigmoid`. Its gradient is 1/6
    /// strictly inside (−3, 3) and 0 elsewhere, *including at ±3*, as PyTorch's.
    public func hardSigmoid() -> Tensor {
        let linear = self / 6 + Element(0.5)
        // Outside the open interval the value is a constant 0 or 1 (NaN stays NaN), with no gradient.
        return .where((self .> -3) * (self .< 3), linear, linear.detached().clamped(to: 0...1))
    }

    /// x·hardSigmoid(x) elementwise: 0 for x < −3, x·(x + 3)/6 on [−3, 3] and x above, as
    /// PyTorch's `hardswish`. At the kinks the gradient is the minimum-norm subgradient, as
    /// PyTorch's: 0 at −3 (between the pieces' 0 and −½) and 1 at 3 (between 3/2 and 1).
    public func hardSwish() -> Tensor {
        .where(self .<= -3, Element(0), .where(self .< 3, self * (self + 3) / 6, self))
    }
}

extension Variable {
    /// The Gaussian error linear unit x·Φ(x), or its tanh approximation; see ``Tensor/gelu(approximate:)``.
    public func gelu(approximate: GELUApproximation = .none) -> Variable {
        SmoothActivation.gelu(RuleTerm(self), approximate: approximate).value
    }

    /// x·σ(x), as PyTorch's `silu`.
    public func silu() -> Variable { SmoothActivation.silu(RuleTerm(self)).value }

    /// x·tanh(softplus(x)), as PyTorch's `mish`.
    public func mish() -> Variable { SmoothActivation.mish(RuleTerm(self)).value }

    /// x / (1 + |x|), as PyTorch's `softsign`.
    public func softsign() -> Variable { SmoothActivation.softsign(RuleTerm(self)).value }

    /// log σ(x) = −softplus(−x), finite for inputs of any size, as PyTorch's `logsigmoid`.
    public func logSigmoid() -> Variable { SmoothActivation.logSigmoid(RuleTerm(self)).value }
}
