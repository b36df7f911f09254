import Backprop

/// One step of a long short-term memory, as PyTorch's `nn.LSTMCell`, with its gate order
/// (input, forget, cell, output) and parameter names `weight_ih` [4H, I], `weight_hh` [4H, H],
/// `bias_ih`, `bias_hh` [4H], uniform in ±1/√H:
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi),  f = σ(…),  g = tanh(…),  o = σ(…)
///     c′ = f ⊙ c + i ⊙ g
///     h′ = o ⊙ tanh(c′)
///
/// ```swift
/// let cell = LSTMCell<Float>(inputSize: 8, hiddenSize: 16, seed: 1)
/// var state = (hidden: Tensor<Float>.zeros([batch, 16]), cell: Tensor<Float>.zeros([batch, 16]))
/// for x in sequence { state = cell(x, state: state) }
/// ```
public final class LSTMCell<Element: TensorElement>: Parameterized {
    var weights: RecurrentCellWeights<Element>

    /// A cell from `inputSize` features to states of `hiddenSize`, drawn from `seed`.
    public init(inputSize: Int, hiddenSize: Int, seed: UInt64) {
        weights = RecurrentCellWeights(cell: "LSTMCell", inputSize: inputSize, hiddenSize: hiddenSize, gateCount: 4, seed: seed)
    }

    /// The next hidden and cell states for input x [N, I] (or [I]) and states [N, H] (zeros
    /// when nil).
    public func callAsFunction(
        _ input: Tensor<Element>, state: (hidden: Tensor<Element>, cell: Tensor<Element>)? = nil
    ) -> (hidden: Tensor<Element>, cell: Tensor<Element>) {
        let next = weights.batched(input, states: [state?.hidden, state?.cell]) { x, states in
            let gates = weights.gates(input: x, hidden: states[0])
            let parts = (gates.input + gates.hidden).split(count: 4, alongAxis: 1)
            let nextCell = parts[1].sigmoid() * states[1] + parts[0].sigmoid() * tanh(parts[2])
            return [parts[3].sigmoid() * tanh(nextCell), nextCell]
        }
        return (next[0], next[1])
    }

    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) { weights.visit(body) }
}
