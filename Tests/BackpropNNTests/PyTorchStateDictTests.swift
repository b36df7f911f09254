import Backprop
import BackpropNN
import Foundation
import Testing

/// `Fixtures/pytorch_state_dicts.json`, written by `Fixtures/make_state_dict_fixtures.py`: for
/// each model, the safetensors file of its PyTorch state_dict, a fixed input and PyTorch's output
/// for it in evaluation mode (computed in float64 from the saved float32 weights).
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
        var input: Stored
        var output: Stored
    }

    var torch: String
    var models: [Model]

    static func load() throws -> StateDictFixtures {
        let url = try #require(Bundle.module.url(forResource: "pytorch_state_dicts", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(StateDictFixtures.self, from: Data(contentsOf: url))
    }
}

/// The BackpropNN model matching each PyTorch model of the script, by name, initialised from a
/// seed unrelated to PyTorch's weights.
private func backpropModel(_ name: String) -> (any Layer<Double>)? {
    switch name {
    case "mlp":
        Sequential(Linear(inputSize: 4, outputSize: 8, seed: 1), ReLU(), Linear(inputSize: 8, outputSize: 3, seed: 2))
    case "conv_batchnorm":
        Sequential(
            Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, seed: 1), BatchNorm2D(featureCount: 3), ReLU(),
            MaxPool2D(kernelSize: 2), Flatten(), Linear(inputSize: 12, outputSize: 2, seed: 2))
    case "embedding_layernorm":
        Sequential(Embedding(count: 10, dimension: 4, seed: 1), LayerNorm(normalizedShape: [4]), Linear(inputSize: 4, outputSize: 2, seed: 2), Tanh())
    case "batchnorm1d":
        Sequential(Linear(inputSize: 3, outputSize: 5, seed: 1), BatchNorm1D(featureCount: 5), GELU(), Linear(inputSize: 5, outputSize: 1, seed: 2))
    case "attention":
        MultiHeadAttention(embeddingDimension: 4, headCount: 2, seed: 1)
    default:
        nil
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
        #expect(fixtures.models.map(\.name) == ["mlp", "conv_batchnorm", "embedding_layernorm", "batchnorm1d", "attention"])
        for stored in fixtures.models {
            let model = try #require(backpropModel(stored.name), "no BackpropNN model for \(stored.name)")
            model.evaluate()
            #expect(model.stateDictionary.map(\.name).sorted() == stored.tensors, "\(stored.name): state_dict names")
            let input = stored.input.tensor, expected = stored.output.tensor
            #expect(model(input).scalars != expected.scalars, "\(stored.name): the output before loading already agrees")
            let url = try #require(Bundle.module.url(forResource: stored.file, withExtension: nil, subdirectory: "Fixtures"))
            try model.load(from: url)
            let output = model(input)
            #expect(output.shape == expected.shape, "\(stored.name): output shape")
            let errors = zip(output.scalars, expected.scalars).map { Swift.abs($0 - $1) / Swift.max(Swift.abs($1), 1e-3) }
            #expect(errors.allSatisfy { $0 <= relativeTolerance }, "\(stored.name): output \(output.scalars), PyTorch \(expected.scalars)")
        }
    }
}
