import Backprop
import BackpropNN
import Foundation
import Testing

/// The message of the error `body` raises, or nil.
private func errorMessage(_ body: () -> Void) -> String? {
    do { try withErrorChecking(body) } catch { return "\(error)" }
    return nil
}

/// A fresh cell carrying the parameters `suffix` (`_l1_reverse`) of `model`, for unrolling by hand.
private func copiedCell<Cell: Parameterized, Model: Parameterized>(_ cell: Cell, from model: Model, suffix: String) -> Cell
where Cell.Element == Double, Model.Element == Double {
    let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.value) })
    cell.visitParameters { name, parameter in parameter = parameters[name + suffix]! }
    return cell
}

/// The outputs [L, N, D·H] and stacked final states of `steps` (per layer, per direction: a
/// step from the input at one time and the states to the next states) run over `sequence`
/// [L, N, I] from `initial` (per state kind, [layers·D, N, H]), written out with loops.
private func unrolledByHand(
    _ sequence: Tensor<Double>, initial: [Tensor<Double>],
    steps: [[(Tensor<Double>, [Tensor<Double>]) -> [Tensor<Double>]]]
) -> (output: Tensor<Double>, finals: [Tensor<Double>]) {
    let length = sequence.shape[0]
    var inputs = (0..<length).map { sequence[$0] }
    var finals = initial.map { _ in [Tensor<Double>]() }
    for (layer, directions) in steps.enumerated() {
        var outputs = directions.map { _ in [Tensor<Double>?](repeating: nil, count: length) }
        for (direction, step) in directions.enumerated() {
            var states = initial.map { $0[layer * directions.count + direction] }
            let times = direction == 0 ? Array(0..<length) : Array((0..<length).reversed())
            for time in times {
                states = step(inputs[time], states)
                outputs[direction][time] = states[0]
            }
            for kind in finals.indices { finals[kind].append(states[kind]) }
        }
        inputs = (0..<length).map { time in .concatenated(outputs.map { $0[time]! }, alongAxis: 1) }
    }
    return (.stacked(inputs), finals.map { .stacked($0) })
}

private func close(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Bool {
    a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { Swift.abs($0 - $1) <= 1e-12 }
}

@Suite("GRU, LSTM and RNN over whole sequences: PyTorch's shapes, names and initialization")
struct RecurrentSequenceLayerTests {
    static let suffixes = [["_l0", "_l0_reverse"], ["_l1", "_l1_reverse"]]

    @Test("a two-layer bidirectional GRU equals its cells unrolled by hand, from a given initial state")
    func gruUnrolls() {
        let gru = GRU<Double>(inputSize: 3, hiddenSize: 2, layerCount: 2, bidirectional: true, seed: 1)
        let x = Tensor<Double>.randomNormal(shape: [4, 2, 3], seed: 2), h0 = Tensor<Double>.randomNormal(shape: [4, 2, 2], seed: 3)
        let steps = Self.suffixes.enumerated().map { layer, names in
            names.map { suffix in
                let cell = copiedCell(GRUCell<Double>(inputSize: layer == 0 ? 3 : 4, hiddenSize: 2, seed: 99), from: gru, suffix: suffix)
                return { (x: Tensor<Double>, states: [Tensor<Double>]) in [cell(x, hidden: states[0])] }
            }
        }
        let expected = unrolledByHand(x, initial: [h0], steps: steps)
        let (output, hidden) = gru(x, hidden: h0)
        #expect(close(output, expected.output))
        #expect(close(hidden, expected.finals[0]))
    }

    @Test("a two-layer bidirectional LSTM equals its cells unrolled by hand, from given hidden and cell states")
    func lstmUnrolls() {
        let lstm = LSTM<Double>(inputSize: 3, hiddenSize: 2, layerCount: 2, bidirectional: true, seed: 4)
        let x = Tensor<Double>.randomNormal(shape: [3, 2, 3], seed: 5)
        let h0 = Tensor<Double>.randomNormal(shape: [4, 2, 2], seed: 6), c0 = Tensor<Double>.randomNormal(shape: [4, 2, 2], seed: 7)
        let steps = Self.suffixes.enumerated().map { layer, names in
            names.map { suffix in
                let cell = copiedCell(LSTMCell<Double>(inputSize: layer == 0 ? 3 : 4, hiddenSize: 2, seed: 99), from: lstm, suffix: suffix)
                return { (x: Tensor<Double>, states: [Tensor<Double>]) in
                    let next = cell(x, state: (states[0], states[1]))
                    return [next.hidden, next.cell]
                }
            }
        }
        let expected = unrolledByHand(x, initial: [h0, c0], steps: steps)
        let (output, state) = lstm(x, state: (h0, c0))
        #expect(close(output, expected.output))
        #expect(close(state.hidden, expected.finals[0]))
        #expect(close(state.cell, expected.finals[1]))
    }

    @Test("a relu RNN equals its cell unrolled by hand: h′ = relu(W_ih x + b_ih + W_hh h + b_hh)")
    func rnnUnrolls() {
        let rnn = RNN<Double>(inputSize: 3, hiddenSize: 2, nonlinearity: .relu, seed: 8)
        let x = Tensor<Double>.randomNormal(shape: [5, 2, 3], seed: 9)
        let cell = copiedCell(RNNCell<Double>(inputSize: 3, hiddenSize: 2, nonlinearity: .relu, seed: 99), from: rnn, suffix: "_l0")
        let expected = unrolledByHand(x, initial: [.zeros([1, 2, 2])], steps: [[{ x, states in [cell(x, hidden: states[0])] }]])
        #expect(close(rnn(x).output, expected.output))
        // The cell itself against the formula.
        let w = Dictionary(uniqueKeysWithValues: rnn.namedParameters.map { ($0.name, $0.value) })
        let h = Tensor<Double>.randomNormal(shape: [2, 2], seed: 10), input = x[0]
        let formula = (matmul(input, w["weight_ih_l0"]!.transposed()) + w["bias_ih_l0"]! + matmul(h, w["weight_hh_l0"]!.transposed()) + w["bias_hh_l0"]!).relu()
        #expect(close(cell(input, hidden: h), formula))
        #expect(rnn.nonlinearity == .relu && RNN<Double>(inputSize: 1, hiddenSize: 1, seed: 1).nonlinearity == .tanh)
    }

    @Test("shapes follow PyTorch for batchFirst, bidirectional, layer counts and single sequences; batchFirst only transposes")
    func shapes() {
        let x = Tensor<Double>.randomNormal(shape: [5, 3, 4], seed: 11)
        for (layers, bidirectional) in [(1, false), (2, false), (1, true), (3, true)] {
            let d = bidirectional ? 2 : 1
            let gru = GRU<Double>(inputSize: 4, hiddenSize: 6, layerCount: layers, bidirectional: bidirectional, seed: 12)
            let (output, hidden) = gru(x)
            #expect(output.shape == [5, 3, d * 6] && hidden.shape == [layers * d, 3, 6])
            let first = GRU<Double>(inputSize: 4, hiddenSize: 6, layerCount: layers, batchFirst: true, bidirectional: bidirectional, seed: 12)
            let (firstOutput, firstHidden) = first(x.permuted(1, 0, 2))
            #expect(firstOutput.shape == [3, 5, d * 6] && close(firstOutput.permuted(1, 0, 2), output) && close(firstHidden, hidden))
            let (one, oneHidden) = gru(x[.all, 1])
            #expect(one.shape == [5, d * 6] && oneHidden.shape == [layers * d, 6] && close(one, output[.all, 1]))
            let lstm = LSTM<Double>(inputSize: 4, hiddenSize: 6, layerCount: layers, batchFirst: true, bidirectional: bidirectional, seed: 13)
            let (lstmOutput, state) = lstm(x)
            #expect(lstmOutput.shape == [5, 3, d * 6] && state.hidden.shape == [layers * d, 5, 6] && state.cell.shape == [layers * d, 5, 6])
        }
        // The last output of the forward direction is the final state; the reverse direction ends at time 0.
        let gru = GRU<Double>(inputSize: 4, hiddenSize: 6, bidirectional: true, seed: 14)
        let (output, hidden) = gru(x)
        #expect(close(output[4, .all, .range(0..<6)], hidden[0]) && close(output[0, .all, .range(6..<12)], hidden[1]))
    }

    @Test("parameters carry PyTorch's state-dict names and shapes, uniform in ±1/√H, and survive save and load")
    func parameterNames() throws {
        let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, layerCount: 2, bidirectional: true, seed: 15)
        let names = lstm.namedParameters.map(\.name)
        #expect(names.prefix(8) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"])
        #expect(names.count == 16 && names.last == "bias_hh_l1_reverse")
        let shapes = Dictionary(uniqueKeysWithValues: lstm.namedParameters.map { ($0.name, $0.value.shape) })
        #expect(shapes["weight_ih_l0"] == [16, 3] && shapes["weight_ih_l1"] == [16, 8] && shapes["weight_hh_l1_reverse"] == [16, 4])
        #expect(lstm.namedParameters.allSatisfy { $0.value.scalars.allSatisfy { Swift.abs($0) <= 0.5 } })
        #expect(lstm.namedParameters.flatMap(\.value.scalars).max()! > 0.45)
        // Each cell draws its own numbers.
        #expect(lstm.namedParameters[0].value.scalars != lstm.namedParameters[4].value.scalars)

        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("recurrent-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try lstm.save(to: url)
        let loaded = LSTM<Float>(inputSize: 3, hiddenSize: 4, layerCount: 2, bidirectional: true, seed: 16)
        try loaded.load(from: url)
        let x = Tensor<Float>.randomNormal(shape: [2, 1, 3], seed: 17)
        #expect(loaded(x).output.scalars == lstm(x).output.scalars)
        #expect(GRU<Float>(inputSize: 2, hiddenSize: 3, seed: 1).namedParameters.map(\.value.shape) == [[9, 2], [9, 3], [9], [9]])
        #expect(RNN<Float>(inputSize: 2, hiddenSize: 3, seed: 1).namedParameters.map(\.value.shape) == [[3, 2], [3, 3], [3], [3]])
    }

    @Test("gradients through the sequence match finite differences for the input, the initial states and a weight")
    func gradients() {
        let lstm = LSTM<Double>(inputSize: 2, hiddenSize: 2, layerCount: 2, bidirectional: true, seed: 18)
        let x = Tensor<Double>.randomNormal(shape: [3, 2, 2], seed: 19)
        let h0 = Tensor<Double>.randomNormal(shape: [4, 2, 2], seed: 20), c0 = Tensor<Double>.randomNormal(shape: [4, 2, 2], seed: 21)
        #expect(checkGradient(of: { x, h in lstm(x, state: (h, c0)).output }, at: x, h0).passed)
        #expect(checkGradient(of: { c in lstm(x, state: (h0, c)).state.cell }, at: c0).passed)
        let weight = lstm.namedParameters.first { $0.name == "weight_hh_l0_reverse" }!.value
        #expect(checkGradient(of: { w in
            lstm.visitParameters { name, parameter in if name == "weight_hh_l0_reverse" { parameter = w } }
            return lstm(x, state: (h0, c0)).state.hidden
        }, at: weight).passed)

        let gru = GRU<Double>(inputSize: 2, hiddenSize: 3, layerCount: 2, batchFirst: true, seed: 22)
        let rnn = RNN<Double>(inputSize: 2, hiddenSize: 3, bidirectional: true, seed: 23)
        #expect(checkGradient(of: { x in gru(x).output }, at: x).passed)
        #expect(checkGradient(of: { x in rnn(x).hidden }, at: x).passed)
    }

    @Test("second derivatives through the sequence match finite differences of the gradient")
    func secondOrder() {
        let gru = GRU<Double>(inputSize: 2, hiddenSize: 2, bidirectional: true, seed: 24)
        let lstm = LSTM<Double>(inputSize: 2, hiddenSize: 2, seed: 25)
        let x = Tensor<Double>.randomNormal(shape: [3, 1, 2], seed: 26)
        #expect(checkSecondOrderGradient(of: { x in sin(gru(x).output).sum() }, at: x).passed)
        #expect(checkSecondOrderGradient(of: { x in (lstm(x).output * lstm(x).state.cell.sum()).sum() }, at: x).passed)
    }

    @Test("the gradient reaches the initial states h0 and c0, and through both directions")
    func gradientReachesInitialStates() {
        let lstm = LSTM<Double>(inputSize: 2, hiddenSize: 3, bidirectional: true, seed: 27)
        let h0 = Tensor<Double>.zeros([2, 1, 3]).requiringGrad(), c0 = Tensor<Double>.zeros([2, 1, 3]).requiringGrad()
        lstm(Tensor.randomNormal(shape: [4, 1, 2], seed: 28), state: (h0, c0)).output[0].sum().backward()
        // Output at time 0 depends on the forward h0 through one step and on the reverse h0 through all four.
        for state in [h0, c0] {
            #expect(state.grad!.scalars.allSatisfy { $0 != 0 })
        }
        let gru = GRU<Double>(inputSize: 2, hiddenSize: 3, seed: 29), h = Tensor<Double>.ones([1, 3]).requiringGrad()
        gru(Tensor.randomNormal(shape: [4, 2], seed: 30), hidden: h).hidden.sum().backward()
        #expect(h.grad!.shape == [1, 3] && h.grad!.scalars.allSatisfy { $0 != 0 })
    }

    @Test("a GRU with a linear readout learns to sum a sequence, deterministically")
    func learnsToSum() {
        let gru = GRU<Double>(inputSize: 1, hiddenSize: 8, batchFirst: true, seed: 31)
        let readout = Linear<Double>(inputSize: 8, outputSize: 1, seed: 32)
        let x = Tensor<Double>.randomUniform(shape: [32, 5, 1], in: -0.5...0.5, seed: 33)
        let target = x.sum(alongAxes: [1])
        let optimizer = Adam<Double>(learningRate: 0.03), readoutOptimizer = Adam<Double>(learningRate: 0.03)
        func loss() -> Tensor<Double> { meanSquaredError(readout(gru(x).hidden[0]), target) }
        let initial = loss().scalar!
        for _ in 0..<150 {
            gru.zeroGrad()
            readout.zeroGrad()
            loss().backward()
            optimizer.step(gru)
            readoutOptimizer.step(readout)
        }
        #expect(loss().scalar! < initial / 50, "from \(initial) to \(loss().scalar!)")
    }

    @Test("misuse: inputs of the wrong rank or feature size, states of the wrong shape and empty sequences name the layer, the shapes and the fix")
    func misuse() {
        let gru = GRU<Double>(inputSize: 3, hiddenSize: 2, layerCount: 2, batchFirst: true, seed: 1)
        let features = errorMessage { _ = gru(.zeros([4, 5, 2])) }
        #expect(features?.contains("GRU(inputSize: 3, hiddenSize: 2, layerCount: 2, batchFirst: true)") == true)
        #expect(features?.contains("[4, 5, 2]") == true && features?.contains("[batch, length, 3]") == true)
        #expect(errorMessage { _ = gru(.zeros([3])) }?.contains("Reshape the input") == true)
        let hidden = errorMessage { _ = gru(.zeros([4, 5, 3]), hidden: .zeros([1, 4, 2])) }
        #expect(hidden?.contains("[1, 4, 2]") == true && hidden?.contains("[2, 4, 2]") == true && hidden?.contains("hidden") == true)
        let cell = errorMessage { _ = LSTM<Double>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([5, 3]), state: (.zeros([1, 2]), .zeros([2]))) }
        #expect(cell?.contains("initial state cell") == true && cell?.contains("[1, 2]") == true)
        #expect(errorMessage { _ = RNN<Double>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([0, 2, 3])) }?.contains("length 0") == true)
        #expect(errorMessage { _ = RNN<Double>(inputSize: 3, hiddenSize: 2, layerCount: 0, seed: 1) }?.contains("layer count 0") == true)
        #expect(errorMessage { _ = LSTM<Double>(inputSize: 3, hiddenSize: Int.max / 2, bidirectional: true, seed: 1) } != nil)
    }
}
