import Backprop
import BackpropNN
import Foundation
import Testing

/// PyTorch's cross-entropy with class indices, written out with loops over [N, C] logits:
/// (1 − ε)·nll + (ε/C)·smooth per label, the mean dividing by the total weight of the kept labels.
private func loopCrossEntropy(
    _ logits: Tensor<Double>, _ labels: [Int], weights: [Double]? = nil, ignoreIndex: Int = -100, smoothing: Double = 0
) -> (terms: [Double], mean: Double, sum: Double) {
    let classes = logits.shape[1]
    var terms: [Double] = [], weightTotal = 0.0, nllSum = 0.0, smoothSum = 0.0
    for (row, label) in labels.enumerated() {
        let values = (0..<classes).map { logits.scalars[row * classes + $0] }
        let logSum = Foundation.log(values.map(Foundation.exp).reduce(0, +))
        let logP = values.map { $0 - logSum }
        guard label != ignoreIndex else { terms.append(0); continue }
        let w = weights ?? Array(repeating: 1, count: classes)
        let nll = -w[label] * logP[label]
        let smooth = -(0..<classes).map { w[$0] * logP[$0] }.reduce(0, +)
        terms.append((1 - smoothing) * nll + smoothing / Double(classes) * smooth)
        weightTotal += w[label]
        nllSum += nll
        smoothSum += smooth
    }
    let mean = (1 - smoothing) * nllSum / weightTotal + smoothing / Double(classes) * smoothSum / weightTotal
    return (terms, mean, (1 - smoothing) * nllSum + smoothing / Double(classes) * smoothSum)
}

private func raises(_ body: () -> Void) -> Bool {
    do { try withErrorChecking(body) } catch { return true }
    return false
}

private let logits = Tensor<Double>.randomNormal(shape: [5, 4], seed: 3)
private let labels = [2, 0, -100, 3, 2]
private let weights = Tensor<Double>([0.5, 2, 1.5, 0.25])

@Suite("classification losses: PyTorch's formulas for weights, ignored labels, smoothing and soft labels")
struct ClassificationLossTests {
    @Test("cross-entropy with weights, an ignored label and smoothing equals the loop form for every reduction")
    func crossEntropyMatchesLoops() {
        for (w, smoothing) in [(nil, 0.0), (weights, 0.0), (nil, 0.2), (weights, 0.3)] as [(Tensor<Double>?, Double)] {
            let expected = loopCrossEntropy(logits, labels, weights: w?.scalars, smoothing: smoothing)
            let mean = crossEntropy(logits: logits, labels: labels, weights: w, labelSmoothing: smoothing).scalar!
            let sum = crossEntropy(logits: logits, labels: labels, weights: w, labelSmoothing: smoothing, reduction: .sum).scalar!
            let none = crossEntropy(logits: logits, labels: labels, weights: w, labelSmoothing: smoothing, reduction: .none)
            #expect(Swift.abs(mean - expected.mean) < 1e-13, "weights \(w != nil), ε \(smoothing)")
            #expect(Swift.abs(sum - expected.sum) < 1e-13)
            #expect(none.shape == [5])
            #expect(zip(none.scalars, expected.terms).allSatisfy { Swift.abs($0 - $1) < 1e-13 })
        }
    }

    @Test("the default call is the mean of −log softmax at the labels; ignoreIndex can name a real class")
    func defaultsAndIgnoredClass() {
        let plain = loopCrossEntropy(logits, [2, 0, 1, 3, 2])
        #expect(Swift.abs(crossEntropy(logits: logits, labels: [2, 0, 1, 3, 2]).scalar! - plain.mean) < 1e-14)
        let ignoringTwo = loopCrossEntropy(logits, [2, 0, 1, 3, 2], ignoreIndex: 2)
        #expect(Swift.abs(crossEntropy(logits: logits, labels: [2, 0, 1, 3, 2], ignoreIndex: 2).scalar! - ignoringTwo.mean) < 1e-14)
        let allIgnored = crossEntropy(logits: logits, labels: Array(repeating: -100, count: 5))
        #expect(allIgnored.scalar!.isNaN)   // 0/0, as PyTorch's
    }

    @Test("negative log-likelihood of log-softmax equals cross-entropy; [N, C, d] and [C] layouts follow the class axis")
    func negativeLogLikelihoodAndLayouts() {
        let logProbabilities = logits.logSoftmax(alongAxis: 1)
        for reduction in [Reduction.mean, .sum, .none] {
            let nll = negativeLogLikelihood(logProbabilities: logProbabilities, labels: labels, weights: weights, reduction: reduction)
            let ce = crossEntropy(logits: logits, labels: labels, weights: weights, reduction: reduction)
            #expect(zip(nll.scalars, ce.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-14 })
        }
        // [N, C, d]: position (n, k) is the row of logits[n, :, k], labels row-major over [N, d].
        let spatial = Tensor<Double>.randomNormal(shape: [2, 4, 3], seed: 5)
        let spatialLabels = [0, 3, 1, 2, -100, 1]
        let rows = spatial.permuted(0, 2, 1).reshaped(to: [6, 4])
        let expected = loopCrossEntropy(rows, spatialLabels, weights: weights.scalars, smoothing: 0.1)
        let none = crossEntropy(logits: spatial, labels: spatialLabels, weights: weights, labelSmoothing: 0.1, reduction: .none)
        #expect(none.shape == [2, 3])
        #expect(zip(none.scalars, expected.terms).allSatisfy { Swift.abs($0 - $1) < 1e-13 })
        let mean = crossEntropy(logits: spatial, labels: spatialLabels, weights: weights, labelSmoothing: 0.1).scalar!
        #expect(Swift.abs(mean - expected.mean) < 1e-13)
        let single = crossEntropy(logits: logits[1], labels: [0], reduction: .none)
        #expect(single.shape == [])
        #expect(Swift.abs(single.scalar! - loopCrossEntropy(logits, [2, 0, 1, 3, 2]).terms[1]) < 1e-14)
    }

    @Test("soft labels: one-hot probabilities give the index form; weights and smoothing follow PyTorch")
    func softLabels() {
        let hardLabels = [2, 0, 1, 3, 2]
        let oneHot = Tensor<Double>((0..<20).map { hardLabels[$0 / 4] == $0 % 4 ? 1 : 0 }, shape: [5, 4])
        let indexForm = crossEntropy(logits: logits, labels: hardLabels, labelSmoothing: 0.1).scalar!
        #expect(Swift.abs(crossEntropy(logits: logits, probabilities: oneHot, labelSmoothing: 0.1).scalar! - indexForm) < 1e-14)
        // Weighted: −Σ w_c·p_c·log p̂_c per sample, and the mean divides by N, not by the weights.
        let p = Tensor<Double>.randomUniform(shape: [5, 4], seed: 6).softmax(alongAxis: 1)
        let logP = logits.logSoftmax(alongAxis: 1).scalars
        let w = weights.scalars, q = p.scalars
        var terms = [Double](repeating: 0, count: 5)
        for n in 0..<5 {
            for c in 0..<4 { terms[n] -= w[c] * q[n * 4 + c] * logP[n * 4 + c] }
        }
        let weighted = crossEntropy(logits: logits, probabilities: p, weights: weights)
        #expect(Swift.abs(weighted.scalar! - terms.reduce(0, +) / 5) < 1e-14)
        #expect(zip(crossEntropy(logits: logits, probabilities: p, weights: weights, reduction: .none).scalars, terms)
            .allSatisfy { Swift.abs($0 - $1) < 1e-14 })
    }

    @Test("gradients match finite differences: logits (also broadcast), class weights, probabilities")
    func gradients() {
        let bias = Tensor<Double>([0.1, -0.2, 0.3, 0])
        for reduction in [Reduction.mean, .sum, .none] {
            let report = checkGradient(of: { x, w in
                crossEntropy(logits: x, labels: labels, weights: w, labelSmoothing: 0.2, reduction: reduction)
            }, at: logits, weights)
            #expect(report.passed, "\(reduction): \(report)")
        }
        #expect(checkGradient(of: { x, b in crossEntropy(logits: x + b, labels: labels, weights: weights) }, at: logits, bias).passed)
        #expect(checkGradient(of: { negativeLogLikelihood(logProbabilities: $0, labels: labels, weights: weights) }, at: logits).passed)
        let p = Tensor<Double>.randomUniform(shape: [5, 4], seed: 7)
        #expect(checkGradient(of: { x, q in crossEntropy(logits: x, probabilities: q, weights: weights, labelSmoothing: 0.1) }, at: logits, p).passed)
        let spatial = Tensor<Double>.randomNormal(shape: [2, 4, 3], seed: 8)
        #expect(checkGradient(of: { crossEntropy(logits: $0, labels: [0, 3, 1, 2, -100, 1], labelSmoothing: 0.1) }, at: spatial).passed)
    }

    @Test("batched Jacobians of the unreduced losses match finite differences")
    func jacobians() {
        #expect(checkJacobian(of: { crossEntropy(logits: $0, labels: labels, weights: weights, labelSmoothing: 0.1, reduction: .none) }, at: logits).passed)
        let p = Tensor<Double>.randomUniform(shape: [5, 4], seed: 10)
        #expect(checkJacobian(of: { crossEntropy(logits: $0, probabilities: p, reduction: .none) }, at: logits).passed)
    }

    @Test("second derivatives match finite differences")
    func secondOrder() {
        let report = checkSecondOrderGradient(of: { crossEntropy(logits: $0, labels: labels, weights: weights, labelSmoothing: 0.2) }, at: logits)
        #expect(report.passed, "\(report)")
        let p = Tensor<Double>.randomUniform(shape: [5, 4], seed: 9).softmax(alongAxis: 1)
        #expect(checkSecondOrderGradient(of: { crossEntropy(logits: $0, probabilities: p, weights: weights) }, at: logits).passed)
    }

    @Test("unweighted, unsmoothed gradient is (softmax − one-hot)/N over the kept labels")
    func closedFormGradient() {
        let leaf = logits.requiringGrad()
        crossEntropy(logits: leaf, labels: labels).backward()
        let softmax = logits.softmax(alongAxis: 1).scalars
        let expected = (0..<20).map { i -> Double in
            let label = labels[i / 4]
            return label == -100 ? 0 : (softmax[i] - (label == i % 4 ? 1 : 0)) / 4
        }
        #expect(zip(leaf.grad!.scalars, expected).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
    }

    @Test("misuse: a label out of range, a wrong label count, weights of the wrong shape, smoothing outside [0, 1]")
    func misuse() {
        #expect(raises { _ = crossEntropy(logits: logits, labels: [0, 1, 2, 4, 0]) })
        #expect(raises { _ = crossEntropy(logits: logits, labels: [0, 1, 2, -1, 0]) })
        #expect(raises { _ = crossEntropy(logits: logits, labels: [0, 1]) })
        #expect(raises { _ = crossEntropy(logits: logits, labels: [0, 1, 2, 3, 0], weights: Tensor([1, 2])) })
        #expect(raises { _ = crossEntropy(logits: logits, labels: [0, 1, 2, 3, 0], labelSmoothing: 1.5) })
        #expect(raises { _ = crossEntropy(logits: Tensor<Double>(1), labels: [0]) })
        #expect(raises { _ = negativeLogLikelihood(logProbabilities: logits, labels: [9, 0, 0, 0, 0]) })
        #expect(raises { _ = crossEntropy(logits: logits, probabilities: .zeros([5, 3])) })
        #expect(raises { _ = crossEntropy(logits: logits, probabilities: .zeros([5, 4]), weights: Tensor([1])) })
        #expect(!raises { _ = crossEntropy(logits: logits, labels: [0, 1, 2, 3, 0], weights: weights, labelSmoothing: 1) })
    }
}
