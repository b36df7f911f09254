import Backprop

/// One step of a gated recurrent unit, as PyTorch's `nn.GRUCell`, with its gate order (reset,
/// update, new) and parameter names `weight_ih` [3H, I], `weight_hh` [3H, H], `bias_ih`,
/// `bias_hh` [3H], uniform in ±1/√H:
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)
///     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h′ = (1 − z) ⊙ n + z ⊙ h
///
/// ```swift
/// let cell = GRUCell<Float>(inputSize: 8, hiddenSize: 16, seed: 1)
/// var h = Tensor<Float>.zeros([batch, 16])
/// for x in sequence { h = cell(x, hidden: h) }
/// ```
public final class GRUCell<Element: TensorElement>: Parameterized {
    var weights: RecurrentCellWeights<Element>

    /// A cell from `inputSize` features to a state of `hiddenSize`, drawn from `seed`.
    public init(inputSize: Int, hiddenSize: Int, seed: UInt64) {
        weights = RecurrentCellWeights(cell: "GRUCell", inputSize: inputSize, hiddenSize: hiddenSize, gateCount: 3, seed: seed)
    }

    /// The next state for input x [N, I] (or [I]) and state h [N, H] (zeros when nil).
    public func callAsFunction(_ input: Tensor<Element>, hidden: Tensor<Element>? = nil) -> Tensor<Element> {
        weights.batched(input, states: [hidden]) { x, states in
            let gates = weights.gates(input: x, hidden: states[0])
            let i = gates.input.split(count: 3, alongAxis: 1), g = gates.hidden.split(count: 3, alongAxis: 1)
            let reset = (i[0] + g[0]).sigmoid(), update = (i[1] + g[1]).sigmoid()
            let candidate = tanh(i[2] + reset * g[2])
            return [(1 - update) * candidate + update * states[0]]
        }[0]
    }

    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) { weights.visit(body) }
}
