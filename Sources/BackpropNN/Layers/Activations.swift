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
