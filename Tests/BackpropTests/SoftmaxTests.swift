import Foundation
import Testing
@testable import Backprop

/// Logits of moderate size, in a few shapes.
private func logits(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    Tensor<Double>.randomNormal(shape: shape, standardDeviation: 2, seed: seed)
}

/// log Σ exp over the rows (axis 1) of a row-major [rows, columns] matrix, with plain loops.
private func rowLogSumExp(_ values: [Double], rows: Int, columns: Int) -> [Double] {
    (0..<rows).map { row in
        let slice = values[(row * columns)..<((row + 1) * columns)]
        let largest = slice.max()!
        return largest + Foundation.log(slice.reduce(0) { $0 + Foundation.exp($1 - largest) })
    }
}

@Suite("softmax, logSoftmax and logSumExp are stable and differentiate correctly")
struct SoftmaxTests {
    @Test("values equal plain loops along either axis of a matrix")
    func valuesMatchLoops() {
        let x = logits([3, 4], seed: 1)
        let lse = rowLogSumExp(x.scalars, rows: 3, columns: 4)
        let expectedLog = (0..<12).map { x.scalars[$0] - lse[$0 / 4] }
        #expect(close(x.logSoftmax(alongAxis: 1).scalars, expectedLog))
        #expect(close(x.logSoftmax().scalars, expectedLog))
        #expect(close(x.softmax(alongAxis: -1).scalars, expectedLog.map { Foundation.exp($0) }))
        #expect(close(x.logSumExp(alongAxes: 1).scalars, lse))
        #expect(x.logSumExp(alongAxes: [1], keepingDimensions: true).shape == [3, 1])

        // Along axis 0: the same as along axis 1 of the transpose.
        let columns = x.transposed()
        let columnLse = rowLogSumExp(columns.scalars, rows: 4, columns: 3)
        #expect(close(x.logSumExp(alongAxes: 0).scalars, columnLse))
        #expect(close(x.softmax(alongAxis: 0).transposed().scalars, (0..<12).map { Foundation.exp(columns.scalars[$0] - columnLse[$0 / 3]) }))

        let whole = rowLogSumExp(x.scalars, rows: 1, columns: 12)[0]
        #expect(x.logSumExp().shape == [])
        #expect(close(x.logSumExp().scalars, [whole]))
        #expect(close(x.logSumExp(alongAxes: [0, 1]).scalars, [whole]))
    }

    @Test("each softmax slice is a probability distribution, along a middle axis too")
    func slicesSumToOne() {
        let s = logits([2, 5, 3], seed: 2).softmax(alongAxis: 1)
        let sums = s.sum(alongAxes: 1).scalars
        #expect(close(sums, [Double](repeating: 1, count: 6), tolerance: 1e-14))
        #expect(s.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("gradients match finite differences along every axis and for transposed inputs")
    func gradients() {
        let x = logits([2, 3, 4], seed: 3)
        let cases: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("softmax axis 0", { $0.softmax(alongAxis: 0) }), ("softmax axis 1", { $0.softmax(alongAxis: 1) }),
            ("softmax axis -1", { $0.softmax() }),
            ("logSoftmax axis 0", { $0.logSoftmax(alongAxis: 0) }), ("logSoftmax axis 1", { $0.logSoftmax(alongAxis: 1) }),
            ("logSoftmax axis -1", { $0.logSoftmax() }),
            ("logSumExp axis 1", { $0.logSumExp(alongAxes: 1) }),
            ("logSumExp axes 0, 2 kept", { $0.logSumExp(alongAxes: [0, 2], keepingDimensions: true) }),
            ("logSumExp all", { $0.logSumExp() }),
            ("softmax of transposed", { $0.transposed().softmax(alongAxis: 1) }),
            ("logSoftmax of transposed", { $0.transposed().logSoftmax() }),
            ("logSumExp of permuted", { $0.permuted(2, 0, 1).logSumExp(alongAxes: 1) }),
        ]
        for (name, f) in cases {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("the fused logSoftmax equals x − logSumExp in value and gradient")
    func fusedMatchesComposite() {
        let x = logits([3, 4, 5], seed: 4)
        let seed = Tensor<Double>.randomNormal(shape: [3, 4, 5], seed: 5)
        for axis in [0, 1, 2] {
            let fusedLeaf = x.requiringGrad(), compositeLeaf = x.requiringGrad()
            let fused = fusedLeaf.logSoftmax(alongAxis: axis)
            let composite = compositeLeaf - compositeLeaf.logSumExp(alongAxes: [axis], keepingDimensions: true)
            #expect(close(fused.scalars, composite.scalars), "axis \(axis)")
            fused.backward(seed: seed, retainGraph: true)
            composite.backward(seed: seed)
            #expect(close(fusedLeaf.grad!.scalars, compositeLeaf.grad!.scalars), "axis \(axis)")
        }
    }

    @Test("the Jacobian of softmax is diag(s) − s sᵀ")
    func softmaxJacobian() {
        let x = logits([5], seed: 6)
        let s = x.softmax().scalars
        for row in 0..<5 {
            let leaf = x.requiringGrad()
            var seed = [Double](repeating: 0, count: 5)
            seed[row] = 1
            leaf.softmax().backward(seed: Tensor(seed))
            let expected = (0..<5).map { column in (row == column ? s[row] : 0) - s[row] * s[column] }
            #expect(close(leaf.grad!.scalars, expected, tolerance: 1e-14), "row \(row)")
        }
    }

    @Test("logits of ±1e4 give finite values and finite gradients", arguments: [0, 1, 2])
    func extremeLogits(_ operation: Int) {
        let x = Tensor<Double>([1e4, -1e4, 0, 1e4 - 1, -1e4, 1e4, 2, -1e4], shape: [2, 4], requiresGrad: true)
        let outputs = [x.softmax(), x.logSoftmax(), x.logSumExp(alongAxes: 1)]
        let y = outputs[operation]
        #expect(y.scalars.allSatisfy { $0.isFinite }, "\(y.scalars)")
        y.backward(seed: .randomNormal(shape: y.shape, seed: 7))
        #expect(x.grad!.scalars.allSatisfy { $0.isFinite }, "\(x.grad!.scalars)")
        let e = Foundation.exp(-1.0)
        let logNormalizer = Foundation.log1p(e)
        let expected: [Double] = switch operation {
        case 0: [1 / (1 + e), 0, 0, e / (1 + e), 0, 1, 0, 0]
        case 1: [-logNormalizer, -2e4 - logNormalizer, -1e4 - logNormalizer, -1 - logNormalizer, -2e4, 0, 2 - 1e4, -2e4]
        default: [1e4 + logNormalizer, 1e4]
        }
        #expect(close(y.scalars, expected, tolerance: 1e-14), "\(y.scalars)")
    }

    @Test("Float logits of ±1e4 stay finite")
    func extremeFloatLogits() {
        let x = Tensor<Float>([1e4, -1e4, 0, 1e4], requiresGrad: true)
        let y = x.logSoftmax()
        #expect(y.scalars.allSatisfy { $0.isFinite })
        (y * Tensor<Float>([1, 2, 3, 4])).sum().backward()
        #expect(x.grad!.scalars.allSatisfy { $0.isFinite })
        #expect(x.softmax().scalars == [0.5, 0, 0, 0.5])
        #expect(x.logSumExp().scalar! == 1e4 + Float.log(2))
    }

    @Test("−∞ logits (masked entries) get probability 0; an all −∞ slice has logSumExp −∞")
    func infiniteLogits() {
        let x = Tensor<Double>([-.infinity, 0, 0, -.infinity, -.infinity, -.infinity], shape: [2, 3])
        let half: Double = 0.5, logHalf: Double = -Foundation.log(2), minusInfinity = -Double.infinity
        #expect(Array(x.softmax().scalars[0..<3]) == [0, half, half])
        #expect(Array(x.logSoftmax().scalars[0..<3]) == [minusInfinity, logHalf, logHalf])
        #expect(x.logSumExp(alongAxes: 1).scalars == [-logHalf, minusInfinity])
        #expect(Tensor<Double>([.infinity, 1]).logSumExp().scalar! == .infinity)
        #expect(Tensor<Double>.zeros([2, 0]).logSumExp(alongAxes: 1).scalars == [-.infinity, -.infinity])
    }

    @Test("an axis out of range names the operation, the axis and the shape")
    func badAxis() {
        let x = Tensor<Double>.zeros([2, 3])
        let softmaxError = raisedError { _ = x.softmax(alongAxis: 2) }
        #expect(softmaxError?.kind == .invalidAxis)
        #expect(softmaxError?.description == "softmax(alongAxis:): axis 2 is out of range for a tensor of shape [2, 3] (rank 2). Use axes in -2..<2, each once.")
        #expect(raisedError { _ = x.logSoftmax(alongAxis: -3) }?.description.hasPrefix("logSoftmax(alongAxis:): axis -3 is out of range") == true)
        #expect(raisedError { _ = x.logSumExp(alongAxes: [0, -2]) }?.description == "logSumExp(alongAxes:): axes [0, -2] name the same axis twice. Use axes in -2..<2, each once.")
        // A 0-d tensor has axis 0 (or −1) only, as in PyTorch.
        #expect(raisedError { _ = Tensor<Double>(1).softmax(alongAxis: 1) }?.kind == .invalidAxis)
    }
}
