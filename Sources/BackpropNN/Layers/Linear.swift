import Backprop

/// A fully connected layer, y = x·Wᵀ + b, with weight W of shape [outputSize, inputSize] and
/// bias b of shape [outputSize], as PyTorch's `nn.Linear` (parameters `weight` and `bias`).
///
/// ```swift
/// let x = Tensor<Float>([2, 2], requiresGrad: true)
/// let fc1 = Linear<Float>(inputSize: 2, outputSize: 2, seed: 1)
/// let fc2 = Linear<Float>(inputSize: 2, outputSize: 2, seed: 2)
/// fc2(fc1(x)).sum().backward()
/// x.grad   // W₁ᵀ·W₂ᵀ·[1, 1]
/// ```
public final class Linear<Element: TensorElement>: Layer {
    /// The weight, [outputSize, inputSize]; a leaf requiring a gradient.
    public var weight: Tensor<Element>
    /// The bias, [outputSize]; a leaf requiring a gradient.
    public var bias: Tensor<Element>

    /// A layer whose weight is drawn by `initialization` (PyTorch's default: uniform in
    /// ±1/√inputSize) and whose bias is uniform in ±1/√inputSize as in PyTorch, from `seed`.
    public init(inputSize: Int, outputSize: Int, initialization: Initialization = .uniformFanIn, seed: UInt64) {
        weight = initialization.tensor(shape: [outputSize, inputSize], fanIn: inputSize, fanOut: outputSize, seed: seed)
        bias = Initialization.uniformFanIn.tensor(shape: [outputSize], fanIn: inputSize, fanOut: outputSize, seed: seed &+ 0x5EED)
    }

    /// A layer with the given weight [outputSize, inputSize] and bias [outputSize].
    public init(weight: Tensor<Element>, bias: Tensor<Element>) {
        self.weight = weight
        self.bias = bias
    }

    /// The number of input features.
    public var inputSize: Int { weight.shape.count == 2 ? weight.shape[1] : 0 }

    /// The number of output features.
    public var outputSize: Int { weight.shape.first ?? 0 }

    /// x·Wᵀ + b for x of shape [inputSize] or [..., inputSize]; the leading axes are kept.
    public func callAsFunction(_ x: Tensor<Element>) -> Tensor<Element> {
        guard x.rank >= 1, x.shape.last == inputSize else {
            BackpropError(
                .shapeMismatch, operation: "Linear(\(inputSize) → \(outputSize))",
                problem: "the input has shape \(x.shape) but the layer expects \(inputSize) features along its last axis",
                fix: "Pass inputs of shape [\(inputSize)] or [batch, \(inputSize)], or build the layer with inputSize: \(x.shape.last ?? 0)"
            ).raise()
            return .zeros(Array(x.shape.dropLast()) + [outputSize])
        }
        let rows = x.reshaped(to: [-1, inputSize])
        let output = matmul(rows, weight, transposeA: false, transposeB: true) + bias
        return output.reshaped(to: Array(x.shape.dropLast()) + [outputSize])
    }

    /// `weight`, then `bias`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    /// `Linear(in → out)`.
    public var description: String { "Linear(\(inputSize) → \(outputSize))" }
}
