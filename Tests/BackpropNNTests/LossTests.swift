import Backprop
import BackpropNN
import Foundation
import Testing

@Suite("Losses: values against their definitions, gradients against finite differences")
struct LossTests {
    @Test("mean squared error, plain and with the seed's ½ convention over rows")
    func meanSquared() {
        let p = Tensor<Double>([1, 2, 3, 4], shape: [2, 2]), y = Tensor<Double>([0, 2, 5, 4], shape: [2, 2])
        #expect(meanSquaredError(p, y).scalar == 5.0 / 4)
        #expect(meanSquaredError(p, y, halved: true, samples: .rows).scalar == 5.0 / 4)
        let leaf = p.requiringGrad()
        meanSquaredError(leaf, y, halved: true, samples: .rows).backward()
        #expect(leaf.grad!.scalars == [0.5, 0, -1, 0])   // (a − y)/m with m = 2 rows
        #expect(checkGradient(of: { meanSquaredError($0, y) }, at: p).passed)
    }

    @Test("the halved squared error of one sample — a column [n, 1] or a vector — is ½‖a − y‖² with gradient exactly a − y")
    func halvedSquaredErrorOfOneSample() {
        let a = Tensor<Double>.randomNormal(shape: [3, 1], seed: 11), y = Tensor<Double>.randomUniform(shape: [3, 1], seed: 12)
        let difference = zip(a.scalars, y.scalars).map { $0 - $1 }
        let halfSquaredNorm = difference.map { $0 * $0 }.reduce(0, +) / 2
        for (name, predictions, targets, layout) in [
            ("column", a, y, SampleLayout.columns), ("whole column", a, y, .whole),
            ("vector", a.reshaped(to: [3]), y.reshaped(to: [3]), .whole), ("0-d", a[0], y[0], .rows),
        ] {
            let leaf = predictions.requiringGrad()
            let loss = meanSquaredError(leaf, targets, halved: true, samples: layout)
            loss.backward()
            let expectedValue = layout == .rows ? difference[0] * difference[0] / 2 : halfSquaredNorm
            #expect(Swift.abs(loss.scalar! - expectedValue) < 1e-15, "\(name)")
            #expect(leaf.grad!.scalars == (predictions - targets).scalars, "\(name)")
            #expect(checkGradient(of: { meanSquaredError($0, targets, halved: true, samples: layout) }, at: predictions).passed, "\(name)")
            #expect(checkSecondOrderGradient(of: { meanSquaredError($0, targets, halved: true, samples: layout) }, at: predictions).passed, "\(name)")
        }
    }

    @Test("the output layer's δᴸ = (aᴸ − y) ⊙ σ′(zᴸ) of the seed derivations comes out exactly, for one column and for m columns (÷ m)")
    func outputDeltaOfTheDerivations() {
        for m in [1, 4] {
            let z = Tensor<Double>.randomNormal(shape: [3, m], seed: 13).requiringGrad()
            let y = Tensor<Double>.randomUniform(shape: [3, m], seed: 14)
            z.retainGrad()
            let a = z.sigmoid()
            meanSquaredError(a, y, halved: true, samples: .columns).backward()
            let delta = withoutRecording { (a - y) * (a * (1 - a)) / Double(m) }   // (aᴸ − y) ⊙ σ′(zᴸ), σ′ = a(1 − a)
            #expect(z.grad!.scalars == delta.scalars, "m = \(m)")
            // J = 1/(2m)·Σ‖aᵢ − yᵢ‖², written out.
            let j = withoutRecording { ((a - y) * (a - y)).sum() / Double(2 * m) }
            #expect(meanSquaredError(a, y, halved: true, samples: .columns).scalar == j.scalar)
        }
    }

    @Test("the squared error averages over the samples of the layout: every element (PyTorch's MSELoss), rows, columns or one")
    func squaredErrorLayouts() {
        let p = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3]), y = Tensor<Double>.zeros([2, 3])
        let total = 91.0
        #expect(meanSquaredError(p, y).scalar == total / 6)
        #expect(meanSquaredError(p, y, samples: .elements).scalar == total / 6)
        #expect(meanSquaredError(p, y, samples: .rows).scalar == total / 2)
        #expect(meanSquaredError(p, y, samples: .columns).scalar == total / 3)
        #expect(meanSquaredError(p, y, samples: .alongAxis(-1)).scalar == total / 3)
        #expect(meanSquaredError(p, y, halved: true, samples: .whole).scalar == total / 2)
        let error = #expect(throws: BackpropError.self) {
            try withErrorChecking { _ = meanSquaredError(p, y, halved: true, samples: .alongAxis(2)) }
        }
        #expect(error?.kind == .invalidAxis && error?.operation == "meanSquaredError(_:_:halved:samples:)")
    }

    @Test("mean-reduced losses of an empty batch are NaN, as PyTorch's; their gradients are empty")
    func emptyBatch() {
        let logits = Tensor<Double>.zeros([0, 3]).requiringGrad()
        let loss = crossEntropy(logits: logits, labels: [])
        #expect(loss.scalar!.isNaN)
        loss.backward()
        #expect(logits.grad!.shape == [0, 3])
        let empty = Tensor<Double>.zeros([0])
        #expect(binaryCrossEntropy(logits: empty, targets: empty).scalar!.isNaN)
        #expect(hingeLoss(scores: empty, labels: empty).scalar!.isNaN)
        #expect(meanSquaredError(empty, empty).scalar!.isNaN)
        #expect(meanSquaredError(Tensor<Double>.zeros([2, 0]), .zeros([2, 0]), halved: true, samples: .columns).scalar!.isNaN)
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
