import Backprop

/// The nonlinearity of an Elman recurrent cell, as PyTorch's `nonlinearity` argument of
/// `nn.RNNCell` and `nn.RNN`.
public enum RecurrentNonlinearity: Sendable, Hashable {
    /// tanh, PyTorch's default.
    case tanh
    /// max(0, x).
    case relu
}

/// One step of an Elman recurrent cell, as PyTorch's `nn.RNNCell`, with its parameter names
/// `weight_ih` [H, I], `weight_hh` [H, H], `bias_ih`, `bias_hh` [H], uniform in ±1/√H:
///
///     h′ = tanh(W_ih x + b_ih + W_hh h + b_hh)      (or relu)
///
/// ```swift
/// let cell = RNNCell<Float>(inputSize: 8, hiddenSize: 16, seed: 1)
/// var h = Tensor<Float>.zeros([batch, 16])
/// for x in sequence { h = cell(x, hidden: h) }
/// ```
public final class RNNCell<Element: TensorElement>: Parameterized {
    var weights: RecurrentCellWeights<Element>
    /// tanh (the default) or relu.
    public let nonlinearity: RecurrentNonlinearity

    /// A cell from `inputSize` features to a state of `hiddenSize`, drawn from `seed`.
    public init(inputSize: Int, hiddenSize: Int, nonlinearity: RecurrentNonlinearity = .tanh, seed: UInt64) {
        weights = RecurrentCellWeights(cell: "RNNCell", inputSize: inputSize, hiddenSize: hiddenSize, gateCount: 1, seed: seed)
        self.nonlinearity = nonlinearity
    }

    /// The next state for input x [N, I] (or [I]) and state h [N, H] (zeros when nil).
    public func callAsFunction(_ input: Tensor<Element>, hidden: Tensor<Element>? = nil) -> Tensor<Element> {
        weights.batched(input, states: [hidden]) { x, states in
            let gates = weights.gates(input: x, hidden: states[0])
            let sum = gates.input + gates.hidden
            return [nonlinearity == .tanh ? tanh(sum) : sum.relu()]
        }[0]
    }

    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) { weights.visit(body) }
}
