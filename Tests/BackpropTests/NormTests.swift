import Foundation
import Testing
@testable import Backprop

@Suite("vectorNorm and matrixNorm follow torch.linalg and differentiate")
struct NormTests {
    @Test("vector p-norms match their definitions, along axes and of all elements")
    func vectorNorms() {
        let x = Tensor<Double>([3, -4, 0, 12], shape: [2, 2])
        #expect(vectorNorm(x).scalar == 13)
        #expect(vectorNorm(x, order: 1).scalar == 19)
        #expect(vectorNorm(x, order: .infinity).scalar == 12)
        #expect(vectorNorm(x, order: -.infinity).scalar == 0)
        #expect(vectorNorm(x, order: 0).scalar == 3)
        #expect(close([vectorNorm(x, order: 3).scalar!], [Foundation.pow(27.0 + 64 + 1728, 1.0 / 3)]))
        #expect(vectorNorm(x, alongAxes: [1]).scalars == [5, 12])
        #expect(vectorNorm(x, order: 1, alongAxes: [0], keepingDimensions: true).shape == [1, 2])
    }

    @Test("matrix norms match their definitions for stacks")
    func matrixNorms() {
        let a = Tensor<Double>([1, -2, 3, 4, 0, 0, 0, -5], shape: [2, 2, 2])
        #expect(close(matrixNorm(a).scalars, [Double(30).squareRoot(), 5]))
        #expect(matrixNorm(a, .maxColumnSum).scalars == [6, 5])
        #expect(matrixNorm(a, .maxRowSum).scalars == [7, 5])
        #expect(matrixNorm(a, .maxRowSum, keepingDimensions: true).shape == [2, 1, 1])
    }

    @Test("gradients match finite differences, to second order")
    func gradients() {
        let x = sample([2, 3], seed: 1) - 1
        let functions: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("2", { vectorNorm($0) }), ("1", { vectorNorm($0, order: 1, alongAxes: [1]) }),
            ("3", { vectorNorm($0, order: 3, alongAxes: [0]) }), ("inf", { vectorNorm($0, order: .infinity) }),
            ("fro", { matrixNorm($0) }), ("max column", { matrixNorm($0, .maxColumnSum) }), ("max row", { matrixNorm($0, .maxRowSum) }),
        ]
        for (name, f) in functions {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
        for (name, f) in functions.prefix(5) {
            let second = checkSecondOrderGradient(of: { f($0).sum() * f($0).sum() }, at: x, tolerance: 1e-5)
            #expect(second.passed, "\(name), second order: \(second)")
        }
        // The Euclidean norm of a zero vector has gradient 0, as PyTorch's.
        #expect(gradient(at: Tensor<Double>.zeros([3])) { vectorNorm($0) }.scalars == [0, 0, 0])
    }

    @Test("a NaN order and a vector given to matrixNorm are errors")
    func misuse() {
        #expect(raisedError { _ = vectorNorm(Tensor<Double>.ones([2]), order: .nan) }?.operation == "vectorNorm")
        #expect(raisedError { _ = matrixNorm(Tensor<Double>.ones([2])) }?.operation == "matrixNorm")
    }
}
