import Backprop

/// How an ``AdamOptimizer`` applies its weight decay λ before each step: ``L2WeightDecay``
/// (``Adam``) or ``DecoupledWeightDecay`` (``AdamW``).
public protocol AdamWeightDecay {
    /// The optimizer's name in messages: `Adam` or `AdamW`.
    static var optimizerName: String { get }

    /// Applies the decay `rate` λ (not 0) to a parameter and its gradient, in the order of
    /// operations of PyTorch's `_single_tensor_adam`.
    static func apply<Element: TensorElement>(
        _ rate: Element, learningRate: Element, parameter: inout Tensor<Element>, gradient: inout Tensor<Element>)
}

/// Weight decay as an L2 penalty, λ·p added to the gradient: ``Adam``'s, PyTorch's default
/// (`decoupled_weight_decay=False`).
public enum L2WeightDecay: AdamWeightDecay {
    /// `Adam`.
    public static let optimizerName = "Adam"

    /// g ← g + λ·p.
    public static func apply<Element: TensorElement>(
        _ rate: Element, learningRate: Element, parameter: inout Tensor<Element>, gradient: inout Tensor<Element>
    ) {
        gradient = gradient + rate * parameter
    }
}

/// Decoupled weight decay, the parameters shrinking by a factor 1 − η·λ before the step:
/// ``AdamW``'s (PyTorch's `decoupled_weight_decay=True`).
public enum DecoupledWeightDecay: AdamWeightDecay {
    /// `AdamW`.
    public static let optimizerName = "AdamW"

    /// p ← p·(1 − η·λ).
    public static func apply<Element: TensorElement>(
        _ rate: Element, learningRate: Element, parameter: inout Tensor<Element>, gradient: inout Tensor<Element>
    ) {
        parameter = parameter * (1 - learningRate * rate)
    }
}
