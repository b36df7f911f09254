import Backprop
import BackpropNN
import Foundation
import Testing

@Suite("Losses: values against their definitions, gradients against finite differences")
struct LossTests {
    @Test("mean squared error, plain and with the seed's ½ convention")
    func meanSquared() {
        let p = Tensor<Double>([1, 2, 3, 4], shape: [2, 2]), y = Tensor<Double>([0, 2, 5, 4], shape: [2, 2])
        #expect(meanSquaredError(p, y).scalar == 5.0 / 4)
        #expect(meanSquaredError(p, y, halved: true).scalar == 5.0 / 4)
        let leaf = p.requiringGrad()
        meanSquaredError(leaf, y, halved: true).backward()
        #expect(leaf.grad!.scalars == [0.5, 0, -1, 0])   // (a − y)/m with m = 2 rows
        #expect(checkGradient(of: { meanSquaredError($0, y) }, at: p).passed)
    }

    @Test("cross-entropy equals −mean log softmax at the labels, stays finite at logits of ±1e4")
    func crossEntropyValues() {
        let logits = Tensor<Double>.randomNormal(shape: [4, 3], seed: 1)
        let labels = [2, 0, 1, 2]
        var expected = 0.0
        for (row, label) in labels.enumerated() {
            let values = (0..<3).map { logits.scalars[row * 3 + $0] }
            let logSum = Foundation.log(values.map(Foundation.exp).reduce(0, +))
            expected -= values[label] - logSum
        }
        #expect(Swift.abs(crossEntropy(logits: logits, labels: labels).scalar! - expected / 4) < 1e-14)
        #expect(checkGradient(of: { crossEntropy(logits: $0, labels: labels) }, at: logits).passed)
        let huge = Tensor<Double>([1e4, -1e4, 0, 0, 1e4, -1e4], shape: [2, 3], requiresGrad: true)
        let loss = crossEntropy(logits: huge, labels: [1, 0])
        loss.backward()
        #expect(loss.scalar!.isFinite && huge.grad!.scalars.allSatisfy(\.isFinite))
    }

    @Test("binary cross-entropy with logits matches its definition and is stable")
    func binaryCrossEntropyValues() {
        let x = Tensor<Double>([-2, 0.5, 3]), y = Tensor<Double>([0, 1, 1])
        let sigmoid = x.scalars.map { 1 / (1 + Foundation.exp(-$0)) }
        let expected = zip(sigmoid, y.scalars).map { s, t in -(t * Foundation.log(s) + (1 - t) * Foundation.log(1 - s)) }.reduce(0, +) / 3
        #expect(Swift.abs(binaryCrossEntropy(logits: x, targets: y).scalar! - expected) < 1e-14)
        #expect(checkGradient(of: { binaryCrossEntropy(logits: $0, targets: y) }, at: x).passed)
        #expect(binaryCrossEntropy(logits: Tensor<Double>([1000, -1000]), targets: Tensor([0, 1])).scalar == 1000)
    }

    @Test("hinge loss and L2 penalty")
    func hingeAndPenalty() {
        let scores = Tensor<Double>([0.5, -2, 3]), labels = Tensor<Double>([1, -1, -1])
        let hinge: Double = hingeLoss(scores: scores, labels: labels).scalar!
        #expect(Swift.abs(hinge - 4.5 / 3) < 1e-15)
        let layer = Linear<Double>(weight: Tensor([1, 2], shape: [1, 2], requiresGrad: true), bias: Tensor([3], requiresGrad: true))
        let penalty: Double = l2Penalty(layer, coefficient: 0.1).scalar!
        #expect(Swift.abs(penalty - 1.4) < 1e-15)
    }

    @Test("mismatched shapes and labels out of range are errors naming them")
    func misuse() throws {
        #expect(throws: BackpropError.self) { try withErrorChecking { _ = crossEntropy(logits: Tensor<Double>.zeros([2, 3]), labels: [0, 3]) } }
        #expect(throws: BackpropError.self) { try withErrorChecking { _ = meanSquaredError(Tensor<Double>.zeros([2]), .zeros([3])) } }
    }
}
