import Testing
@testable import Backprop

@Suite("Scattering with overwrite and reductions, as torch.scatter and scatter_reduce")
struct ScatteringTests {
    /// [[1, 2, 3], [4, 5, 6]]
    let target = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
    /// [[10, 20], [30, 40]]
    let source = Tensor<Double>([10, 20, 30, 40], shape: [2, 2])
    /// Row 0 sends both its elements to column 0; row 1 sends to columns 2 and 0.
    let indices = [0, 0, 2, 0]

    @Test("overwriting keeps the last element written to a position")
    func overwrite() {
        #expect(target.scattering(source, indices: indices, alongAxis: 1).scalars == [20, 2, 3, 40, 5, 30])
        let rows = Tensor<Double>.zeros([3, 2]).scattering(Tensor([1, 2], shape: [1, 2]), indices: [2, 0], alongAxis: 0)
        #expect(rows.scalars == [0, 2, 0, 0, 1, 0])
    }

    @Test("reductions combine with the tensor's own element, or replace it without includeSelf")
    func reductions() {
        let expected: [(ScatterReduction, Bool, [Double])] = [
            (.sum, true, [31, 2, 3, 44, 5, 36]), (.sum, false, [30, 2, 3, 40, 5, 30]),
            (.mean, true, [31.0 / 3, 2, 3, 22, 5, 18]), (.mean, false, [15, 2, 3, 40, 5, 30]),
            (.product, true, [200, 2, 3, 160, 5, 180]), (.product, false, [200, 2, 3, 40, 5, 30]),
            (.amax, true, [20, 2, 3, 40, 5, 30]), (.amin, true, [1, 2, 3, 4, 5, 6]), (.amin, false, [10, 2, 3, 40, 5, 30]),
        ]
        for (reduction, includeSelf, values) in expected {
            let result = target.scattering(source, indices: indices, alongAxis: 1, reduction: reduction, includeSelf: includeSelf)
            #expect(close(result.scalars, values), "\(reduction) includeSelf \(includeSelf): \(result.scalars)")
        }
        let nan = Tensor<Double>([1, 2]).scattering(Tensor([.nan]), indices: [1], alongAxis: 0, reduction: .amax)
        #expect(nan.scalars[1].isNaN)
    }

    @Test("gradients agree with finite differences for every reduction, with and without the tensor's own element")
    func gradientChecks() {
        let x = sample([2, 3], seed: 21), s = sample([2, 2], seed: 22)
        let overwrite = checkGradient(of: { $0.scattering($1, indices: indices, alongAxis: 1) }, at: x, s)
        #expect(overwrite.passed, "\(overwrite)")
        for reduction in ScatterReduction.allCases {
            for includeSelf in [true, false] {
                let report = checkGradient(
                    of: { $0.scattering($1, indices: indices, alongAxis: 1, reduction: reduction, includeSelf: includeSelf) }, at: x, s)
                #expect(report.passed, "\(reduction) includeSelf \(includeSelf): \(report)")
            }
        }
        let alongRows = checkGradient(
            of: { $0.scattering($1, indices: [2, 0, 2, 2], alongAxis: 0, reduction: .mean) }, at: sample([3, 2], seed: 23), sample([2, 2], seed: 24))
        #expect(alongRows.passed, "\(alongRows)")
    }

    @Test("the product's gradient is exact with zeros in the source or in the tensor")
    func productAtZeros() {
        let cases: [([Double], [Double])] = [([2, 3], [0, 5, 7]), ([0, 3], [4, 5, 7]), ([2, 3], [0, 0, 7]), ([0, 3], [0, 5, 0])]
        for (selfValues, sourceValues) in cases {
            for includeSelf in [true, false] {
                let report = checkGradient(
                    of: { $0.scattering($1, indices: [0, 0, 1], alongAxis: 0, reduction: .product, includeSelf: includeSelf) },
                    at: Tensor(selfValues), Tensor(sourceValues))
                #expect(report.passed, "\(selfValues) \(sourceValues) includeSelf \(includeSelf): \(report)")
            }
        }
        // x·s₀·s₁ at s₀ = 0: ∂/∂s₀ = x·s₁, ∂/∂s₁ = 0, ∂/∂x = 0.
        let x = Tensor<Double>([2], requiresGrad: true), s = Tensor<Double>([0, 5], requiresGrad: true)
        x.scattering(s, indices: [0, 0], alongAxis: 0, reduction: .product).sum().backward()
        #expect(s.grad!.scalars == [10, 0])
        #expect(x.grad!.scalars == [0])
    }

    @Test("tied maxima share the gradient evenly, as PyTorch's amax")
    func tiesShare() {
        let x = Tensor<Double>([1, 0], requiresGrad: true), s = Tensor<Double>([1, 1, -1], requiresGrad: true)
        x.scattering(s, indices: [0, 0, 1], alongAxis: 0, reduction: .amax).sum().backward()
        #expect(close(x.grad!.scalars, [1.0 / 3, 1]))
        #expect(close(s.grad!.scalars, [1.0 / 3, 1.0 / 3, 0]))
    }

    @Test("second derivatives of the reductions agree with finite differences")
    func secondOrder() {
        let x = sample([2, 3], seed: 25), s = sample([2, 2], seed: 26)
        for reduction in ScatterReduction.allCases {
            let report = checkSecondOrderGradient(of: { point in
                let (x, s) = (point[0..<6].reshaped(to: [2, 3]), point[6...].reshaped(to: [2, 2]))
                let scattered = x.scattering(s * s, indices: indices, alongAxis: 1, reduction: reduction)
                return (scattered * scattered).sum()
            }, at: Tensor.concatenated([x.reshaped(to: [6]), s.reshaped(to: [4])]))
            #expect(report.passed, "\(reduction): \(report)")
        }
    }

    @Test("indices out of range and sources that do not fit are reported")
    func misuse() {
        let range = raisedError { _ = target.scattering(source, indices: [0, 3, 0, 0], alongAxis: 1) }
        #expect(range?.description.contains("index 3 at position 1 is out of range for axis 1 of size 3") == true)
        let count = raisedError { _ = target.scattering(source, indices: [0], alongAxis: 1, reduction: .sum) }
        #expect(count?.kind == .shapeMismatch)
        let shape = raisedError { _ = target.scattering(.zeros([3, 2]), indices: [0, 0, 0, 0, 0, 0], alongAxis: 1) }
        #expect(shape?.description.contains("the source shape [3, 2]") == true)
    }
}
