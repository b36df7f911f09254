import Backprop
import BackpropNN
import Foundation
import Testing

private func raises(_ body: () -> Void) -> Bool {
    do { try withErrorChecking(body) } catch { return true }
    return false
}

private func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

/// A parameter of `model` by name, as plain rows.
private func matrix<Model: Parameterized>(_ model: Model, _ name: String) -> [[Double]] where Model.Element == Double {
    let value = model.namedParameters.first { $0.name == name }!.value
    let columns = value.rank == 2 ? value.shape[1] : value.count
    return (0..<(value.count / columns)).map { Array(value.scalars[($0 * columns)..<(($0 + 1) * columns)]) }
}

/// W·v + b with plain loops, for the rows `rows` of W and b.
private func affine(_ w: [[Double]], _ b: [[Double]], _ v: [Double], rows: Range<Int>) -> [Double] {
    rows.map { (r: Int) -> Double in zip(w[r], v).map(*).reduce(0, +) + b[0][r] }
}

private func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

@Suite("Embedding, multi-head attention and recurrent cells: PyTorch's formulas and parameter names")
struct SequenceLayerTests {
    @Test("Embedding looks rows up, accumulates gradients of repeated indices and freezes the padding row")
    func embedding() {
        let table = Embedding<Double>(count: 5, dimension: 3, paddingIndex: 4, seed: 1)
        let rows = table(indices: [2, 0, 2, 4], shape: [2, 2])
        #expect(rows.shape == [2, 2, 3])
        #expect(Array(rows.scalars[0..<3]) == Array(table.weight.scalars[6..<9]))
        #expect(Array(table.weight.scalars[12..<15]) == [0, 0, 0])
        rows.sum().backward()
        #expect(table.weight.grad!.scalars == [1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0])
        #expect(table(Tensor<Double>([3, 1], shape: [2, 1])).scalars == table(indices: [3, 1]).scalars)
        #expect(table(Tensor<Double>([3, 1], shape: [2, 1])).shape == [2, 1, 3])
        let weight = Tensor<Double>.randomNormal(shape: [4, 2], seed: 2)
        #expect(checkGradient(of: { w in sin(Embedding(weight: w)(indices: [1, 3, 1])).sum() }, at: weight).passed)
        #expect(checkSecondOrderGradient(of: { w in sin(Embedding(weight: w)(indices: [1, 3, 1])).sum() }, at: weight).passed)
        #expect(table.namedParameters.map(\.name) == ["weight"])
    }

    @Test("attention equals softmax(q·kᵀ/√d)·v per head, written with loops")
    func attentionMatchesLoops() {
        let attention = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, seed: 3)
        attention.inProjectionBias = .randomNormal(shape: [12], seed: 4)
        let x = Tensor<Double>.randomNormal(shape: [1, 3, 4], seed: 5)
        let w = matrix(attention, "in_proj_weight"), b = matrix(attention, "in_proj_bias")
        let tokens = (0..<3).map { Array(x.scalars[($0 * 4)..<($0 * 4 + 4)]) }
        let q = tokens.map { affine(w, b, $0, rows: 0..<4) }, k = tokens.map { affine(w, b, $0, rows: 4..<8) }
        let v = tokens.map { affine(w, b, $0, rows: 8..<12) }
        for causal in [false, true] {
            var joined = Array(repeating: [Double](repeating: 0, count: 4), count: 3)
            for head in 0..<2 {
                let features = (2 * head)..<(2 * head + 2)
                for i in 0..<3 {
                    let visible = causal ? 0...i : 0...2
                    let scores = visible.map { (j: Int) -> Double in features.map { (f: Int) -> Double in q[i][f] * k[j][f] }.reduce(0, +) / 2.0.squareRoot() }
                    let largest = scores.max()!, exps = scores.map { (s: Double) -> Double in Foundation.exp(s - largest) }, total = exps.reduce(0, +)
                    for f in features { joined[i][f] = zip(visible, exps).map { (j: Int, e: Double) -> Double in v[j][f] * e / total }.reduce(0, +) }
                }
            }
            let out = matrix(attention.outProjection, "weight"), outBias = matrix(attention.outProjection, "bias")
            let expected = joined.flatMap { affine(out, outBias, $0, rows: 0..<4) }
            let layer = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, causal: causal, seed: 3)
            layer.inProjectionBias = attention.inProjectionBias
            #expect(close(layer(x).scalars, expected), "causal \(causal)")
            #expect(close(layer(x[0]).scalars, expected), "unbatched, causal \(causal)")
        }
    }

    @Test("the causal mask blocks the future: changing later tokens leaves earlier outputs as they were")
    func causalMask() {
        let x = Tensor<Double>.randomNormal(shape: [2, 4, 6], seed: 6)
        let changed = Tensor<Double>(x.scalars.enumerated().map { $0.offset % 24 >= 18 ? $0.element + 5 : $0.element }, shape: [2, 4, 6])
        let causal = MultiHeadAttention<Double>(embeddingDimension: 6, headCount: 3, causal: true, seed: 7)
        let before = causal(x).scalars, after = causal(changed).scalars
        let early = (0..<48).filter { $0 % 24 < 18 }
        #expect(early.allSatisfy { before[$0] == after[$0] })
        #expect(!(0..<48).allSatisfy { before[$0] == after[$0] })
        let open = MultiHeadAttention<Double>(embeddingDimension: 6, headCount: 3, seed: 7)
        #expect(!early.allSatisfy { open(x).scalars[$0] == open(changed).scalars[$0] })
        // The gradient of an early output reaches no later token.
        let leaf = x.requiringGrad()
        causal(leaf)[0, 1].sum().backward()
        #expect(leaf.grad!.scalars[12..<24].allSatisfy { $0 == 0 })
    }

    @Test("a key padding mask equals attending over the unpadded keys; an additive −∞ mask equals the causal layer")
    func attentionMasks() {
        let attention = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, seed: 11)
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 4], seed: 12), memory = Tensor<Double>.randomNormal(shape: [2, 5, 4], seed: 13)
        let padding = Tensor<Double>([0, 0, 0, 1, 1, 0, 0, 0, 0, 0], shape: [2, 5])
        let masked = attention(query: x, key: memory, value: memory, keyPaddingMask: padding)
        let shortened = attention(query: x[0], key: memory[0][0..<3], value: memory[0][0..<3])
        #expect(close(masked[0].scalars, shortened.scalars))
        #expect(close(masked[1].scalars, attention(query: x[1], key: memory[1], value: memory[1]).scalars))
        #expect(close(attention(query: x[0], key: memory[0], value: memory[0], keyPaddingMask: padding[0]).scalars, shortened.scalars))
        let future = Tensor<Double>((0..<9).map { $0 % 3 > $0 / 3 ? -Double.infinity : 0 }, shape: [3, 3])
        let causal = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, causal: true, seed: 11)
        #expect(close(attention(query: x, key: x, value: x, attentionMask: future).scalars, causal(x).scalars))
        let perHead = Tensor.stacked(Array(repeating: future, count: 4))   // [N·heads, L, S]
        #expect(close(attention(query: x, key: x, value: x, attentionMask: perHead).scalars, causal(x).scalars))
        #expect(checkGradient(of: { q, kv in attention(query: q, key: kv, value: kv, keyPaddingMask: padding) }, at: x, memory).passed)
    }

    @Test("attention gradients match finite differences (query, key and value apart), to second order")
    func attentionGradients() {
        let attention = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, causal: true, seed: 8)
        let q = Tensor<Double>.randomNormal(shape: [2, 3, 4], seed: 9), kv = Tensor<Double>.randomNormal(shape: [2, 3, 4], seed: 10)
        #expect(checkGradient(of: { q, kv in attention(query: q, key: kv, value: kv * 2) }, at: q, kv).passed)
        #expect(checkSecondOrderGradient(of: { sin(attention($0)).sum() }, at: q).passed)
        #expect(attention.namedParameters.map(\.name) == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
        #expect(attention.namedParameters.map(\.value.shape) == [[12, 4], [12], [4, 4], [4]])
    }

    @Test("GRU and LSTM cells follow PyTorch's gate order, written with loops")
    func recurrentCellsMatchLoops() {
        let gru = GRUCell<Double>(inputSize: 3, hiddenSize: 2, seed: 11), lstm = LSTMCell<Double>(inputSize: 3, hiddenSize: 2, seed: 12)
        let x = [0.5, -1.2, 0.3], h = [0.1, -0.4], c = [0.7, 0.2]
        let gi = gru.namedParameters.map(\.name)
        #expect(gi == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        #expect(gru.namedParameters.map(\.value.shape) == [[6, 3], [6, 2], [6], [6]])
        #expect(lstm.namedParameters.map(\.value.shape) == [[8, 3], [8, 2], [8], [8]])
        let (wi, wh, bi, bh) = (matrix(gru, "weight_ih"), matrix(gru, "weight_hh"), matrix(gru, "bias_ih"), matrix(gru, "bias_hh"))
        let inputGates = affine(wi, bi, x, rows: 0..<6), hiddenGates = affine(wh, bh, h, rows: 0..<6)
        let gruExpected = (0..<2).map { j -> Double in
            let r = sigmoid(inputGates[j] + hiddenGates[j]), z = sigmoid(inputGates[2 + j] + hiddenGates[2 + j])
            let n = Foundation.tanh(inputGates[4 + j] + r * hiddenGates[4 + j])
            return (1 - z) * n + z * h[j]
        }
        #expect(close(gru(Tensor(x), hidden: Tensor(h)).scalars, gruExpected))
        #expect(close(gru(Tensor(x, shape: [1, 3]), hidden: Tensor(h, shape: [1, 2])).scalars, gruExpected))
        let (li, lh, lbi, lbh) = (matrix(lstm, "weight_ih"), matrix(lstm, "weight_hh"), matrix(lstm, "bias_ih"), matrix(lstm, "bias_hh"))
        let gates = zip(affine(li, lbi, x, rows: 0..<8), affine(lh, lbh, h, rows: 0..<8)).map(+)
        let nextCell = (0..<2).map { (j: Int) -> Double in sigmoid(gates[2 + j]) * c[j] + sigmoid(gates[j]) * Foundation.tanh(gates[4 + j]) }
        let nextHidden = (0..<2).map { (j: Int) -> Double in sigmoid(gates[6 + j]) * Foundation.tanh(nextCell[j]) }
        let state = lstm(Tensor(x), state: (Tensor(h), Tensor(c)))
        #expect(close(state.hidden.scalars, nextHidden) && close(state.cell.scalars, nextCell))
        #expect(gru(Tensor(x)).scalars == gru(Tensor(x), hidden: .zeros([2])).scalars)
    }

    @Test("recurrent cell gradients match finite differences through two steps, to second order")
    func recurrentGradients() {
        let gru = GRUCell<Double>(inputSize: 3, hiddenSize: 2, seed: 13), lstm = LSTMCell<Double>(inputSize: 3, hiddenSize: 2, seed: 14)
        let x = Tensor<Double>.randomNormal(shape: [2, 3], seed: 15), h = Tensor<Double>.randomNormal(shape: [2, 2], seed: 16)
        #expect(checkGradient(of: { x, h in gru(x, hidden: gru(x, hidden: h)) }, at: x, h).passed)
        #expect(checkGradient(of: { x, h in
            let first = lstm(x, state: (h, h * 0.5))
            return lstm(x, state: first).hidden + lstm(x, state: first).cell
        }, at: x, h).passed)
        #expect(checkSecondOrderGradient(of: { gru(x, hidden: $0).sum() }, at: h).passed)
        #expect(checkSecondOrderGradient(of: { lstm($0).hidden.sum() }, at: x).passed)
    }

    @Test("misuse: indices out of range or fractional, heads that do not divide, shapes that do not fit")
    func misuse() {
        let table = Embedding<Double>(count: 3, dimension: 2, seed: 1)
        #expect(raises { _ = table([3]) })
        #expect(raises { _ = table([-1]) })
        #expect(raises { _ = table(Tensor<Double>([0.5])) })
        #expect(raises { _ = table(indices: [0, 1], shape: [3]) })
        #expect(raises { _ = Embedding<Double>(count: 3, dimension: 2, paddingIndex: 3, seed: 1) })
        #expect(raises { _ = MultiHeadAttention<Double>(embeddingDimension: 6, headCount: 4, seed: 1) })
        let attention = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, seed: 1)
        #expect(raises { _ = attention(.zeros([2, 3, 5])) })
        #expect(raises { _ = attention(query: .zeros([2, 3, 4]), key: .zeros([1, 3, 4]), value: .zeros([1, 3, 4])) })
        #expect(raises { _ = attention(query: .zeros([2, 3, 4]), key: .zeros([2, 3, 4]), value: .zeros([2, 3, 4]), keyPaddingMask: .zeros([2, 4])) })
        #expect(raises { _ = attention(query: .zeros([2, 3, 4]), key: .zeros([2, 3, 4]), value: .zeros([2, 3, 4]), attentionMask: .zeros([2, 3, 3])) })
        #expect(raises { _ = GRUCell<Double>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([2, 4])) })
        #expect(raises { _ = table(indices: [0], shape: [Int.max, 3, -1]) })
        #expect(raises { _ = table(indices: [0, 1, 2, 0], shape: [-2, -2]) })
        #expect(raises { _ = MultiHeadAttention<Double>(embeddingDimension: Int.max / 2, headCount: 1, seed: 1) })
        #expect(raises { _ = LSTMCell<Double>(inputSize: 1, hiddenSize: Int.max / 3, seed: 1) })
        #expect(raises { _ = LSTMCell<Double>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([2, 3]), state: (.zeros([2, 2]), .zeros([1, 2]))) })
    }
}
