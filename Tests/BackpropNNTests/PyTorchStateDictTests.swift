import Backprop
import BackpropNN
import Foundation
import Testing

/// `Fixtures/pytorch_state_dicts.json`, written by `Fixtures/make_state_dict_fixtures.py`: for
/// each model, the safetensors file of its PyTorch state_dict, fixed inputs and PyTorch's output
/// for them in evaluation mode (computed in float64 from the saved float32 weights).
private struct StateDictFixtures: Decodable {
    struct Stored: Decodable {
        var shape: [Int]
        var values: [String]
        var tensor: Tensor<Double> { Tensor(values.map { Double($0)! }, shape: shape) }
    }

    struct Model: Decodable {
        var name: String
        var file: String
        var tensors: [String]
        var inputs: [Stored]
        var output: Stored
    }

    var torch: String
    var models: [Model]

    static func load() throws -> StateDictFixtures {
        let url = try #require(Bundle.module.url(forResource: "pytorch_state_dicts", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(StateDictFixtures.self, from: Data(contentsOf: url))
    }
}

/// A BackpropNN model and how the script calls its PyTorch counterpart.
private struct Counterpart {
    var model: any Parameterized<Double>
    var run: ([Tensor<Double>]) -> Tensor<Double>

    /// A layer in evaluation mode, called on the one input.
    init(layer: any Layer<Double>) {
        layer.evaluate()
        model = layer
        run = { layer($0[0]) }
    }

    init(model: any Parameterized<Double>, run: @escaping ([Tensor<Double>]) -> Tensor<Double>) {
        (self.model, self.run) = (model, run)
    }
}

/// The BackpropNN model matching each PyTorch model of the script, by name, initialised from a
/// seed unrelated to PyTorch's weights.
private func backpropCounterpart(_ name: String) -> Counterpart? {
    switch name {
    case "mlp":
        return Counterpart(layer: Sequential(Linear(inputSize: 4, outputSize: 8, seed: 1), ReLU(), Linear(inputSize: 8, outputSize: 3, seed: 2)))
    case "conv_batchnorm":
        return Counterpart(layer: Sequential(
            Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, seed: 1), BatchNorm2D(featureCount: 3), ReLU(),
            MaxPool2D(kernelSize: 2), Flatten(), Linear(inputSize: 12, outputSize: 2, seed: 2)))
    case "embedding_layernorm":
        return Counterpart(layer: Sequential(
            Embedding(count: 10, dimension: 4, seed: 1), LayerNorm(normalizedShape: [4]), Linear(inputSize: 4, outputSize: 2, seed: 2), Tanh()))
    case "batchnorm1d":
        return Counterpart(layer: Sequential(
            Linear(inputSize: 3, outputSize: 5, seed: 1), BatchNorm1D(featureCount: 5), GELU(), Linear(inputSize: 5, outputSize: 1, seed: 2)))
    case "attention":
        return Counterpart(layer: MultiHeadAttention(embeddingDimension: 4, headCount: 2, seed: 1))
    case "convolution_variants":
        return Counterpart(layer: Sequential(
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, padding: 1, groups: 2, paddingMode: .circular, seed: 1),
            ConvTranspose2D(inputChannels: 4, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, seed: 2),
            AvgPool2D(kernelSize: 2)))
    case "conv1d":
        return Counterpart(layer: Sequential(
            Conv1D(inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 2, dilation: 2, paddingMode: .reflect, seed: 1), SiLU(),
            Flatten(), Linear(inputSize: 24, outputSize: 2, seed: 2)))
    case "gru_cell":
        let cell = GRUCell<Double>(inputSize: 3, hiddenSize: 4, seed: 1)
        return Counterpart(model: cell) { x in cell(x[0], hidden: x[1]) }
    case "lstm_cell":
        let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 4, seed: 1)
        return Counterpart(model: cell) { x in
            let (hidden, state) = cell(x[0], state: (hidden: x[1], cell: x[2]))
            return Tensor.concatenated([hidden, state], alongAxis: 1)
        }
    default:
        return nil
    }
}

/// The largest relative disagreement allowed: the weights are the same float32 numbers on both
/// sides and both compute in float64, so only the order of operations differs.
private let relativeTolerance = 1e-10

@Suite("PyTorch state_dicts saved as safetensors load into BackpropNN models, which then compute PyTorch's outputs")
struct PyTorchStateDictTests {
    @Test("each model's file holds the names of its state dictionary, and after load(from:) its output agrees with PyTorch's")
    func loadedModelsAgreeWithPyTorch() throws {
        let fixtures = try StateDictFixtures.load()
        #expect(fixtures.models.count == 9)
        for stored in fixtures.models {
            let counterpart = try #require(backpropCounterpart(stored.name), "no BackpropNN model for \(stored.name)")
            #expect(counterpart.model.stateDictionary.map(\.name).sorted() == stored.tensors, "\(stored.name): state_dict names")
            let inputs = stored.inputs.map(\.tensor), expected = stored.output.tensor
            #expect(counterpart.run(inputs).scalars != expected.scalars, "\(stored.name): the output before loading already agrees")
            let url = try #require(Bundle.module.url(forResource: stored.file, withExtension: nil, subdirectory: "Fixtures"))
            try counterpart.model.load(from: url)
            let output = counterpart.run(inputs)
            #expect(output.shape == expected.shape, "\(stored.name): output shape")
            let errors = zip(output.scalars, expected.scalars).map { Swift.abs($0 - $1) / Swift.max(Swift.abs($1), 1e-3) }
            #expect(errors.allSatisfy { $0 <= relativeTolerance }, "\(stored.name): output \(output.scalars), PyTorch \(expected.scalars)")
        }
    }
}
