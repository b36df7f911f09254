import Backprop

/// Layer normalization, as PyTorch's `nn.LayerNorm`: each sample is normalized over its last
/// axes (those of `normalizedShape`) to mean 0 and variance 1, (x − mean)/√(var + ε) with the
/// biased variance, then scaled by `weight` and shifted by `bias` (both of `normalizedShape`,
/// starting at 1 and 0). The same in training and evaluation. Composed of differentiable
/// operations, so every order of derivative follows.
///
/// ```swift
/// let norm = LayerNorm<Float>(normalizedShape: [512])
/// norm(tokens)   // [batch, length, 512], each token normalized
/// ```
public final class LayerNorm<Element: TensorElement>: Layer {
    /// The shape of the trailing axes normalized together.
    public let normalizedShape: [Int]
    /// ε, added to the variance before the square root.
    public let epsilon: Element
    /// The scale, of `normalizedShape`; nil without the elementwise affine transform.
    public var weight: Tensor<Element>?
    /// The shift, of `normalizedShape`; nil without the affine transform or without a bias.
    public var bias: Tensor<Element>?

    /// A layer normalizing over trailing axes of `normalizedShape`, with PyTorch's defaults
    /// ε = 10⁻⁵, a learned scale (`elementwiseAffine`) and a learned shift (`bias`).
    public init(normalizedShape: [Int], epsilon: Element = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Tensor.ones(normalizedShape).requiringGrad() : nil
        self.bias = elementwiseAffine && bias ? Tensor.zeros(normalizedShape).requiringGrad() : nil
    }

    /// The input, of shape [..., normalizedShape], normalized over its trailing axes.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        let k = normalizedShape.count
        guard input.rank >= k, Array(input.shape.suffix(k)) == normalizedShape else {
            BackpropError(
                .shapeMismatch, operation: "LayerNorm(\(normalizedShape))",
                problem: "the input has shape \(input.shape), whose last \(k) axes are not \(normalizedShape)",
                fix: "Pass inputs of shape [..., \(normalizedShape.map(String.init).joined(separator: ", "))], or build the layer with the input's trailing shape").raise()
            return input
        }
        let axes = Array((input.rank - k)..<input.rank)
        let centered = input - input.mean(alongAxes: axes, keepingDimensions: true)
        let variance = (centered * centered).mean(alongAxes: axes, keepingDimensions: true)
        var output = centered / sqrt(variance + epsilon)
        if let weight { output = output * weight }
        if let bias { output = output + bias }
        return output
    }

    /// `weight`, then `bias`, those that exist.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        visitOptional(&weight, named: "weight", body)
        visitOptional(&bias, named: "bias", body)
    }

    /// `LayerNorm([512], ε 1e-05)`.
    public var description: String { "LayerNorm(\(normalizedShape), ε \(epsilon))" }
}

/// Visits `tensor` as `name` when there is one, writing back what `body` sets.
func visitOptional<Element>(
    _ tensor: inout Tensor<Element>?, named name: String, _ body: (String, inout Tensor<Element>) -> Void
) {
    guard var value = tensor else { return }
    body(name, &value)
    tensor = value
}
