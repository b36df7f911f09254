import Backprop

/// max(0, x) as a layer.
public final class ReLU<Element: TensorElement>: Layer {
    /// A ReLU layer.
    public init() {}
    /// max(0, x) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.relu() }
    /// `ReLU()`.
    public var description: String { "ReLU()" }
}

/// The logistic sigmoid as a layer.
public final class Sigmoid<Element: TensorElement>: Layer {
    /// A sigmoid layer.
    public init() {}
    /// 1 / (1 + e⁻ˣ) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.sigmoid() }
    /// `Sigmoid()`.
    public var description: String { "Sigmoid()" }
}

/// The hyperbolic tangent as a layer.
public final class Tanh<Element: TensorElement>: Layer {
    /// A tanh layer.
    public init() {}
    /// tanh x elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { tanh(input) }
    /// `Tanh()`.
    public var description: String { "Tanh()" }
}

/// log(1 + eˣ) as a layer.
public final class Softplus<Element: TensorElement>: Layer {
    /// A softplus layer.
    public init() {}
    /// log(1 + eˣ) elementwise, without overflow.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.softplus() }
    /// `Softplus()`.
    public var description: String { "Softplus()" }
}

/// Softmax along an axis (the last by default) as a layer. For training with cross-entropy,
/// feed the logits to ``crossEntropy(logits:labels:)`` instead, which is stabler.
public final class Softmax<Element: TensorElement>: Layer {
    /// The axis whose entries are normalised to sum to 1.
    public let axis: Int
    /// A softmax layer along `axis`.
    public init(axis: Int = -1) { self.axis = axis }
    /// e^xᵢ / Σⱼ e^xⱼ along `axis`.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.softmax(alongAxis: axis) }
    /// `Softmax(axis: -1)`.
    public var description: String { "Softmax(axis: \(axis))" }
}

/// The Gaussian error linear unit as a layer, as PyTorch's `nn.GELU`; see ``Tensor/gelu(approximate:)``.
public final class GELU<Element: TensorElement>: Layer {
    /// Exact (`.none`) or the tanh approximation.
    public let approximate: GELUApproximation
    /// A GELU layer, exact by default.
    public init(approximate: GELUApproximation = .none) { self.approximate = approximate }
    /// x·Φ(x) elementwise, or its tanh approximation.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.gelu(approximate: approximate) }
    /// `GELU()` or `GELU(approximate: tanh)`.
    public var description: String {
        switch approximate {
        case .none: "GELU()"
        case .tanh: "GELU(approximate: tanh)"
        }
    }
}

/// x·σ(x) as a layer, as PyTorch's `nn.SiLU`.
public final class SiLU<Element: TensorElement>: Layer {
    /// A SiLU layer.
    public init() {}
    /// x·σ(x) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.silu() }
    /// `SiLU()`.
    public var description: String { "SiLU()" }
}

/// x·tanh(softplus(x)) as a layer, as PyTorch's `nn.Mish`.
public final class Mish<Element: TensorElement>: Layer {
    /// A Mish layer.
    public init() {}
    /// x·tanh(softplus(x)) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.mish() }
    /// `Mish()`.
    public var description: String { "Mish()" }
}

/// x / (1 + |x|) as a layer, as PyTorch's `nn.Softsign`.
public final class Softsign<Element: TensorElement>: Layer {
    /// A softsign layer.
    public init() {}
    /// x / (1 + |x|) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.softsign() }
    /// `Softsign()`.
    public var description: String { "Softsign()" }
}

/// log σ(x) as a layer, as PyTorch's `nn.LogSigmoid`, finite for inputs of any size.
public final class LogSigmoid<Element: TensorElement>: Layer {
    /// A log-sigmoid layer.
    public init() {}
    /// −softplus(−x) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.logSigmoid() }
    /// `LogSigmoid()`.
    public var description: String { "LogSigmoid()" }
}

/// The leaky rectifier as a layer, as PyTorch's `nn.LeakyReLU`; see ``Tensor/leakyReLU(negativeSlope:)``.
public final class LeakyReLU<Element: TensorElement>: Layer {
    /// The slope for negative inputs.
    public let negativeSlope: Element
    /// A leaky ReLU layer with PyTorch's default slope 0.01.
    public init(negativeSlope: Element = 0.01) { self.negativeSlope = negativeSlope }
    /// x for x > 0, negativeSlope·x otherwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.leakyReLU(negativeSlope: negativeSlope) }
    /// `LeakyReLU(0.01)`.
    public var description: String { "LeakyReLU(\(negativeSlope))" }
}

/// The exponential linear unit as a layer, as PyTorch's `nn.ELU`; see ``Tensor/elu(alpha:)``.
public final class ELU<Element: TensorElement>: Layer {
    /// The scale of the negative branch, α·(eˣ − 1).
    public let alpha: Element
    /// An ELU layer with PyTorch's default α = 1.
    public init(alpha: Element = 1) { self.alpha = alpha }
    /// x for x > 0, α·(eˣ − 1) otherwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.elu(alpha: alpha) }
    /// `ELU(1.0)`.
    public var description: String { "ELU(\(alpha))" }
}

/// The scaled exponential linear unit as a layer, as PyTorch's `nn.SELU`.
public final class SELU<Element: TensorElement>: Layer {
    /// A SELU layer.
    public init() {}
    /// λ·elu(x, α) with PyTorch's constants.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.selu() }
    /// `SELU()`.
    public var description: String { "SELU()" }
}

/// The piecewise-linear sigmoid as a layer, as PyTorch's `nn.Hardsigmoid`.
public final class HardSigmoid<Element: TensorElement>: Layer {
    /// A hard sigmoid layer.
    public init() {}
    /// min(max(x/6 + ½, 0), 1) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.hardSigmoid() }
    /// `HardSigmoid()`.
    public var description: String { "HardSigmoid()" }
}

/// x·hardSigmoid(x) as a layer, as PyTorch's `nn.Hardswish`.
public final class HardSwish<Element: TensorElement>: Layer {
    /// A hard swish layer.
    public init() {}
    /// x·min(max(x/6 + ½, 0), 1) elementwise.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { input.hardSwish() }
    /// `HardSwish()`.
    public var description: String { "HardSwish()" }
}
