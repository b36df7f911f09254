import Backprop
import BackpropNN
import Foundation
import Testing

/// A small causal sequence classifier made of the new layers: embedding, attention with a
/// residual connection, layer normalization, a GRU over the positions, and a linear head.
private final class SequenceClassifier: Parameterized {
    let embedding = Embedding<Double>(count: 6, dimension: 8, seed: 1)
    let attention = MultiHeadAttention<Double>(embeddingDimension: 8, headCount: 2, causal: true, seed: 2)
    let norm = LayerNorm<Double>(normalizedShape: [8])
    let recurrence = GRUCell<Double>(inputSize: 8, hiddenSize: 8, seed: 3)
    let head = Linear<Double>(inputSize: 8, outputSize: 3, seed: 4)

    /// Logits [batch, 3] for token sequences [batch][length].
    func callAsFunction(_ sequences: [[Int]]) -> Tensor<Double> {
        let tokens = embedding(indices: sequences.flatMap { $0 }, shape: [sequences.count, sequences[0].count])
        let mixed = norm(tokens + attention(tokens))
        var hidden: Tensor<Double>? = nil
        for position in 0..<sequences[0].count {
            hidden = recurrence(mixed[.all, .at(position)], hidden: hidden)
        }
        return head(hidden!)
    }

    func visitParameters(_ body: (String, inout Tensor<Double>) -> Void) {
        let parts: [(String, any Parameterized<Double>)] = [
            ("embedding", embedding), ("attention", attention), ("norm", norm), ("recurrence", recurrence), ("head", head),
        ]
        for (prefix, part) in parts { part.visitParameters { name, parameter in body("\(prefix).\(name)", &parameter) } }
    }
}

@Suite("the new layers and losses train together with the optimizers")
struct NewLayerTrainingTests {
    @Test("a classifier of embedding, causal attention, LayerNorm and a GRU learns to count a token, with smoothed cross-entropy")
    func sequenceClassifierLearns() {
        var generator = SeededRandomNumberGenerator(seed: 5)
        let sequences = (0..<24).map { _ in (0..<5).map { _ in Int(generator.nextUniform() * 6) % 6 } }
        // The class: how many times token 0 occurs, capped at 2.
        let labels = sequences.map { sequence in Swift.min(sequence.filter { $0 == 0 }.count, 2) }
        let model = SequenceClassifier()
        let optimizer = Adam<Double>(learningRate: 0.02)
        func loss() -> Tensor<Double> { crossEntropy(logits: model(sequences), labels: labels, labelSmoothing: 0.05) }
        let initial = loss().scalar!
        for _ in 0..<60 {
            model.zeroGrad()
            loss().backward()
            optimizer.step(model)
        }
        #expect(loss().scalar! < initial / 3, "from \(initial) to \(loss().scalar!)")
        #expect(model.namedParameters.count == 13)
    }

    @Test("BatchNorm and GELU in a Sequential learn the moons; evaluation with the running statistics classifies them")
    func batchNormNetworkLearns() {
        let data = Dataset<Double>.moons(count: 128, noise: 0.1, seed: 6)
        let model = Sequential<Double>(
            Linear(inputSize: 2, outputSize: 16, seed: 7), BatchNorm1D(featureCount: 16), GELU(), Linear(inputSize: 16, outputSize: 2, seed: 8))
        let optimizer = Adam<Double>(learningRate: 0.05), labels = data.labels!
        for _ in 0..<80 {
            model.zeroGrad()
            crossEntropy(logits: model(data.inputs), labels: labels).backward()
            optimizer.step(model)
        }
        model.evaluate()
        let predictions = model(data.inputs).argmax(alongAxis: 1)
        let accuracy = Double(zip(predictions, labels).filter { $0 == $1 }.count) / 128
        #expect(accuracy > 0.9, "accuracy \(accuracy)")
    }
}
