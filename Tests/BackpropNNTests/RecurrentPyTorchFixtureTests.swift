import Backprop
import BackpropNN
import Foundation
import Testing

/// `Fixtures/recurrent_fixtures.json`, written by `Fixtures/make_recurrent_fixtures.py` with
/// PyTorch: modules' state_dicts, inputs, and what `nn.RNN`/`nn.GRU`/`nn.LSTM` returned.
private struct RecurrentFixture: Decodable {
    /// A tensor as shape and row-major `float.hex()` strings.
    struct EncodedTensor: Decodable {
        let shape: [Int]
        let values: [String]
        var tensor: Tensor<Double> { Tensor(values.map { Double($0)! }, shape: shape) }
    }

    struct Case: Decodable {
        let kind: String
        let input_size: Int
        let hidden_size: Int
        let num_layers: Int
        let batch_first: Bool
        let bidirectional: Bool
        let nonlinearity: String?
        let parameters: [String: EncodedTensor]
        let input, h0, output, hn, direction, input_gradient, h0_gradient: EncodedTensor
        let c0, cn: EncodedTensor?
    }

    let cases: [Case]

    static func load() throws -> RecurrentFixture {
        let url = try #require(Bundle.module.url(forResource: "recurrent_fixtures", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(RecurrentFixture.self, from: Data(contentsOf: url))
    }
}

private func expectClose(_ actual: Tensor<Double>, _ expected: Tensor<Double>, _ label: String) {
    #expect(actual.shape == expected.shape, "\(label): shape \(actual.shape) against \(expected.shape)")
    let worst = zip(actual.scalars, expected.scalars).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
    #expect(worst < 1e-12, "\(label): off by \(worst)")
}

/// Copies PyTorch's state_dict into `model` by name, expecting the same names.
private func load<Model: Parameterized>(_ parameters: [String: RecurrentFixture.EncodedTensor], into model: Model) where Model.Element == Double {
    #expect(Set(model.namedParameters.map(\.name)) == Set(parameters.keys))
    model.visitParameters { name, parameter in parameter = parameters[name]!.tensor.requiringGrad() }
}

@Suite("GRU, LSTM and RNN reproduce PyTorch's outputs, final states and gradients for its own weights")
struct RecurrentPyTorchFixtureTests {
    @Test("each fixture case: output, h_n (and c_n), and the gradients for the input and h_0 equal PyTorch's")
    func matchesPyTorch() throws {
        let cases = try RecurrentFixture.load().cases
        #expect(cases.count == 5)
        for fixture in cases {
            let label = "\(fixture.kind) layers \(fixture.num_layers) bidirectional \(fixture.bidirectional) batchFirst \(fixture.batch_first)"
            let (i, h, layers) = (fixture.input_size, fixture.hidden_size, fixture.num_layers)
            let x = fixture.input.tensor.requiringGrad(), h0 = fixture.h0.tensor.requiringGrad()
            let output: Tensor<Double>, hidden: Tensor<Double>
            switch fixture.kind {
            case "LSTM":
                let lstm = LSTM<Double>(inputSize: i, hiddenSize: h, layerCount: layers, batchFirst: fixture.batch_first, bidirectional: fixture.bidirectional, seed: 1)
                load(fixture.parameters, into: lstm)
                let result = lstm(x, state: (h0, try #require(fixture.c0).tensor))
                (output, hidden) = (result.output, result.state.hidden)
                expectClose(result.state.cell, try #require(fixture.cn).tensor, "\(label) c_n")
            case "GRU":
                let gru = GRU<Double>(inputSize: i, hiddenSize: h, layerCount: layers, batchFirst: fixture.batch_first, bidirectional: fixture.bidirectional, seed: 1)
                load(fixture.parameters, into: gru)
                (output, hidden) = gru(x, hidden: h0)
            default:
                let rnn = RNN<Double>(
                    inputSize: i, hiddenSize: h, layerCount: layers, nonlinearity: fixture.nonlinearity == "relu" ? .relu : .tanh,
                    batchFirst: fixture.batch_first, bidirectional: fixture.bidirectional, seed: 1)
                load(fixture.parameters, into: rnn)
                (output, hidden) = rnn(x, hidden: h0)
            }
            expectClose(output, fixture.output.tensor, "\(label) output")
            expectClose(hidden, fixture.hn.tensor, "\(label) h_n")
            ((output * fixture.direction.tensor).sum() + hidden.sum()).backward()
            expectClose(try #require(x.grad), fixture.input_gradient.tensor, "\(label) input gradient")
            expectClose(try #require(h0.grad), fixture.h0_gradient.tensor, "\(label) h_0 gradient")
        }
    }
}
