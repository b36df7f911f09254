import Backprop
import BackpropNN
import Foundation
import Testing

private func raises(_ body: () -> Void) -> Bool {
    do { try withErrorChecking(body) } catch { return true }
    return false
}

private func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-14) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

/// Differences on both sides of ±1 and ±0.5, none on them.
private let predictions = Tensor<Double>([0.2, -0.3, 1.7, -2.4, 0.45, 0.9], shape: [2, 3])
private let targets = Tensor<Double>([0.1, 0.4, -0.2, 0.3, -0.4, 0.1], shape: [2, 3])

@Suite("Huber, smooth L1 and KL divergence: PyTorch's formulas and reductions")
struct RegressionLossTests {
    @Test("Huber and smooth L1 equal their piecewise definitions for every reduction")
    func piecewiseValues() {
        let differences = zip(predictions.scalars, targets.scalars).map { $0 - $1 }
        for threshold in [0.5, 1.0] {
            let huber = differences.map { (d: Double) -> Double in Swift.abs(d) < threshold ? 0.5 * d * d : threshold * (Swift.abs(d) - 0.5 * threshold) }
            let smooth = differences.map { (d: Double) -> Double in Swift.abs(d) < threshold ? 0.5 * d * d / threshold : Swift.abs(d) - 0.5 * threshold }
            #expect(close(huberLoss(predictions, targets, delta: threshold, reduction: .none).scalars, huber))
            #expect(close(huberLoss(predictions, targets, delta: threshold).scalars, [huber.reduce(0, +) / 6]))
            #expect(close(huberLoss(predictions, targets, delta: threshold, reduction: .sum).scalars, [huber.reduce(0, +)]))
            #expect(close(smoothL1Loss(predictions, targets, beta: threshold, reduction: .none).scalars, smooth))
            #expect(close(smoothL1Loss(predictions, targets, beta: threshold).scalars, [smooth.reduce(0, +) / 6]))
        }
        #expect(close(smoothL1Loss(predictions, targets, beta: 0, reduction: .none).scalars, differences.map { Swift.abs($0) }))
        #expect(huberLoss(predictions, targets, reduction: .none).shape == [2, 3])
    }

    @Test("Huber and smooth L1 gradients match finite differences (also broadcast) and are the clipped difference")
    func huberGradients() {
        let shift = Tensor<Double>([0.01, -0.02, 0.03])
        for (name, loss) in [
            ("huber", { (p: Tensor<Double>) in huberLoss(p, targets, delta: 0.5) }),
            ("huber sum", { huberLoss($0, targets, reduction: .sum) }),
            ("smoothL1", { smoothL1Loss($0, targets, beta: 0.5, reduction: .none) }),
            ("L1", { smoothL1Loss($0, targets, beta: 0) }),
        ] as [(String, (Tensor<Double>) -> Tensor<Double>)] {
            #expect(checkGradient(of: loss, at: predictions).passed, "\(name)")
            #expect(checkGradient(of: { p, s in loss(p + s) }, at: predictions, shift).passed, "\(name) broadcast")
            #expect(checkSecondOrderGradient(of: { loss($0).sum() }, at: predictions).passed, "\(name) second order")
        }
        let leaf = predictions.requiringGrad()
        huberLoss(leaf, targets, delta: 0.5, reduction: .sum).backward()
        let clipped = zip(predictions.scalars, targets.scalars).map { (p: Double, t: Double) -> Double in Swift.min(Swift.max(p - t, -0.5), 0.5) }
        #expect(close(leaf.grad!.scalars, clipped))
    }

    @Test("KL divergence: y·(log y − x) with 0 at y = 0, batchmean divides by the batch, log targets agree")
    func klValues() {
        let input = Tensor<Double>.randomNormal(shape: [3, 4], seed: 1).logSoftmax(alongAxis: 1)
        let raw = Tensor<Double>.randomUniform(shape: [3, 4], seed: 2).scalars.enumerated().map { $0.offset == 5 ? 0 : $0.element }
        let y = Tensor<Double>(raw, shape: [3, 4]) / Tensor(raw.reduce(0, +) / 3)
        let terms = zip(y.scalars, input.scalars).map { (t: Double, x: Double) -> Double in t == 0 ? 0 : t * (Foundation.log(t) - x) }
        #expect(close(klDivergence(logProbabilities: input, targets: y, reduction: .none).scalars, terms))
        #expect(close(klDivergence(logProbabilities: input, targets: y).scalars, [terms.reduce(0, +) / 12]))
        #expect(close(klDivergence(logProbabilities: input, targets: y, reduction: .batchMean).scalars, [terms.reduce(0, +) / 3]))
        #expect(close(klDivergence(logProbabilities: input, targets: y, reduction: .sum).scalars, [terms.reduce(0, +)]))
        let positive = y + 0.01
        #expect(close(
            klDivergence(logProbabilities: input, targets: log(positive), targetsAreLogProbabilities: true, reduction: .none).scalars,
            klDivergence(logProbabilities: input, targets: positive, reduction: .none).scalars, 1e-13))
        // At a zero target, y·log y contributes 0 to the gradient (not NaN), leaving −x/N.
        let (_, slope) = valueWithGradient(at: y) { klDivergence(logProbabilities: input, targets: $0) }
        #expect(slope.scalars.allSatisfy { $0.isFinite } && Swift.abs(slope.scalars[5] + input.scalars[5] / 12) < 1e-15)
    }

    @Test("KL divergence gradients match finite differences in both arguments, to second order")
    func klGradients() {
        let input = Tensor<Double>.randomNormal(shape: [3, 4], seed: 3)
        let y = Tensor<Double>.randomUniform(shape: [3, 4], in: 0.1...0.9, seed: 4)
        let row = Tensor<Double>.randomUniform(shape: [4], in: 0.1...0.9, seed: 5)
        #expect(checkGradient(of: { x, t in klDivergence(logProbabilities: x, targets: t, reduction: .batchMean) }, at: input, y).passed)
        #expect(checkGradient(of: { x, t in
            klDivergence(logProbabilities: x, targets: t.broadcasted(to: [3, 4]), targetsAreLogProbabilities: true, reduction: .none)
        }, at: input, row).passed)
        #expect(checkSecondOrderGradient(of: { klDivergence(logProbabilities: $0.logSoftmax(alongAxis: 1), targets: y, reduction: .sum) }, at: input).passed)
    }

    @Test("batched Jacobians of the unreduced losses match finite differences")
    func jacobians() {
        #expect(checkJacobian(of: { huberLoss($0, targets, delta: 0.5, reduction: .none) }, at: predictions).passed)
        #expect(checkJacobian(of: { smoothL1Loss($0, targets, reduction: .none) }, at: predictions).passed)
        let y = Tensor<Double>.randomUniform(shape: [2, 3], in: 0.1...0.9, seed: 6)
        #expect(checkJacobian(of: { klDivergence(logProbabilities: $0, targets: y, reduction: .none) }, at: predictions).passed)
    }

    @Test("misuse: non-positive delta, negative beta, mismatched shapes")
    func misuse() {
        #expect(raises { _ = huberLoss(predictions, targets, delta: 0) })
        #expect(raises { _ = smoothL1Loss(predictions, targets, beta: -1) })
        #expect(raises { _ = huberLoss(predictions, .zeros([3])) })
        #expect(raises { _ = smoothL1Loss(predictions, .zeros([3, 2])) })
        #expect(raises { _ = klDivergence(logProbabilities: predictions, targets: .zeros([6])) })
    }
}

@Suite("meanSquaredError's reductions, as PyTorch's MSELoss(reduction=)")
struct MeanSquaredErrorReductionTests {
    @Test("reduction .none gives each squared error, .sum their sum, .mean their mean; gradients check")
    func reductions() {
        let squared = zip(predictions.scalars, targets.scalars).map { ($0 - $1) * ($0 - $1) }
        let none = meanSquaredError(predictions, targets, reduction: .none)
        #expect(none.shape == [2, 3])
        #expect(close(none.scalars, squared))
        #expect(close([meanSquaredError(predictions, targets, reduction: .sum).scalars[0]], [squared.reduce(0, +)]))
        #expect(close([meanSquaredError(predictions, targets).scalars[0]], [squared.reduce(0, +) / 6]))
        for reduction in [Reduction.none, .sum] {
            let report = checkGradient(of: { meanSquaredError($0, targets, reduction: reduction) }, at: predictions)
            #expect(report.passed, "\(reduction): \(report)")
        }
    }

    @Test("mismatched shapes are an error naming the reducing form")
    func mismatchedShapes() {
        do {
            try withErrorChecking { _ = meanSquaredError(predictions, targets.reshaped(to: [3, 2]), reduction: .none) }
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("meanSquaredError(_:_:reduction:)"))
            #expect("\(error)".contains("[2, 3]"))
        }
    }
}
