import Backprop

/// The activation functions an ``MLP`` can put between its linear layers.
public enum Activation: String, Sendable, CaseIterable {
    case relu, sigmoid, tanh, softplus, gelu, silu

    /// The activation as a layer.
    func layer<Element: TensorElement>() -> any Layer<Element> {
        switch self {
        case .relu: ReLU()
        case .sigmoid: Sigmoid()
        case .tanh: Tanh()
        case .softplus: Softplus()
        case .gelu: GELU()
        case .silu: SiLU()
        }
    }
}

/// A multilayer perceptron: linear layers of the given sizes (`[784, 256, 10]` is 784 → 256 →
/// 10) with `activation` between them and none after the last. Weights use He initialisation
/// for ReLU and Xavier otherwise, drawn from `seed`. Parameters are named as in the equivalent
/// PyTorch `nn.Sequential` (`"0.weight"`, `"2.weight"`, ...).
///
/// ```swift
/// let model = MLP<Float>(sizes: [64, 128, 10], activation: .relu, seed: 1)
/// ```
public final class MLP<Element: TensorElement>: Layer {
    /// The layers: linear, activation, linear, ...
    public let network: Sequential<Element>

    /// A perceptron with the given layer sizes (at least two).
    public init(sizes: [Int], activation: Activation = .relu, seed: UInt64) {
        if sizes.count < 2 {
            BackpropError(.invalidArgument, operation: "MLP(sizes:)", problem: "sizes \(sizes) name fewer than two layers of units",
                          fix: "Give the input size and at least one output size, e.g. [64, 10]").raise()
        }
        let initialization: Initialization = activation == .relu ? .heUniform : .xavierUniform
        var layers: [any Layer<Element>] = []
        for (index, (inputs, outputs)) in zip(sizes, sizes.dropFirst()).enumerated() {
            if index > 0 { layers.append(activation.layer()) }
            layers.append(Linear(inputSize: inputs, outputSize: outputs, initialization: initialization, seed: seed &+ UInt64(index)))
        }
        network = Sequential(layers)
    }

    /// The input through every layer.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> { network(input) }

    /// The network's parameters, named by position.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) { network.visitParameters(body) }

    /// The network's buffers, named by position.
    public func visitBuffers(_ body: (String, inout Tensor<Element>) -> Void) { network.visitBuffers(body) }

    /// The network's layers, one per line.
    public var description: String { "MLP" + network.description.dropFirst("Sequential".count) }
}
