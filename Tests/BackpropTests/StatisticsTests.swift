import Foundation
import Testing
@testable import Backprop

/// Σ(x − mean)² / (n − correction) of `values`, with plain loops.
private func loopVariance(_ values: [Double], correction: Int = 0) -> Double {
    var mean = 0.0
    for value in values { mean += value }
    mean /= Double(values.count)
    var squares = 0.0
    for value in values { squares += (value - mean) * (value - mean) }
    return squares / Double(values.count - correction)
}

@Suite("variance, standard deviation and norms match plain loops and finite differences")
struct StatisticsTests {
    @Test("variance and standard deviation along axes equal plain loops, population by default")
    func valuesMatchLoops() {
        let x = sample([3, 4], seed: 1)
        let rows = (0..<3).map { Array(x.scalars[($0 * 4)..<($0 * 4 + 4)]) }
        let columns = (0..<4).map { column in (0..<3).map { x.scalars[$0 * 4 + column] } }
        #expect(close(x.variance(alongAxes: 1).scalars, rows.map { loopVariance($0) }))
        #expect(close(x.variance(alongAxes: -1, correction: 1).scalars, rows.map { loopVariance($0, correction: 1) }))
        #expect(close(x.variance(alongAxes: [0], keepingDimensions: true).scalars, columns.map { loopVariance($0) }))
        #expect(x.variance(alongAxes: [0], keepingDimensions: true).shape == [1, 4])
        #expect(close(x.standardDeviation(alongAxes: 0).scalars, columns.map { loopVariance($0).squareRoot() }))
        #expect(close(x.standardDeviation(alongAxes: [1], correction: 1).scalars, rows.map { loopVariance($0, correction: 1).squareRoot() }))
        #expect(close(x.variance().scalars, [loopVariance(x.scalars)]))
        #expect(x.variance().shape == [])
        #expect(close(x.variance(correction: 1).scalars, [loopVariance(x.scalars, correction: 1)]))
        #expect(close(x.variance(alongAxes: [0, 1]).scalars, [loopVariance(x.scalars)]))
        #expect(close(x.standardDeviation().scalars, [loopVariance(x.scalars).squareRoot()]))
        #expect(Tensor<Double>([2, 4, 4, 4, 5, 5, 7, 9]).standardDeviation().scalar == 2)
    }

    @Test("norms equal the square root of the sum of squares")
    func normValues() {
        let x = sample([3, 4], seed: 2) - 1
        let values = x.scalars
        let rowNorms = (0..<3).map { (row: Int) -> Double in
            values[(row * 4)..<(row * 4 + 4)].reduce(0.0) { (sum: Double, value: Double) in sum + value * value }.squareRoot()
        }
        #expect(close(x.norm(alongAxes: 1).scalars, rowNorms))
        #expect(x.norm(alongAxes: [1], keepingDimensions: true).shape == [3, 1])
        #expect(close(x.norm().scalars, [x.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()]))
        #expect(close(x.norm(alongAxes: [0, 1]).scalars, x.norm().scalars))
        #expect(Tensor<Double>([3, 4]).norm().scalar == 5)
    }

    @Test("gradients match finite differences, for transposed inputs too")
    func gradients() {
        let x = sample([2, 3, 4], seed: 3)
        let cases: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("variance", { $0.variance() }), ("variance corrected", { $0.variance(correction: 1) }),
            ("variance axis 1", { $0.variance(alongAxes: 1) }),
            ("variance axes 0, 2 kept, corrected", { $0.variance(alongAxes: [0, 2], keepingDimensions: true, correction: 1) }),
            ("standardDeviation", { $0.standardDeviation() }),
            ("standardDeviation axis -1", { $0.standardDeviation(alongAxes: -1) }),
            ("standardDeviation axes 0, 1 corrected", { $0.standardDeviation(alongAxes: [0, 1], correction: 1) }),
            ("norm", { $0.norm() }), ("norm axis 2", { $0.norm(alongAxes: 2) }),
            ("norm axes 0, 1 kept", { $0.norm(alongAxes: [0, 1], keepingDimensions: true) }),
            ("variance of transposed", { $0.transposed().variance(alongAxes: 1) }),
            ("standardDeviation of transposed", { $0.transposed().standardDeviation(alongAxes: 0) }),
            ("norm of permuted", { $0.permuted(2, 0, 1).norm(alongAxes: 2) }),
        ]
        for (name, f) in cases {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("closed forms: ∂var/∂x = 2(x − mean)/N and ∂‖x‖/∂x = x/‖x‖")
    func closedForms() {
        let x = sample([5], seed: 4)
        let mean = x.scalars.reduce(0, +) / 5
        let leaf = x.requiringGrad()
        leaf.variance().backward()
        #expect(close(leaf.grad!.scalars, x.scalars.map { 2 * ($0 - mean) / 5 }, tolerance: 1e-14))
        let normLeaf = x.requiringGrad()
        normLeaf.norm().backward()
        let norm = x.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(close(normLeaf.grad!.scalars, x.scalars.map { $0 / norm }, tolerance: 1e-14))
    }

    @Test("at the zero vector the norm's gradient is 0, as in PyTorch; so is a constant's standard deviation's")
    func zeroSubgradient() {
        let zero = Tensor<Double>.zeros([3], requiresGrad: true)
        let norm = zero.norm()
        #expect(norm.scalar == 0)
        norm.backward()
        #expect(zero.grad!.scalars == [0, 0, 0])

        let rows = Tensor<Double>([0, 0, 3, 4], shape: [2, 2], requiresGrad: true)
        rows.norm(alongAxes: 1).sum().backward()
        #expect(close(rows.grad!.scalars, [0, 0, 0.6, 0.8], tolerance: 1e-15))

        let constant = Tensor<Double>([2, 2, 2], requiresGrad: true)
        let deviation = constant.standardDeviation()
        #expect(deviation.scalar == 0)
        deviation.backward()
        #expect(constant.grad!.scalars == [0, 0, 0])
    }

    @Test("a correction of N or more divides by zero, as in PyTorch")
    func correctionAtLeastCount() {
        #expect(Tensor<Double>([3]).variance(correction: 1).scalar!.isNaN)
        #expect(Tensor<Double>([1, 2]).variance(correction: 2).scalar! == .infinity)
    }

    @Test("misuse names the operation, the axis or the correction, and the fix")
    func misuse() {
        let x = Tensor<Double>.zeros([2, 3])
        let axisError = raisedError { _ = x.variance(alongAxes: 2) }
        #expect(axisError?.kind == .invalidAxis)
        #expect(axisError?.description == "variance(alongAxes:): axis 2 is out of range for a tensor of shape [2, 3] (rank 2). Use axes in -2..<2, each once.")
        #expect(raisedError { _ = x.standardDeviation(alongAxes: [-3]) }?.description.hasPrefix("standardDeviation(alongAxes:): axis -3 is out of range") == true)
        #expect(raisedError { _ = x.norm(alongAxes: 1, 1) }?.description.hasPrefix("norm(alongAxes:): axes [1, 1] name the same axis twice") == true)
        let correctionError = raisedError { _ = x.variance(correction: -1) }
        #expect(correctionError?.kind == .invalidArgument)
        #expect(correctionError?.description == "variance(): correction -1 is negative. Use 0 for the population variance (divide by N) or 1 for the sample variance (divide by N − 1).")
        #expect(raisedError { _ = x.standardDeviation(alongAxes: [0], correction: -2) }?.description.hasPrefix("standardDeviation(alongAxes:): correction -2 is negative") == true)
    }
}

@Suite("cumulativeSum runs along an axis and its gradient is the reversed running sum")
struct CumulativeSumTests {
    @Test("values equal plain running sums along every axis")
    func valuesMatchLoops() {
        let x = sample([2, 3, 4], seed: 5)
        let values = x.scalars
        for axis in 0..<3 {
            let strides = [12, 4, 1], shape = [2, 3, 4]
            var expected = values
            for index in 0..<24 where (index / strides[axis]) % shape[axis] > 0 {
                expected[index] = expected[index - strides[axis]] + values[index]
            }
            #expect(close(x.cumulativeSum(alongAxis: axis).scalars, expected), "axis \(axis)")
            #expect(close(x.cumulativeSum(alongAxis: axis - 3).scalars, expected), "axis \(axis - 3)")
        }
        #expect(Tensor<Double>([1, 2, 3, 4]).cumulativeSum(alongAxis: 0).scalars == [1, 3, 6, 10])
        #expect(Tensor<Double>([1, 2, 3, 4]).reverseCumulativeSum(alongAxis: 0).scalars == [10, 9, 7, 4])
        #expect(Tensor<Double>.zeros([2, 0]).cumulativeSum(alongAxis: 1).shape == [2, 0])
    }

    @Test("gradients match finite differences, for transposed inputs and the reverse primitive too")
    func gradients() {
        let x = sample([2, 3, 4], seed: 6)
        let cases: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("axis 0", { $0.cumulativeSum(alongAxis: 0) }), ("axis 1", { $0.cumulativeSum(alongAxis: 1) }),
            ("axis -1", { $0.cumulativeSum(alongAxis: -1) }),
            ("transposed", { $0.transposed().cumulativeSum(alongAxis: 1) }),
            ("reverse axis 1", { $0.reverseCumulativeSum(alongAxis: 1) }),
            ("twice", { $0.cumulativeSum(alongAxis: 2).cumulativeSum(alongAxis: 2) }),
        ]
        for (name, f) in cases {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("the gradient of a running sum is the running sum of g from the end")
    func closedForm() {
        let x = Tensor<Double>([1, 2, 3, 4], requiresGrad: true)
        x.cumulativeSum(alongAxis: 0).backward(seed: Tensor([1, 10, 100, 1000]))
        #expect(x.grad!.scalars == [1111, 1110, 1100, 1000])
    }

    @Test("an axis out of range names the axis and the shape")
    func badAxis() {
        let error = raisedError { _ = Tensor<Double>.zeros([2, 3]).cumulativeSum(alongAxis: 2) }
        #expect(error?.kind == .invalidAxis)
        #expect(error?.description == "cumulativeSum(alongAxis:): axis 2 is out of range for a tensor of shape [2, 3] (rank 2). Use axes in -2..<2, each once.")
    }
}
