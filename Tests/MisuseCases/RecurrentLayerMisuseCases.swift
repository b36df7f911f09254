import Backprop
import BackpropNN

/// Full-sequence recurrent layers given inputs or initial states that do not fit them.
let recurrentLayerMisuseCases: [MisuseCase] = [
    MisuseCase("GRU input with the wrong feature size", operation: "GRU") { _ = GRU<Float>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([4, 2, 5])) },
    MisuseCase("LSTM input of rank 4", operation: "LSTM") { _ = LSTM<Float>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([4, 2, 1, 3])) },
    MisuseCase("GRU initial state for one layer of a two-layer GRU", operation: "GRU") {
        _ = GRU<Float>(inputSize: 3, hiddenSize: 2, layerCount: 2, seed: 1)(.zeros([4, 2, 3]), hidden: .zeros([1, 2, 2]))
    },
    MisuseCase("LSTM cell state of the wrong batch", operation: "LSTM") {
        _ = LSTM<Float>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([4, 2, 3]), state: (.zeros([1, 2, 2]), .zeros([1, 3, 2])))
    },
    MisuseCase("RNN over a sequence of length 0", operation: "RNN") { _ = RNN<Float>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([0, 2, 3])) },
    MisuseCase("RNN with no layers", operation: "RNN") { _ = RNN<Float>(inputSize: 3, hiddenSize: 2, layerCount: 0, seed: 1) },
]
