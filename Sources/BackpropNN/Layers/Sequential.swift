import Backprop

/// Layers applied one after another, as PyTorch's `nn.Sequential`; parameters are named by
/// position (`"0.weight"`, `"2.bias"`).
///
/// ```swift
/// let model = Sequential<Float>(Linear(inputSize: 64, outputSize: 32, seed: 1), ReLU(),
///                               Linear(inputSize: 32, outputSize: 10, seed: 2))
/// ```
public final class Sequential<Element: TensorElement>: Layer {
    /// The layers, in order.
    public let layers: [any Layer<Element>]

    /// A model of the given layers, in order.
    public init(_ layers: [any Layer<Element>]) {
        self.layers = layers
    }

    /// A model of the given layers, in order.
    public convenience init(_ layers: any Layer<Element>...) {
        self.init(layers)
    }

    /// The input passed through every layer.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        layers.reduce(input) { $1($0) }
    }

    /// The layers' parameters, prefixed by their position.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        for (index, layer) in layers.enumerated() {
            layer.visitParameters { name, parameter in body("\(index).\(name)", &parameter) }
        }
    }

    /// The layers' buffers, prefixed by their position.
    public func visitBuffers(_ body: (String, inout Tensor<Element>) -> Void) {
        for (index, layer) in layers.enumerated() {
            layer.visitBuffers { name, buffer in body("\(index).\(name)", &buffer) }
        }
    }

    /// Sets every layer's mode.
    public func setTraining(_ training: Bool) {
        for layer in layers { layer.setTraining(training) }
    }

    /// The layers, one per line.
    public var description: String {
        "Sequential(\n" + layers.enumerated().map { "  (\($0)) \($1)" }.joined(separator: "\n") + "\n)"
    }
}
