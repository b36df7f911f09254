import Backprop

/// A gated recurrent unit over whole sequences, as PyTorch's `nn.GRU`: `layerCount` stacked
/// layers (PyTorch's `num_layers`) of ``GRUCell``s, each layer reading the outputs of the one
/// below, optionally in both directions (the reverse direction reads the sequence from its end
/// and its outputs are concatenated after the forward ones, as PyTorch's).
///
/// Shapes are PyTorch's, with L the length, N the batch and D = 2 when bidirectional, else 1:
/// input [L, N, I] ([N, L, I] with `batchFirst`) or one sequence [L, I]; output [L, N, D·H]
/// ([N, L, D·H], or [L, D·H]); initial and final state [layers·D, N, H] (or [layers·D, H]) in
/// the order layer 0 forward, layer 0 reverse, layer 1 forward, … — `batchFirst` does not
/// change the state's layout, as in PyTorch. Parameters carry PyTorch's state-dict names
/// (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, then `…_l0_reverse`, `…_l1`),
/// so a saved PyTorch `nn.GRU` loads, and are uniform in ±1/√H as PyTorch initialises them.
/// PyTorch's `dropout` between layers and `bias=False` are not offered.
///
/// ```swift
/// let gru = GRU<Float>(inputSize: 8, hiddenSize: 16, layerCount: 2, batchFirst: true, seed: 1)
/// let (output, hidden) = gru(tokens)        // [N, L, 16] and [2, N, 16]
/// let next = gru(moreTokens, hidden: hidden) // continue from the final state
/// ```
public final class GRU<Element: TensorElement>: RecurrentLayer<GRUCell<Element>> {
    /// A GRU from `inputSize` features to states of `hiddenSize`, drawn from `seed`.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, batchFirst: Bool = false, bidirectional: Bool = false, seed: UInt64) {
        super.init(
            kind: "GRU", inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount,
            batchFirst: batchFirst, bidirectional: bidirectional, seed: seed) { GRUCell(inputSize: $0, hiddenSize: hiddenSize, seed: $1) }
    }

    /// The outputs of the last layer at every time and the final state of every layer and
    /// direction, from the initial state `hidden` (PyTorch's `h_0`; zeros when nil).
    public func callAsFunction(_ input: Tensor<Element>, hidden: Tensor<Element>? = nil) -> (output: Tensor<Element>, hidden: Tensor<Element>) {
        run(input, hidden: hidden) { cell, x, h in cell(x, hidden: h) }
    }
}
