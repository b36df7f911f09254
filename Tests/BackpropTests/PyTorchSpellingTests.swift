import Foundation
import Testing
@testable import Backprop

@Suite("PyTorch's spellings: .T, item(), randn and rand")
struct PyTorchSpellingTests {
    @Test(".T transposes a matrix, leaves vectors and scalars alone, and its gradient is transposed back")
    func transpose() {
        let m = sample([2, 3], seed: 1)
        #expect(m.T.shape == [3, 2])
        #expect(m.T.scalars == m.permuted(1, 0).scalars)
        #expect(sample([4], seed: 2).T.scalars == sample([4], seed: 2).scalars)
        #expect(Tensor<Double>(5).T.shape == [])
        let weights = sample([3, 2], seed: 3)
        let report = checkGradient(of: { x in (x.T * weights).sum() }, at: m)
        #expect(report.passed, "\(report)")
    }

    @Test(".T of three axes is an error that points to transposed() and permuted(_:)")
    func transposeOfThreeAxes() {
        let error = raisedError { _ = Tensor<Double>.zeros([2, 3, 4]).T }
        #expect(error?.operation == ".T")
        #expect(error?.fix.contains("permuted([0, 2, 1])") == true, "\(String(describing: error))")
    }

    @Test("item() is the only element, as scalar is, and an error for more elements")
    func item() {
        #expect(Tensor<Double>([1, 2, 3]).sum().item() == 6)
        #expect(Tensor<Float>([7], shape: [1, 1]).item() == 7)
        let error = raisedError { _ = Tensor<Double>([1, 2]).item() }
        #expect(error?.operation == "item()")
        #expect(error?.problem.contains("2 elements") == true)
    }

    @Test("randn and rand repeat with their seed, differ between seeds, and have the right moments")
    func randomTensors() {
        let normal = Tensor<Double>.randn([100_000], seed: 42)
        #expect(normal.scalars == Tensor<Double>.randn([100_000], seed: 42).scalars)
        #expect(normal.scalars != Tensor<Double>.randn([100_000], seed: 43).scalars)
        let mean = normal.scalars.reduce(0, +) / 100_000
        let variance = normal.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 100_000
        // Standard errors of the mean and variance of 10⁵ draws: 0.003 and 0.0045; five of them.
        #expect(Swift.abs(mean) < 0.016, "mean \(mean)")
        #expect(Swift.abs(variance - 1) < 0.023, "variance \(variance)")
        let within = normal.scalars.filter { Swift.abs($0) < 1 }.count
        #expect(Swift.abs(Double(within) / 100_000 - 0.6827) < 0.008, "\(within) within one standard deviation")

        let uniform = Tensor<Float>.rand([2, 50_000], seed: 7)
        #expect(uniform.shape == [2, 50_000])
        #expect(uniform.scalars == Tensor<Float>.rand([2, 50_000], seed: 7).scalars)
        #expect(uniform.scalars.allSatisfy { (0..<1).contains($0) })
        let uniformMean = uniform.scalars.reduce(0, +) / 100_000
        #expect(Swift.abs(uniformMean - 0.5) < 0.005, "mean \(uniformMean)")
        #expect(Tensor<Double>.randn([2], seed: 1, requiresGrad: true).requiresGrad)
    }
}
