import Backprop

/// A long short-term memory over whole sequences, as PyTorch's `nn.LSTM`: `layerCount` stacked
/// layers (PyTorch's `num_layers`) of ``LSTMCell``s, each layer reading the outputs of the one
/// below, optionally in both directions (the reverse direction reads the sequence from its end
/// and its outputs are concatenated after the forward ones, as PyTorch's).
///
/// Shapes are PyTorch's, with L the length, N the batch and D = 2 when bidirectional, else 1:
/// input [L, N, I] ([N, L, I] with `batchFirst`) or one sequence [L, I]; output [L, N, D·H]
/// ([N, L, D·H], or [L, D·H]); initial and final hidden and cell states [layers·D, N, H] (or
/// [layers·D, H]) in the order layer 0 forward, layer 0 reverse, layer 1 forward, … —
/// `batchFirst` does not change the states' layout, as in PyTorch. Parameters carry PyTorch's
/// state-dict names (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, then
/// `…_l0_reverse`, `…_l1`), so a saved PyTorch `nn.LSTM` loads, and are uniform in ±1/√H as
/// PyTorch initialises them. PyTorch's `dropout` between layers, `proj_size` and `bias=False`
/// are not offered.
///
/// ```swift
/// let lstm = LSTM<Float>(inputSize: 8, hiddenSize: 16, bidirectional: true, seed: 1)
/// let (output, state) = lstm(sequence)       // [L, N, 32]; state.hidden and state.cell [2, N, 16]
/// let next = lstm(more, state: state)        // continue from the final states
/// ```
public final class LSTM<Element: TensorElement>: RecurrentLayer<LSTMCell<Element>> {
    /// An LSTM from `inputSize` features to states of `hiddenSize`, drawn from `seed`.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, batchFirst: Bool = false, bidirectional: Bool = false, seed: UInt64) {
        super.init(
            kind: "LSTM", inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount,
            batchFirst: batchFirst, bidirectional: bidirectional, seed: seed) { LSTMCell(inputSize: $0, hiddenSize: hiddenSize, seed: $1) }
    }

    /// The outputs of the last layer at every time and the final hidden and cell states of every
    /// layer and direction, from the initial `state` (PyTorch's `(h_0, c_0)`; zeros when nil).
    public func callAsFunction(
        _ input: Tensor<Element>, state: (hidden: Tensor<Element>, cell: Tensor<Element>)? = nil
    ) -> (output: Tensor<Element>, state: (hidden: Tensor<Element>, cell: Tensor<Element>)) {
        let initial = state.map { [$0.hidden, $0.cell] }
        let (output, states) = run(input, initialStates: initial, stateNames: ["hidden", "cell"]) { cell, x, states in
            let next = cell(x, state: (states[0], states[1]))
            return [next.hidden, next.cell]
        }
        return (output, (states[0], states[1]))
    }
}
