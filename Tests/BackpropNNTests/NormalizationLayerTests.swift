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

/// (v − mean)/√(var + ε) of a group of values, with the biased variance.
private func standardized(_ values: [Double], epsilon: Double = 1e-5) -> [Double] {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
    return values.map { ($0 - mean) / (variance + epsilon).squareRoot() }
}

/// The values of channel `c` of an [N, C, rest…] tensor, and their positions.
private func channel(_ c: Int, of x: Tensor<Double>) -> [Int] {
    let channels = x.shape[1], inner = x.count / (x.shape[0] * channels)
    return (0..<x.shape[0]).flatMap { n in (0..<inner).map { (n * channels + c) * inner + $0 } }
}

@Suite("LayerNorm and BatchNorm: PyTorch's statistics, running averages and modes")
struct NormalizationLayerTests {
    @Test("LayerNorm normalizes each sample over its trailing axes, then scales and shifts")
    func layerNormValues() {
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 4], seed: 1) * 3 + 1
        for normalizedShape in [[4], [3, 4]] {
            let norm = LayerNorm<Double>(normalizedShape: normalizedShape)
            let size = normalizedShape.reduce(1, *)
            norm.weight = .randomNormal(shape: normalizedShape, seed: 2)
            norm.bias = .randomNormal(shape: normalizedShape, seed: 3)
            var expected: [Double] = []
            for group in 0..<(24 / size) {
                let values = Array(x.scalars[(group * size)..<((group + 1) * size)])
                expected += zip(standardized(values), zip(norm.weight!.scalars, norm.bias!.scalars)).map { (v: Double, p: (Double, Double)) -> Double in v * p.0 + p.1 }
            }
            #expect(close(norm(x).scalars, expected), "\(normalizedShape)")
            #expect(norm.namedParameters.map(\.name) == ["weight", "bias"])
        }
        #expect(LayerNorm<Double>(normalizedShape: [4], elementwiseAffine: false).namedParameters.isEmpty)
        #expect(LayerNorm<Double>(normalizedShape: [4], bias: false).namedParameters.map(\.name) == ["weight"])
    }

    @Test("LayerNorm gradients match finite differences for input, weight and bias, and to second order")
    func layerNormGradients() {
        let x = Tensor<Double>.randomNormal(shape: [3, 4], seed: 4)
        let norm = LayerNorm<Double>(normalizedShape: [4])
        let report = checkGradient(of: { inputs in
            norm.weight = inputs[1]
            norm.bias = inputs[2]
            return norm(inputs[0])
        }, at: [x, .randomNormal(shape: [4], seed: 5), .randomNormal(shape: [4], seed: 6)])
        #expect(report.passed, "\(report)")
        let broadcast = checkGradient(of: { x, shift in norm(x + shift) }, at: x, .randomNormal(shape: [3, 1], seed: 7))
        #expect(broadcast.passed, "\(broadcast)")
        #expect(checkSecondOrderGradient(of: { sin(norm($0)).sum() }, at: x).passed)
        #expect(checkJacobian(of: { norm($0) }, at: x).passed)
    }

    @Test("BatchNorm1D in training: batch statistics out, running mean and unbiased variance updated with momentum")
    func batchNormTraining() {
        let norm = BatchNorm1D<Double>(featureCount: 3)
        let first = Tensor<Double>.randomNormal(shape: [5, 3], seed: 8) * 2 + 1
        let second = Tensor<Double>.randomNormal(shape: [5, 3], seed: 9) - 1
        let output = norm(first)
        _ = norm(second)
        var mean = [0.0, 0, 0], variance = [1.0, 1, 1]
        for batch in [first, second] {
            for c in 0..<3 {
                let values = channel(c, of: batch).map { batch.scalars[$0] }
                let m = values.reduce(0, +) / 5
                let unbiased = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 4
                mean[c] = 0.9 * mean[c] + 0.1 * m
                variance[c] = 0.9 * variance[c] + 0.1 * unbiased
            }
        }
        for c in 0..<3 {
            let positions = channel(c, of: first)
            #expect(close(positions.map { output.scalars[$0] }, standardized(positions.map { first.scalars[$0] })))
        }
        #expect(close(norm.runningMean!.scalars, mean))
        #expect(close(norm.runningVariance!.scalars, variance))
        #expect(norm.batchesTracked!.scalar == 2)
        #expect(norm.namedBuffers.map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
    }

    @Test("in evaluation BatchNorm uses the running statistics and leaves them unchanged")
    func batchNormEvaluation() {
        let norm = BatchNorm1D<Double>(featureCount: 2)
        _ = norm(Tensor<Double>.randomNormal(shape: [6, 2], seed: 10) * 3)
        norm.weight = Tensor([2, 0.5], requiresGrad: true)
        norm.bias = Tensor([1, -1], requiresGrad: true)
        norm.evaluate()
        let mean = norm.runningMean!.scalars, variance = norm.runningVariance!.scalars
        let x = Tensor<Double>([1, 2, 3, 4], shape: [2, 2])
        let scale: [Double] = [2, 0.5], shift: [Double] = [1, -1]
        var expected: [Double] = []
        for i in 0..<4 {
            let c = i % 2
            expected.append((x.scalars[i] - mean[c]) / (variance[c] + 1e-5).squareRoot() * scale[c] + shift[c])
        }
        #expect(close(norm(x).scalars, expected))
        #expect(norm.runningMean!.scalars == mean && norm.batchesTracked!.scalar == 1)
        // One sample is fine in evaluation, and the batch statistics would give 0 there.
        #expect(close(norm(x[0].unsqueezed(at: 0)).scalars, Array(expected[0..<2])))
    }

    @Test("BatchNorm2D normalizes each channel over batch, height and width; momentum nil averages all batches")
    func batchNorm2D() {
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 2, 2], seed: 11) + 2
        let norm = BatchNorm2D<Double>(featureCount: 3, momentum: nil)
        let output = norm(x)
        for c in 0..<3 {
            let positions = channel(c, of: x)
            #expect(close(positions.map { output.scalars[$0] }, standardized(positions.map { x.scalars[$0] })))
        }
        let y = Tensor<Double>.randomNormal(shape: [2, 3, 2, 2], seed: 12)
        _ = norm(y)
        let means = (0..<3).map { c in (channel(c, of: x).map { x.scalars[$0] } + channel(c, of: y).map { y.scalars[$0] }).reduce(0, +) / 16 }
        #expect(close(norm.runningMean!.scalars, means))
    }

    @Test("BatchNorm gradients match finite differences in training, to second order")
    func batchNormGradients() {
        let norm = BatchNorm2D<Double>(featureCount: 2)
        let x = Tensor<Double>.randomNormal(shape: [2, 2, 2, 3], seed: 13)
        #expect(checkGradient(of: { norm($0) }, at: x).passed)
        #expect(checkGradient(of: { x, s in norm(x * s) }, at: x, .randomNormal(shape: [1, 2, 1, 1], seed: 14)).passed)
        #expect(checkSecondOrderGradient(of: { sin(norm($0)).sum() }, at: x).passed)
        let untracked = BatchNorm1D<Double>(featureCount: 2, affine: false, trackRunningStatistics: false)
        untracked.evaluate()
        #expect(untracked.namedParameters.isEmpty && untracked.namedBuffers.isEmpty)
        #expect(close(untracked(Tensor([1, 5, 3, 9], shape: [2, 2])).scalars, [-1, -1, 1, 1], 1e-5))
    }

    @Test("misuse: LayerNorm of the wrong trailing shape, BatchNorm of the wrong channels or rank, one sample in training")
    func misuse() {
        #expect(raises { _ = LayerNorm<Double>(normalizedShape: [4])(.zeros([2, 3])) })
        #expect(raises { _ = BatchNorm1D<Double>(featureCount: 3)(.zeros([2, 4])) })
        #expect(raises { _ = BatchNorm2D<Double>(featureCount: 3)(.zeros([2, 3])) })
        #expect(raises { _ = BatchNorm1D<Double>(featureCount: 3)(.zeros([1, 3])) })
    }
}
