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
        func tensor<Element: TensorElement>(of _: Element.Type = Element.self) -> Tensor<Element> {
            Tensor(values.map { Element(Double($0)!) }, shape: shape)
        }
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
private struct Counterpart<Element: TensorElement> {
    var model: any Parameterized<Element>
    var run: ([Tensor<Element>]) -> Tensor<Element>

    /// A layer in evaluation mode, called on the one input.
    init(layer: any Layer<Element>) {
        layer.evaluate()
        model = layer
        run = { layer($0[0]) }
    }

    init(model: any Parameterized<Element>, run: @escaping ([Tensor<Element>]) -> Tensor<Element>) {
        (self.model, self.run) = (model, run)
    }
}

/// The BackpropNN model matching each PyTorch model of the script, by name, initialised from a
/// seed unrelated to PyTorch's weights.
private func backpropCounterpart<Element>(_ name: String, of _: Element.Type) -> Counterpart<Element>? {
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
        let cell = GRUCell<Element>(inputSize: 3, hiddenSize: 4, seed: 1)
        return Counterpart(model: cell) { x in cell(x[0], hidden: x[1]) }
    case "lstm_cell":
        let cell = LSTMCell<Element>(inputSize: 3, hiddenSize: 4, seed: 1)
        return Counterpart(model: cell) { x in
            let (hidden, state) = cell(x[0], state: (hidden: x[1], cell: x[2]))
            return Tensor.concatenated([hidden, state], alongAxis: 1)
        }
    default:
        return nil
    }
}

/// Loads each model's file into its BackpropNN counterpart of element type `Element` and records
/// an issue unless the state dictionary names match, the output changes with loading and then
/// agrees with PyTorch's float64 output to `tolerance` relative to each element (or to 1e-3 when
/// smaller), or with `normwise`, relative to the largest element of the output.
private func checkLoadedModels<Element: TensorElement>(_: Element.Type, tolerance: Double, normwise: Bool = false) throws {
    let fixtures = try StateDictFixtures.load()
    #expect(fixtures.models.count == 9)
    for stored in fixtures.models {
        let counterpart = try #require(backpropCounterpart(stored.name, of: Element.self), "no BackpropNN model for \(stored.name)")
        #expect(counterpart.model.stateDictionary.map(\.name).sorted() == stored.tensors, "\(stored.name): state_dict names")
        let inputs = stored.inputs.map { $0.tensor(of: Element.self) }, expected = stored.output.tensor(of: Double.self)
        let url = try #require(Bundle.module.url(forResource: stored.file, withExtension: nil, subdirectory: "Fixtures"))
        let before = counterpart.run(inputs).scalars.map { Double($0) }
        try counterpart.model.load(from: url)
        let output = counterpart.run(inputs), scalars = output.scalars.map { Double($0) }
        #expect(before != scalars, "\(stored.name): the output did not change with loading")
        #expect(output.shape == expected.shape, "\(stored.name): output shape")
        let floor = normwise ? expected.scalars.map(Swift.abs).max() ?? 1 : 1e-3
        let errors = zip(scalars, expected.scalars).map { Swift.abs($0 - $1) / Swift.max(Swift.abs($1), floor) }
        #expect(errors.allSatisfy { $0 <= tolerance }, "\(stored.name): output \(scalars), PyTorch \(expected.scalars), largest relative error \(errors.max() ?? 0)")
    }
}

@Suite("PyTorch state_dicts saved as safetensors load into BackpropNN models, which then compute PyTorch's outputs")
struct PyTorchStateDictTests {
    @Test("into Double models: the same float32 weights computed in float64 agree to 1e-10")
    func doubleModels() throws {
        try checkLoadedModels(Double.self, tolerance: 1e-10)
    }

    /// Normwise, because cancellation leaves a small output element with the rounding errors of
    /// the larger terms it is the sum of.
    @Test("into Float models: the float32 weights computed in float32 agree to 1e-6 of the output's scale, some ten roundings of 6e-8")
    func floatModels() throws {
        try checkLoadedModels(Float.self, tolerance: 1e-6, normwise: true)
    }
}
